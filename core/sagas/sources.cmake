# Sagas: definitions as data, the orchestrator (an event-sourced coordinator service) and the
# choreography tracker that rebuilds instances from the events.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/sagacoordinator.cpp ${CMAKE_CURRENT_LIST_DIR}/sagacoordinator.h
    ${CMAKE_CURRENT_LIST_DIR}/sagadefinition.cpp ${CMAKE_CURRENT_LIST_DIR}/sagadefinition.h
    ${CMAKE_CURRENT_LIST_DIR}/sagainstance.cpp ${CMAKE_CURRENT_LIST_DIR}/sagainstance.h
    ${CMAKE_CURRENT_LIST_DIR}/sagatracker.cpp ${CMAKE_CURRENT_LIST_DIR}/sagatracker.h
)
