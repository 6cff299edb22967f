# Empty dependencies file for slaclock_engine.
# This may be replaced when dependencies are built.
