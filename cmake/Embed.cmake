# Compiles data files into the library as byte arrays, looked up by file name at run time.
function(praksis_embed target out)
  set(inputs ${ARGN})
  string(REPLACE ";" "|" joined "${inputs}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DINPUTS=${joined}" "-DNS=${PRAKSIS_EMBED_NS}" -P ${CMAKE_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${inputs} ${CMAKE_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding reference data"
    VERBATIM)
endfunction()
