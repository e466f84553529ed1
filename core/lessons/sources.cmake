# Lessons and checks: the teaching narrative of a scenario and the expressions that grade its run.
target_sources(eventloom_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/checkexpression.cpp ${CMAKE_CURRENT_LIST_DIR}/checkexpression.h
    ${CMAKE_CURRENT_LIST_DIR}/checkexpressionnode.h ${CMAKE_CURRENT_LIST_DIR}/checknumbers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checkreads.h
    ${CMAKE_CURRENT_LIST_DIR}/checkjudge.cpp ${CMAKE_CURRENT_LIST_DIR}/checkjudge.h
    ${CMAKE_CURRENT_LIST_DIR}/checkstate.cpp ${CMAKE_CURRENT_LIST_DIR}/checkstate.h
    ${CMAKE_CURRENT_LIST_DIR}/choiceorder.cpp ${CMAKE_CURRENT_LIST_DIR}/choiceorder.h
    ${CMAKE_CURRENT_LIST_DIR}/lesson.h
    ${CMAKE_CURRENT_LIST_DIR}/lessonfigures.cpp ${CMAKE_CURRENT_LIST_DIR}/lessonfigures.h
    ${CMAKE_CURRENT_LIST_DIR}/lessonreader.cpp ${CMAKE_CURRENT_LIST_DIR}/lessonreader.h
    ${CMAKE_CURRENT_LIST_DIR}/lessontime.cpp ${CMAKE_CURRENT_LIST_DIR}/lessontime.h
    ${CMAKE_CURRENT_LIST_DIR}/variantoverrides.cpp ${CMAKE_CURRENT_LIST_DIR}/variantoverrides.h
)
