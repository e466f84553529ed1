# Exports of a run file (JSON Lines, CSV, CloudEvents, sequence diagrams) and imports into one.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/compactrun.cpp ${CMAKE_CURRENT_LIST_DIR}/compactrun.h
    ${CMAKE_CURRENT_LIST_DIR}/exportformat.cpp ${CMAKE_CURRENT_LIST_DIR}/exportformat.h
    ${CMAKE_CURRENT_LIST_DIR}/runexporter.cpp ${CMAKE_CURRENT_LIST_DIR}/runexporter.h
    ${CMAKE_CURRENT_LIST_DIR}/runimporter.cpp ${CMAKE_CURRENT_LIST_DIR}/runimporter.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.cpp ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.h
    ${CMAKE_CURRENT_LIST_DIR}/storedrows.cpp ${CMAKE_CURRENT_LIST_DIR}/storedrows.h
)
