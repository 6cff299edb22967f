set( slaclock_tests_TESTS)
