"""The `winwin` command, one module per group of subcommands. A face: imports any wing but app and bench."""
