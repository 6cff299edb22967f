# Empty compiler generated dependencies file for slaclock.
# This may be replaced when dependencies are built.
