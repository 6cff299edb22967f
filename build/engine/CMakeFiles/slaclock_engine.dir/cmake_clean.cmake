file(REMOVE_RECURSE
  "CMakeFiles/slaclock_engine.dir/src/calendar.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/calendar.cpp.o.d"
  "CMakeFiles/slaclock_engine.dir/src/calendar_loader.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/calendar_loader.cpp.o.d"
  "CMakeFiles/slaclock_engine.dir/src/error.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/error.cpp.o.d"
  "CMakeFiles/slaclock_engine.dir/src/holiday_expansion.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/holiday_expansion.cpp.o.d"
  "CMakeFiles/slaclock_engine.dir/src/time_zone.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/time_zone.cpp.o.d"
  "CMakeFiles/slaclock_engine.dir/src/timestamp.cpp.o"
  "CMakeFiles/slaclock_engine.dir/src/timestamp.cpp.o.d"
  "libslaclock_engine.a"
  "libslaclock_engine.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/slaclock_engine.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
