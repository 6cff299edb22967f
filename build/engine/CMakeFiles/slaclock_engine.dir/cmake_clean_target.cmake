file(REMOVE_RECURSE
  "libslaclock_engine.a"
)
