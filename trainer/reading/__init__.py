"""What a trainee message means: acts, numbers, terms, refusals, relative offers. May import files."""
