"""Chat-model seam, LLM voice and reader, prompts, tokens, judge, settings. May import scoring, store and below."""
