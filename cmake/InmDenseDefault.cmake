# The default dense eigen-solver of `modes` (issue 20): ELPA's 1-stage or 2-stage solver,
# whichever is faster with the ELPA this build links, measured once at configure time by
# cmake/elpa_stage_probe.c (a random symmetric matrix, n = INMVISC_DENSE_PROBE_N, one process,
# best of two runs each). -DINMVISC_DENSE_DEFAULT=elpa1|elpa2 sets it without measuring.
# Result: the compile definitions INM_MODES_DEFAULT_SOLVER ("elpa1" or "elpa2") and
# INM_DENSE_DEFAULT_WHY (how it was chosen, for `inmvisc info` and `-help`).
set(INMVISC_DENSE_DEFAULT "" CACHE STRING "Default dense solver of modes: elpa1 or elpa2 (empty: measure at configure time)")
set(INMVISC_DENSE_PROBE_N 1500 CACHE STRING "Matrix size of the configure-time ELPA measurement")

if(INMVISC_DENSE_DEFAULT)
  if(NOT INMVISC_DENSE_DEFAULT MATCHES "^elpa[12]$")
    message(FATAL_ERROR "inmvisc: INMVISC_DENSE_DEFAULT='${INMVISC_DENSE_DEFAULT}': elpa1 or elpa2")
  endif()
  set(INM_DENSE_DEFAULT ${INMVISC_DENSE_DEFAULT})
  set(INM_DENSE_DEFAULT_WHY "set at configure time (-DINMVISC_DENSE_DEFAULT=${INMVISC_DENSE_DEFAULT})")
elseif(DEFINED CACHE{INM_DENSE_PROBE_RESULT} AND INM_DENSE_PROBE_RESULT MATCHES "^elpa1 ")
  set(probe ${INM_DENSE_PROBE_RESULT}) # measured by an earlier configure of this build
else()
  # Open MPI's singleton start refuses root only under mpirun; the probe runs without it
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
  try_run(probe_rc probe_built ${CMAKE_BINARY_DIR}/elpa_stage_probe ${CMAKE_CURRENT_LIST_DIR}/elpa_stage_probe.c
    LINK_LIBRARIES PkgConfig::ELPA MPI::MPI_C
    COMPILE_OUTPUT_VARIABLE probe_compile RUN_OUTPUT_VARIABLE probe
    ARGS ${INMVISC_DENSE_PROBE_N})
  if(NOT probe_built)
    message(FATAL_ERROR "inmvisc: the ELPA probe (cmake/elpa_stage_probe.c) does not build:\n${probe_compile}")
  endif()
  string(STRIP "${probe}" probe)
  if(NOT probe_rc EQUAL 0 OR NOT probe MATCHES "^elpa1 ")
    message(FATAL_ERROR "inmvisc: the ELPA probe failed (exit ${probe_rc}): ${probe}\n(set -DINMVISC_DENSE_DEFAULT=elpa1 or elpa2 to skip it)")
  endif()
  set(INM_DENSE_PROBE_RESULT "${probe}" CACHE INTERNAL "ELPA 1- and 2-stage times of the configure-time probe")
endif()
if(NOT INMVISC_DENSE_DEFAULT)
  string(REGEX MATCH "^elpa1 ([0-9.]+) elpa2 ([0-9.]+) n ([0-9]+)" _ "${probe}")
  set(t1 ${CMAKE_MATCH_1})
  set(t2 ${CMAKE_MATCH_2})
  set(INM_DENSE_DEFAULT elpa1)
  if(t2 LESS t1) # CMake compares the decimal strings as numbers
    set(INM_DENSE_DEFAULT elpa2)
  endif()
  set(INM_DENSE_DEFAULT_WHY "measured at configure time: ELPA 1-stage ${t1} s, 2-stage ${t2} s for n = ${CMAKE_MATCH_3}, one process")
endif()
message(STATUS "inmvisc: default dense solver ${INM_DENSE_DEFAULT} (${INM_DENSE_DEFAULT_WHY})")
