file(REMOVE_RECURSE
  "CMakeFiles/slaclock_tests.dir/main.cpp.o"
  "CMakeFiles/slaclock_tests.dir/main.cpp.o.d"
  "slaclock_tests"
  "slaclock_tests.pdb"
  "slaclock_tests_tests-b858cb2.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/slaclock_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
