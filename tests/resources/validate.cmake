# Runs a validator on a generated file or an installed tree:
#     cmake -DVALIDATOR=TOOL [-DARGS=A;B] -DPACKAGE=DEBIAN_PACKAGE -DFILE=PATH -P validate.cmake
# Fails on the exit status and on any complaint, since both tools pass files with warnings: any output of
# desktop-file-validate; appstreamcli's errors, warnings and infos (E:, W:, I:), not its pedantic notes (P:).
find_program(validator ${VALIDATOR})
if(NOT validator)
    message(FATAL_ERROR "${VALIDATOR} is not installed: apt-get install ${PACKAGE} (scripts/common.sh installs it)")
endif()
if(NOT EXISTS "${FILE}")
    message(FATAL_ERROR "${FILE} does not exist: configure the project first")
endif()
if(VALIDATOR STREQUAL "appstreamcli")
    set(problem "(^|\n) *([EWI]: |✘)")
else()
    set(problem ".")
endif()
execute_process(COMMAND ${validator} ${ARGS} ${FILE} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${VALIDATOR} ${ARGS} ${FILE}:\n${output}")
if(NOT status EQUAL 0 OR output MATCHES "${problem}")
    message(FATAL_ERROR "${VALIDATOR} finds fault with ${FILE} (exit status ${status})")
endif()
