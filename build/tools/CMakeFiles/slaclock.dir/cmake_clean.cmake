file(REMOVE_RECURSE
  "CMakeFiles/slaclock.dir/slaclock/cli_calendar.cpp.o"
  "CMakeFiles/slaclock.dir/slaclock/cli_calendar.cpp.o.d"
  "CMakeFiles/slaclock.dir/slaclock/cli_common.cpp.o"
  "CMakeFiles/slaclock.dir/slaclock/cli_common.cpp.o.d"
  "CMakeFiles/slaclock.dir/slaclock/main.cpp.o"
  "CMakeFiles/slaclock.dir/slaclock/main.cpp.o.d"
  "slaclock"
  "slaclock.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/slaclock.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
