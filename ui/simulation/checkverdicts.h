#pragma once

#include "lessons/checkjudge.h"

#include <QJsonObject>
#include <QMetaType>
#include <vector>

namespace eventloom {

/// The answer to RunSource::judge: the scenario's checks judged on the run as viewed, and its lesson's
/// figures. The figures stay the JSON object LessonFigures computes ({name: value}): it is the document
/// the run file's summary and the CLI's --json output hold too, and LessonFigures formats it.
struct CheckVerdicts {
    /// In the scenario's order (in review, as recorded when the run ended).
    std::vector<CheckJudge::Verdict> verdicts;
    /// The moment judged is the run's end (it has finished, nothing waits at a breakpoint, and no earlier
    /// moment is viewed): only then is an `end` check's verdict final (CheckJudge::standing).
    bool ended = false;
    /// The lesson's figures on the run as viewed: none before the run has moved (in review, the end's).
    QJsonObject figures;
    /// The figures at the run's end, which the lesson's estimates are judged against: none until it has
    /// ended (whatever moment is viewed; in review, as recorded).
    QJsonObject endFigures;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::CheckVerdicts)
