# The event store: streams per aggregate, expected-version appends, snapshots, time travel.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/aggregate.h
    ${CMAKE_CURRENT_LIST_DIR}/copyableaggregate.h
    ${CMAKE_CURRENT_LIST_DIR}/eventidindex.cpp ${CMAKE_CURRENT_LIST_DIR}/eventidindex.h
    ${CMAKE_CURRENT_LIST_DIR}/eventstore.cpp ${CMAKE_CURRENT_LIST_DIR}/eventstore.h
    ${CMAKE_CURRENT_LIST_DIR}/expectedversion.h
    ${CMAKE_CURRENT_LIST_DIR}/newevent.cpp ${CMAKE_CURRENT_LIST_DIR}/newevent.h
    ${CMAKE_CURRENT_LIST_DIR}/storedevent.h
)
