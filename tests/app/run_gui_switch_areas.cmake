# The real window, driven by `biodash --script`: the demo's thematic map (species richness) on the
# BiodiverCity sites, then the Areas switched to the CBS neighbourhoods. CHECK
# (switch_areas_check.cpp) then reads the PNG exports' metadata, the CSV and the window's state
# dumps: the export after the switch describes the neighbourhoods only and the sites layer has
# lost its classes (before issue 11 the sites kept them and the legend kept naming them).
# Variables: XVFB_RUN, BIODASH, CHECK, DEMO_GPKG, OUT (a folder, emptied first).
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/home)
file(WRITE ${OUT}/script.txt
"wait_idle
area biodiversity_sites
metric n_species
wait_idle
export_png ${OUT}/sites.png 960 540
dump_state ${OUT}/state_sites.txt
area buurten
wait_idle
export_png ${OUT}/buurten.png 960 540
export_csv ${OUT}/buurten.csv
dump_state ${OUT}/state_buurten.txt
screenshot ${OUT}/window.png
quit
")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env HOME=${OUT}/home XDG_CONFIG_HOME=
          ${XVFB_RUN} -a -s "-screen 0 1440x900x24" ${BIODASH} --script ${OUT}/script.txt
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 400)
message("${out}")
message("${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "biodash --script exited with '${rc}'")
endif()
execute_process(COMMAND ${CHECK} ${DEMO_GPKG} ${OUT} RESULT_VARIABLE crc)
if(NOT crc EQUAL 0)
  message(FATAL_ERROR "the exports after switching areas do not describe the new areas")
endif()
