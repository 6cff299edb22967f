tools/CMakeFiles/slaclock-bench.dir/bench/bench_main.cpp.o: \
 /work/main/tools/bench/bench_main.cpp /usr/include/stdc-predef.h
