# The Help menu (issue 16): its dialogs, and what they show, compiled in so that they show it wherever
# the app runs: the user manual (docs/manual.md), the other documents and screenshots it links to, the
# README (its front door) and the LICENSE.
target_sources(eventloom_ui PRIVATE
    help/aboutdialog.cpp help/aboutdialog.h
    help/helpmenu.cpp help/helpmenu.h
    help/manualbrowser.cpp help/manualbrowser.h
    help/manualwindow.cpp help/manualwindow.h
    help/shortcutsdialog.cpp help/shortcutsdialog.h
)
file(GLOB EVENTLOOM_HELP_FILES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/docs/*.md ${PROJECT_SOURCE_DIR}/docs/screenshots/*.png)
qt_add_resources(eventloom_ui "eventloom_help"
    PREFIX "/"
    BASE ${PROJECT_SOURCE_DIR}
    FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md ${EVENTLOOM_HELP_FILES})
