"""The scorecard: discovery, listening, gain, tactic handling, coaching. May import counterpart and below."""
