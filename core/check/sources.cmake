# Checkers that read a run's trace: the delivery checker.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/deliverychecker.cpp ${CMAKE_CURRENT_LIST_DIR}/deliverychecker.h
    ${CMAKE_CURRENT_LIST_DIR}/deliverycheckerstate.cpp ${CMAKE_CURRENT_LIST_DIR}/deliverycheckerstate.h
    ${CMAKE_CURRENT_LIST_DIR}/offsetranges.cpp ${CMAKE_CURRENT_LIST_DIR}/offsetranges.h
    ${CMAKE_CURRENT_LIST_DIR}/publishedindex.cpp ${CMAKE_CURRENT_LIST_DIR}/publishedindex.h
)
