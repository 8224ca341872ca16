"""Policy, tactics, state, moves, the offline voice, session, transcript. May import reading, files; no LLM."""
