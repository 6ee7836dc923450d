# sauatty_library(NAME SOURCES... DEPS...)
#   One library per native-host/ folder. Include paths are rooted at
#   native-host/ so that code says #include "url/url.h".
function(sauatty_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/native-host)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# sauatty_test(NAME SOURCES... DEPS...)
#   The one way a GoogleTest suite is registered. Every test gets the
#   SAUATTY_SHARED_DATA, SAUATTY_RULES_DIR and SAUATTY_HOST_BINARY
#   environment variables so that tests find real data, the embedded
#   rules and the real executable without guessing paths, and
#   SAUATTY_SANITIZED=1 in a SAUATTY_SANITIZE build (where memory bounds
#   measured on the real host cannot hold: the shadow memory counts too),
#   and SAUATTY_OFFLINE=1: no host a test starts downloads the default
#   lists or updates by itself (store/list_sources.h); a test of updates
#   names its own 127.0.0.1 server and sets SAUATTY_OFFLINE=0 for its host.
#   XDG_CACHE_HOME and XDG_CONFIG_HOME point into the build folder
#   (test-home/), so a host a test starts never reads the user's own
#   sources.json nor shares a compiled cache with another build's host
#   (whose format may differ); a test that needs its own sets its own.
#
#   With SAUATTY_DISCOVER_TESTS (the default), each test of the suite is a
#   ctest test of its own, named "<suite>.<Fixture>.<Test>"
#   (gtest_discover_tests, when ctest starts), so that ctest lists, times
#   and reruns single tests; `ctest -R <suite>` still picks a whole suite.
#   Every test then starts its own process, which costs CI little
#   (docs/BENCHMARKS.md, "ctest: a process a test").
function(sauatty_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  set(environment
    "SAUATTY_SHARED_DATA=${SAUATTY_SHARED_DATA}"
    "SAUATTY_RULES_DIR=${PROJECT_SOURCE_DIR}/rules"
    "SAUATTY_HOST_BINARY=$<TARGET_FILE:sauatty-host>"
    "SAUATTY_SANITIZED=$<BOOL:${SAUATTY_SANITIZE}>"
    "SAUATTY_OFFLINE=1"
    "XDG_CACHE_HOME=${PROJECT_BINARY_DIR}/test-home/cache"
    "XDG_CONFIG_HOME=${PROJECT_BINARY_DIR}/test-home/config")
  if(SAUATTY_DISCOVER_TESTS)
    # gtest_discover_tests splits a list-valued PROPERTIES value (the
    # environment), so each test runs under `cmake -E env` instead. CMake
    # 3.29's policy CMP0158 (NEW) would ignore the emulator when not cross
    # compiling and silently drop the environment (tests online, in the
    # user's own ~/.cache): refuse rather than run that way.
    if(POLICY CMP0158)
      cmake_policy(GET CMP0158 sauatty_cmp0158)
      if(sauatty_cmp0158 STREQUAL "NEW")
        message(FATAL_ERROR "sauatty_test: with CMP0158 NEW the tests' environment needs TEST_LAUNCHER; "
                            "configure with -DSAUATTY_DISCOVER_TESTS=OFF")
      endif()
    endif()
    set_property(TARGET ${name} PROPERTY CROSSCOMPILING_EMULATOR
      ${CMAKE_COMMAND} -E env ${environment})
    gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_MODE PRE_TEST
      DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
  else()
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${environment}" TIMEOUT 600)
  endif()
endfunction()
