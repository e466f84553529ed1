target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/checkoutservice.cpp ${CMAKE_CURRENT_LIST_DIR}/checkoutservice.h
    ${CMAKE_CURRENT_LIST_DIR}/fulfilmentservice.cpp ${CMAKE_CURRENT_LIST_DIR}/fulfilmentservice.h
)
