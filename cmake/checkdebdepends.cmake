# CPack's post-build step for the .deb (cmake/packaging.cmake): the package depends on the packages that hold
# the Qt plugins the programs load at run time. dpkg-shlibdeps cannot see plugins; it lists these packages
# only because the programs also link their libraries. If one goes missing (a Qt that moves its plugins to a
# package of their own, as later Debian releases do), name it in CPACK_DEBIAN_PACKAGE_DEPENDS.
find_program(dpkg_deb dpkg-deb REQUIRED)
foreach(deb IN LISTS CPACK_PACKAGE_FILES)
    execute_process(COMMAND ${dpkg_deb} --field ${deb} Depends OUTPUT_VARIABLE depends COMMAND_ERROR_IS_FATAL ANY)
    foreach(package IN LISTS CPACK_EVENTLOOM_PLUGIN_PACKAGES)
        if(NOT depends MATCHES "(^|, )${package}( \\(|,|\n|$)")
            message(FATAL_ERROR "${deb} does not depend on ${package}, which holds Qt plugins the programs load "
                                "(Depends: ${depends}); add it to CPACK_DEBIAN_PACKAGE_DEPENDS in cmake/packaging.cmake")
        endif()
    endforeach()
    message(STATUS "${deb}: Depends: ${depends}")
endforeach()
