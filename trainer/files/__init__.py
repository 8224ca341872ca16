"""Scenario and persona files, the library that loads them, lint, schemas, paths, deal-space math. Imports no wing."""
