# What `cmake --install` and `cpack -G DEB` ship: the program, the shipped
# data (calendars, rules, KVI settings, the sample) under share/slaclock, the
# documents, a man page made by help2man from the program's own help, and
# bash completion. The data folder is found at run time (base/paths.h):
# --data-dir, $SLACLOCK_HOME, share/slaclock next to the program, this
# prefix's share/slaclock, the source tree.
include(GNUInstallDirs)
set(SLACLOCK_SHARE_DIR "${CMAKE_INSTALL_DATADIR}/slaclock")
target_compile_definitions(slaclock_engine PRIVATE SLACLOCK_INSTALLED_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/slaclock")

# --version names the git revision: regenerated at every build, rewritten only when it changes.
set(SLACLOCK_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
add_custom_target(slaclock_build_info
  COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
          -DOUT=${SLACLOCK_GENERATED_DIR}/slaclock_build_info.h -P ${CMAKE_SOURCE_DIR}/cmake/build_info.cmake
  BYPRODUCTS "${SLACLOCK_GENERATED_DIR}/slaclock_build_info.h"
  COMMENT "git revision for slaclock --version" VERBATIM)
add_dependencies(slaclock slaclock_build_info)
target_include_directories(slaclock PRIVATE "${SLACLOCK_GENERATED_DIR}")

# The man page, from the program's own --help and every command's (packaging/man_help.sh), by help2man.
find_program(SLACLOCK_HELP2MAN help2man)
if(SLACLOCK_HELP2MAN)
  add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/slaclock.1"
    COMMAND "${CMAKE_COMMAND}" -E env SLACLOCK_HOME=/usr/share/slaclock SLACLOCK=$<TARGET_FILE:slaclock>
            "${SLACLOCK_HELP2MAN}" --no-info --help-option=--help --version-option=--version
            "--name=SLA clocks on business-day calendars for the DSC KVI framework"
            "--include=${CMAKE_SOURCE_DIR}/packaging/slaclock.h2m"
            "--output=${CMAKE_BINARY_DIR}/slaclock.1" "${CMAKE_SOURCE_DIR}/packaging/man_help.sh"
    DEPENDS slaclock "${CMAKE_SOURCE_DIR}/packaging/slaclock.h2m" "${CMAKE_SOURCE_DIR}/packaging/man_help.sh"
    COMMENT "man page slaclock.1 (help2man)" VERBATIM)
  # Installed gzipped, as Debian policy and lintian want (-n: no name or time
  # stamp, so the same page gives the same bytes).
  add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/slaclock.1.gz"
    COMMAND sh -c "gzip -9n -c slaclock.1 > slaclock.1.gz"
    DEPENDS "${CMAKE_BINARY_DIR}/slaclock.1"
    WORKING_DIRECTORY "${CMAKE_BINARY_DIR}"
    COMMENT "man page slaclock.1.gz" VERBATIM)
  add_custom_target(slaclock_man ALL DEPENDS "${CMAKE_BINARY_DIR}/slaclock.1.gz")
  install(FILES "${CMAKE_BINARY_DIR}/slaclock.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man)")
endif()

install(TARGETS slaclock slaclock-generate RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY calendars DESTINATION "${SLACLOCK_SHARE_DIR}" FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY config/rules DESTINATION "${SLACLOCK_SHARE_DIR}/config" FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY config/kvi DESTINATION "${SLACLOCK_SHARE_DIR}/config" FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY config/import DESTINATION "${SLACLOCK_SHARE_DIR}/config" FILES_MATCHING PATTERN "*.yaml")
install(FILES samples/sample-events.jsonl samples/README.md DESTINATION "${SLACLOCK_SHARE_DIR}/samples")
install(PROGRAMS tools/demo.sh DESTINATION "${SLACLOCK_SHARE_DIR}")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY docs DESTINATION "${CMAKE_INSTALL_DOCDIR}" FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
install(FILES packaging/slaclock.bash DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
        RENAME slaclock)

# cpack -G DEB: a Debian package installing under /usr.
set(CPACK_PACKAGE_NAME slaclock)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SLA clocks on business-day calendars for the DSC KVI framework")
set(CPACK_PACKAGE_DESCRIPTION
    "slaclock keeps the timelines of customer contacts, data breaches and missed KPIs in an append-only, hash-chained SQLite database, judges every SLA clock against a business-day calendar, and computes the monthly KVI scorecard.")
set(CPACK_PACKAGE_CONTACT "slaclock maintainers <slaclock@example.org>")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libsqlite3, libyaml-cpp, libssl, libstdc++ from the binary
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
include(CPack)
