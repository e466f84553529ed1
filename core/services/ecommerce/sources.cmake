target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/analyticsservice.cpp ${CMAKE_CURRENT_LIST_DIR}/analyticsservice.h
    ${CMAKE_CURRENT_LIST_DIR}/callpolicy.h
    ${CMAKE_CURRENT_LIST_DIR}/circuitbreaker.cpp ${CMAKE_CURRENT_LIST_DIR}/circuitbreaker.h
    ${CMAKE_CURRENT_LIST_DIR}/ecommercenames.cpp ${CMAKE_CURRENT_LIST_DIR}/ecommercenames.h
    ${CMAKE_CURRENT_LIST_DIR}/ecommerceservice.cpp ${CMAKE_CURRENT_LIST_DIR}/ecommerceservice.h
    ${CMAKE_CURRENT_LIST_DIR}/fraudservice.cpp ${CMAKE_CURRENT_LIST_DIR}/fraudservice.h
    ${CMAKE_CURRENT_LIST_DIR}/inventoryservice.cpp ${CMAKE_CURRENT_LIST_DIR}/inventoryservice.h
    ${CMAKE_CURRENT_LIST_DIR}/orderaggregate.cpp ${CMAKE_CURRENT_LIST_DIR}/orderaggregate.h
    ${CMAKE_CURRENT_LIST_DIR}/notificationservice.cpp ${CMAKE_CURRENT_LIST_DIR}/notificationservice.h
    ${CMAKE_CURRENT_LIST_DIR}/orderservice.cpp ${CMAKE_CURRENT_LIST_DIR}/orderservice.h
    ${CMAKE_CURRENT_LIST_DIR}/paymentservice.cpp ${CMAKE_CURRENT_LIST_DIR}/paymentservice.h
    ${CMAKE_CURRENT_LIST_DIR}/shippingservice.cpp ${CMAKE_CURRENT_LIST_DIR}/shippingservice.h
)
