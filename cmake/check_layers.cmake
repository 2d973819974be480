# Fails the build when a source file under SRC includes a project header of a layer it may not
# use (docs/design.md, "Layers"). Run by the biodash_layer_check target on every build:
#   cmake -DSRC=<repo>/src -P check_layers.cmake
# Each layer may include its own headers and those of the layers listed for it. System and
# third-party headers are kept out by the targets' link lines instead (GDAL's headers are only
# on io's include path, ImGui's only on ui's and above, GL's only on render's and above).
set(ALLOWED_core      core)
set(ALLOWED_io        core io)
set(ALLOWED_render    core render)
set(ALLOWED_workspace core io render workspace)
set(ALLOWED_ui        core io render workspace ui)
set(ALLOWED_kiosk     core io render workspace ui kiosk)
set(ALLOWED_app       core io render workspace ui kiosk app)

set(bad "")
foreach(layer core io render workspace ui kiosk app)
  file(GLOB_RECURSE files ${SRC}/${layer}/*.cpp ${SRC}/${layer}/*.hpp)
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]+\"[a-z_]+/")
    foreach(line ${lines})
      string(REGEX MATCH "\"([a-z_]+)/[^\"]*\"" inc "${line}")
      set(target_layer ${CMAKE_MATCH_1})
      # Only project layers are checked (a "glad/gl.h" or "stb/..." is not one of ours).
      if(DEFINED ALLOWED_${target_layer})
        list(FIND ALLOWED_${layer} ${target_layer} ok)
        if(ok EQUAL -1)
          file(RELATIVE_PATH rel ${SRC} ${f})
          string(APPEND bad "  src/${rel} includes ${inc}: ${layer} may include only ${ALLOWED_${layer}}\n")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "Layer direction violated (docs/design.md, Layers):\n${bad}")
endif()
