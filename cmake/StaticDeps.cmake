# SAUATTY_STATIC_DEPS: link the C++ library, RE2, Boost.URL, libpsl, libidn2
# and libunistring into the programs from their static archives, so that a
# host start maps only the C library (libc, libm), GCC's unwinder
# (libgcc_s) and the loader.
#
# Why: the browser starts a host for every session, and with these six
# libraries shared the dynamic loader spent about 1 ms of every start's
# ~10 ms before main() (symbol look-ups and relocations of libstdc++ above
# all), and their file pages were ~1 MB of the host's RSS. Figures and the
# command in docs/BENCHMARKS.md, "Start-up".
#
# What it costs: a security fix Debian ships for one of these libraries
# reaches the host only when the package is rebuilt (docs/PACKAGING.md says
# when we do). libcurl stays shared, in the download module only.
#
# On by default on Linux only (the archives are Debian's; other systems'
# builds link as before). Off in sanitizer and fuzz builds (their runtimes
# want the shared C++ library), and available off for distributions that
# require shared linking.
#
# Use: include() before find_package(Boost) (it sets Boost_USE_STATIC_LIBS),
# call sauatty_link_static_deps() after the pkg-config look-ups, and
# sauatty_link_static_cxx(TARGET) for the host and each of its modules.

if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT SAUATTY_SANITIZE AND NOT SAUATTY_FUZZ_AFL)
  set(sauatty_static_default ON)
else()
  set(sauatty_static_default OFF)
endif()
option(SAUATTY_STATIC_DEPS
  "Link libstdc++, RE2, Boost.URL, libpsl, libidn2 and libunistring statically (faster host start; cmake/StaticDeps.cmake)"
  ${sauatty_static_default})
if(SAUATTY_STATIC_DEPS AND (SAUATTY_SANITIZE OR SAUATTY_FUZZ_AFL))
  message(STATUS "SAUATTY_STATIC_DEPS turned off: a sanitizer or fuzz build links the shared libraries")
  set(SAUATTY_STATIC_DEPS OFF CACHE BOOL "" FORCE)
endif()

if(SAUATTY_STATIC_DEPS)
  set(Boost_USE_STATIC_LIBS ON)
endif()

# The archive lib<name>.a in the system's library folders, or a clear stop
# naming the Debian package that carries it.
function(sauatty_static_archive variable name package)
  find_library(${variable} NAMES lib${name}.a NO_CACHE)
  if(NOT ${variable})
    message(FATAL_ERROR "SAUATTY_STATIC_DEPS: lib${name}.a not found; install ${package} "
                        "(scripts/setup.sh does) or configure with -DSAUATTY_STATIC_DEPS=OFF")
  endif()
  set(${variable} ${${variable}} PARENT_SCOPE)
endfunction()

# Points the pkg-config targets at the archives (with the archives they need
# themselves, in link order). The C++ library itself is linked statically
# only into the host and its modules (sauatty_link_static_cxx), not into
# tests and benchmarks that load other shared C++ libraries (Google
# Benchmark's), so that no process holds two copies of it. Modules keep
# their copy's symbols to themselves (--exclude-libs), so that nothing they
# export can stand in for the host's. GCC's unwinder stays shared (libgcc_s.so.1, no -static-libgcc):
# the C library loads that one to unwind through its own frames (an
# exception thrown inside std::call_once passes through pthread_once), and a
# second, static unwinder in the program aborts there instead
# (tests/engine/filter_regex_oom_test.cpp throws exactly that way).
function(sauatty_link_static_deps)
  if(NOT SAUATTY_STATIC_DEPS)
    return()
  endif()
  sauatty_static_archive(re2_archive re2 libre2-dev)
  sauatty_static_archive(psl_archive psl libpsl-dev)
  sauatty_static_archive(idn2_archive idn2 libidn2-dev)
  sauatty_static_archive(unistring_archive unistring libunistring-dev)
  set_property(TARGET PkgConfig::RE2 PROPERTY INTERFACE_LINK_LIBRARIES ${re2_archive} Threads::Threads)
  set_property(TARGET PkgConfig::IDN2 PROPERTY INTERFACE_LINK_LIBRARIES ${idn2_archive} ${unistring_archive})
  set_property(TARGET PkgConfig::PSL PROPERTY INTERFACE_LINK_LIBRARIES
    ${psl_archive} ${idn2_archive} ${unistring_archive})
endfunction()

# The host executable or one of its modules: its C++ library linked in.
function(sauatty_link_static_cxx target)
  if(NOT SAUATTY_STATIC_DEPS)
    return()
  endif()
  target_link_options(${target} PRIVATE -static-libstdc++)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "MODULE_LIBRARY")
    target_link_options(${target} PRIVATE LINKER:--exclude-libs,ALL)
  endif()
endfunction()
