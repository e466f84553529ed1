#include "bus/attemptwindow.h"

#include <QTest>

using namespace eventloom;

class TestAttemptWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsFollowTheWindowAcrossCompaction()
    {
        // Model: offsets [committed, committed + size) with one count each; compare to a plain vector.
        AttemptWindow window;
        std::vector<std::uint16_t> model;
        std::size_t committed = 0;
        for (std::uint16_t round = 0; round < 2000; ++round) {
            window.push(1);
            model.push_back(1);
            if (round % 3 == 0)
                ++window[window.size() - 1], ++model.back(); // a redelivery of the newest offset
            if (round % 5 == 4) {
                const std::size_t n = 3;
                window.dropFront(n);
                model.erase(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(std::min(n, model.size())));
                committed += n;
            }
            QCOMPARE(window.size(), model.size());
            for (std::size_t i = 0; i < model.size(); ++i)
                QCOMPARE(window[i], model[i]);
        }
        window.dropFront(window.size() + 10); // more than it holds: empties it
        QCOMPARE(window.size(), std::size_t(0));
        QVERIFY(committed > 0);
    }
};

QTEST_GUILESS_MAIN(TestAttemptWindow)
#include "tst_attemptwindow.moc"
