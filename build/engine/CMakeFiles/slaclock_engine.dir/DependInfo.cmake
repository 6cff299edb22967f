
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/engine/src/calendar.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/calendar.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/calendar.cpp.o.d"
  "/work/main/engine/src/calendar_loader.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/calendar_loader.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/calendar_loader.cpp.o.d"
  "/work/main/engine/src/error.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/error.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/error.cpp.o.d"
  "/work/main/engine/src/holiday_expansion.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/holiday_expansion.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/holiday_expansion.cpp.o.d"
  "/work/main/engine/src/time_zone.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/time_zone.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/time_zone.cpp.o.d"
  "/work/main/engine/src/timestamp.cpp" "engine/CMakeFiles/slaclock_engine.dir/src/timestamp.cpp.o" "gcc" "engine/CMakeFiles/slaclock_engine.dir/src/timestamp.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
