"""Stage 0: names, settings, errors and the version, shared by every later stage."""
