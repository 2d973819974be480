# The kiosk's real window path under Xvfb (issue #7): fullscreen on the X screen, the cursor
# hidden after 3 s without movement, keys other than the quit chord (Escape, Alt+F4, Ctrl+Q)
# ignored, and the configured chord (the tour's ctrl+shift+q) ending the program with status 0.
# Keys are sent with xdotool (XTEST: real X input events). A screenshot of the root window
# shows the kiosk filling the screen.
# Variables: XVFB_RUN, XDOTOOL, IMPORT, BIODASH, TOUR, CHECK, OUT, WORK.
file(REMOVE ${OUT})
file(MAKE_DIRECTORY ${WORK})
set(script ${WORK}/kiosk_window.sh)
file(WRITE ${script} "
set -u
\"${BIODASH}\" --kiosk \"${TOUR}\" 2> \"${WORK}/kiosk_stderr.txt\" &
pid=$!
sleep 8
kill -0 $pid || { echo 'kiosk died at start'; exit 11; }
\"${IMPORT}\" -window root \"${OUT}\" || exit 12
\"${XDOTOOL}\" key Escape; \"${XDOTOOL}\" key alt+F4; \"${XDOTOOL}\" key ctrl+q
sleep 2
kill -0 $pid || { echo 'kiosk quit on a key other than its chord'; exit 13; }
\"${XDOTOOL}\" key ctrl+shift+q
for i in $(seq 1 40); do kill -0 $pid 2>/dev/null || break; sleep 0.25; done
if kill -0 $pid 2>/dev/null; then echo 'the quit chord did not end the kiosk'; kill $pid; exit 14; fi
wait $pid
echo kiosk_rc=$?
")
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" sh ${script}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
file(READ ${WORK}/kiosk_stderr.txt kerr)
message("${out}\n${err}\nkiosk stderr:\n${kerr}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "kiosk window run failed (${rc})")
endif()
if(NOT out MATCHES "kiosk_rc=0")
  message(FATAL_ERROR "the kiosk did not exit with status 0 after its chord")
endif()
if(NOT kerr MATCHES "cursor hidden")
  message(FATAL_ERROR "the cursor was not hidden after 3 s without movement")
endif()
# Fullscreen: the root window (1280x720) is covered by the kiosk, not by Xvfb's black.
execute_process(COMMAND ${CHECK} ${OUT} 20 1280 720 RESULT_VARIABLE crc)
if(NOT crc EQUAL 0)
  message(FATAL_ERROR "screenshot check failed for ${OUT}")
endif()
