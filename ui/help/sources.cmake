# The Help menu (issue 16): its dialogs, and the files they show compiled into the library.
target_sources(eventloom_ui PRIVATE
    help/aboutdialog.cpp help/aboutdialog.h
    help/helpmenu.cpp help/helpmenu.h
    help/shortcutsdialog.cpp help/shortcutsdialog.h
)
qt_add_resources(eventloom_ui "eventloom_help"
    PREFIX "/"
    BASE ${PROJECT_SOURCE_DIR}
    FILES ${PROJECT_SOURCE_DIR}/LICENSE)
