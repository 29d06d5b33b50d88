"""Sources: every input of PML Guide loaded and validated once; checks and renderers read these, and this room imports neither."""
