"""The transcript store (SQLite or PostgreSQL), schema, migrations, transcript files. Counterpart and below."""
