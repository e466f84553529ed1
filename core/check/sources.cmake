# Checkers that read a run's trace: the delivery checker.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/deliverychecker.cpp ${CMAKE_CURRENT_LIST_DIR}/deliverychecker.h
)
