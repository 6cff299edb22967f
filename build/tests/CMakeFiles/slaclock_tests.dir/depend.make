# Empty dependencies file for slaclock_tests.
# This may be replaced when dependencies are built.
