# Fault injection beyond crash and fail: rules on deliveries, breakpoints, the interactive queue.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../bus/deliveryfaults.h
    ${CMAKE_CURRENT_LIST_DIR}/faultengine.cpp ${CMAKE_CURRENT_LIST_DIR}/faultengine.h
    ${CMAKE_CURRENT_LIST_DIR}/injectionqueue.cpp ${CMAKE_CURRENT_LIST_DIR}/injectionqueue.h
)
