# Runs biodash under Xvfb for FRAMES frames with a screenshot, then checks the PNG.
# Variables: XVFB_RUN, BIODASH, CHECK, OUT, FRAMES, MIN_COLOURS, FILES (optional list),
# EXPECT_STDERR (optional text that must appear on stderr).
file(REMOVE ${OUT})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24"
          ${BIODASH} ${FILES} --smoke-frames ${FRAMES} --screenshot ${OUT}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  TIMEOUT 150)
message("${out}")
message("${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "biodash exited with '${rc}'")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "no screenshot at ${OUT}")
endif()
if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "expected a message naming '${EXPECT_STDERR}' on stderr")
endif()
execute_process(COMMAND ${CHECK} ${OUT} ${MIN_COLOURS} RESULT_VARIABLE crc)
if(NOT crc EQUAL 0)
  message(FATAL_ERROR "screenshot check failed for ${OUT}")
endif()
