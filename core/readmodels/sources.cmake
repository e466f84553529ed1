# CQRS read models: projections, their lag, stale-read detection and rebuilds.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/customerappservice.cpp ${CMAKE_CURRENT_LIST_DIR}/customerappservice.h
    ${CMAKE_CURRENT_LIST_DIR}/inventoryviewreadmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/inventoryviewreadmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/logwritesideview.cpp ${CMAKE_CURRENT_LIST_DIR}/logwritesideview.h
    ${CMAKE_CURRENT_LIST_DIR}/orderhistoryreadmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/orderhistoryreadmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/orderstatusreadmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/orderstatusreadmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/readerservice.cpp ${CMAKE_CURRENT_LIST_DIR}/readerservice.h
    ${CMAKE_CURRENT_LIST_DIR}/readmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/readmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/readmodellag.cpp ${CMAKE_CURRENT_LIST_DIR}/readmodellag.h
    ${CMAKE_CURRENT_LIST_DIR}/revenuedashboardreadmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/revenuedashboardreadmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/writesideview.h
)
