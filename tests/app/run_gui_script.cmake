# Drives the real biodash window under Xvfb with a UI script (biodash --script): load the demo,
# filter a taxon, move the time slider, select a site, export PNG/CSV/GeoPackage/site report,
# save the view, switch to Dutch, take a screenshot; then checks the files with CHECK, which
# counts the demo observations itself with GDAL/OGR. Then `biodash --session` reopens the saved
# view and exports the table again: it must be the same file (filter, time, area restored).
# Variables: XVFB_RUN, BIODASH, CHECK, DEMO_GPKG, OUT (a folder, emptied first).
set(TAXON "Turdus merula")
set(END_DATE 2021-06-30)
set(WINDOW 365)
set(SITE "Leidse Hout")
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/home)
file(WRITE ${OUT}/script.txt
"# scripted UI test (tests/app/run_gui_script.cmake)
wait_idle
area biodiversity_sites
taxon ${TAXON}
time ${END_DATE} ${WINDOW}
wait_idle
select ${SITE}
wait_idle
export_png ${OUT}/map.png 1280 720
export_csv ${OUT}/table.csv
export_gpkg ${OUT}/table.gpkg
export_report ${OUT}/report.png
export_report ${OUT}/report.pdf
save_session ${OUT}/view.biodash
language nl
wait_idle
screenshot ${OUT}/window.png
quit
")
# Runs biodash in a 1440x900 Xvfb window with ARGN, prints what it wrote, fails the test with
# WHAT when it does not exit with 0. HOME points into OUT: the recent-files list is written
# there, not in the real home.
function(run_window what)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env HOME=${OUT}/home XDG_CONFIG_HOME=
            ${XVFB_RUN} -a -s "-screen 0 1440x900x24" ${BIODASH} ${ARGN}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    TIMEOUT 400)
  message("${out}")
  message("${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} exited with '${rc}'")
  endif()
endfunction()

run_window("biodash --script" --script ${OUT}/script.txt)
if(NOT EXISTS ${OUT}/home/.config/biodash/recent.txt)
  message(FATAL_ERROR "save_session did not record the view in the recent-files list")
endif()
execute_process(
  COMMAND ${CHECK} ${DEMO_GPKG} biodiversity_sites ${TAXON} ${END_DATE} ${WINDOW} ${OUT} 1280 720
  RESULT_VARIABLE crc)
if(NOT crc EQUAL 0)
  message(FATAL_ERROR "the exported files do not match the independent count")
endif()

# Reopen the saved view (English again: the session was saved before `language nl`).
file(WRITE ${OUT}/reopen.txt "wait_idle\nexport_csv ${OUT}/table_reopened.csv\nquit\n")
run_window("biodash --session --script" --session ${OUT}/view.biodash --script ${OUT}/reopen.txt)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/table.csv
                        ${OUT}/table_reopened.csv RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "the reopened view gives another table than the saved one")
endif()
