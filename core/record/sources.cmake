# Run recording: SQLite run files (schema and migrations, a writer thread behind a bounded queue) and
# reading them back for review and replay. The sqlite3 C API directly (house style, point 9).
find_path(SQLITE3_INCLUDE_DIR sqlite3.h REQUIRED)
find_library(SQLITE3_LIBRARY NAMES sqlite3 REQUIRED)
find_package(Threads REQUIRED)
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/blocktext.cpp ${CMAKE_CURRENT_LIST_DIR}/blocktext.h
    ${CMAKE_CURRENT_LIST_DIR}/headlessrun.cpp ${CMAKE_CURRENT_LIST_DIR}/headlessrun.h
    ${CMAKE_CURRENT_LIST_DIR}/jsontext.cpp ${CMAKE_CURRENT_LIST_DIR}/jsontext.h
    ${CMAKE_CURRENT_LIST_DIR}/messageblock.cpp ${CMAKE_CURRENT_LIST_DIR}/messageblock.h
    ${CMAKE_CURRENT_LIST_DIR}/messageblockreader.cpp ${CMAKE_CURRENT_LIST_DIR}/messageblockreader.h
    ${CMAKE_CURRENT_LIST_DIR}/recordbatch.h
    ${CMAKE_CURRENT_LIST_DIR}/recordformats.cpp ${CMAKE_CURRENT_LIST_DIR}/recordformats.h
    ${CMAKE_CURRENT_LIST_DIR}/recordqueue.h
    ${CMAKE_CURRENT_LIST_DIR}/recordservices.cpp ${CMAKE_CURRENT_LIST_DIR}/recordservices.h
    ${CMAKE_CURRENT_LIST_DIR}/runarchive.cpp ${CMAKE_CURRENT_LIST_DIR}/runarchive.h
    ${CMAKE_CURRENT_LIST_DIR}/runcomparison.cpp ${CMAKE_CURRENT_LIST_DIR}/runcomparison.h
    ${CMAKE_CURRENT_LIST_DIR}/runfile.cpp ${CMAKE_CURRENT_LIST_DIR}/runfile.h
    ${CMAKE_CURRENT_LIST_DIR}/runfilecopy.cpp ${CMAKE_CURRENT_LIST_DIR}/runfilecopy.h
    ${CMAKE_CURRENT_LIST_DIR}/runfileschema.cpp ${CMAKE_CURRENT_LIST_DIR}/runfileschema.h
    ${CMAKE_CURRENT_LIST_DIR}/runinfo.h
    ${CMAKE_CURRENT_LIST_DIR}/runlogloader.cpp ${CMAKE_CURRENT_LIST_DIR}/runlogloader.h
    ${CMAKE_CURRENT_LIST_DIR}/runreplay.cpp ${CMAKE_CURRENT_LIST_DIR}/runreplay.h
    ${CMAKE_CURRENT_LIST_DIR}/runrecorder.cpp ${CMAKE_CURRENT_LIST_DIR}/runrecorder.h
    ${CMAKE_CURRENT_LIST_DIR}/runwriter.cpp ${CMAKE_CURRENT_LIST_DIR}/runwriter.h
    ${CMAKE_CURRENT_LIST_DIR}/sqlitedb.cpp ${CMAKE_CURRENT_LIST_DIR}/sqlitedb.h
    ${CMAKE_CURRENT_LIST_DIR}/storedtext.cpp ${CMAKE_CURRENT_LIST_DIR}/storedtext.h
    ${CMAKE_CURRENT_LIST_DIR}/storedtrace.cpp ${CMAKE_CURRENT_LIST_DIR}/storedtrace.h
    ${CMAKE_CURRENT_LIST_DIR}/traceblock.cpp ${CMAKE_CURRENT_LIST_DIR}/traceblock.h
    ${CMAKE_CURRENT_LIST_DIR}/walcheckpointer.cpp ${CMAKE_CURRENT_LIST_DIR}/walcheckpointer.h
)
target_include_directories(eventloom_core PRIVATE ${SQLITE3_INCLUDE_DIR})
target_link_libraries(eventloom_core PUBLIC ${SQLITE3_LIBRARY} Threads::Threads)
