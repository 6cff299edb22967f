# Empty compiler generated dependencies file for slaclock-bench.
# This may be replaced when dependencies are built.
