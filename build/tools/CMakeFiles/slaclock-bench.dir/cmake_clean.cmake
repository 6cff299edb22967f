file(REMOVE_RECURSE
  "CMakeFiles/slaclock-bench.dir/bench/bench_main.cpp.o"
  "CMakeFiles/slaclock-bench.dir/bench/bench_main.cpp.o.d"
  "slaclock-bench"
  "slaclock-bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/slaclock-bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
