"""`winwin bench`: speed and memory figures, one module per bench. A face: imports any wing but app and cli."""
