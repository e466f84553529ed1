#include "simulation/tracebuffer.h"

#include <QTest>

using namespace eventloom;

namespace {
TraceBatch batch(std::uint64_t generation, Atom firstAtom, QStringList atoms, int rows, SimTime now)
{
    TraceBatch b;
    b.generation = generation;
    b.firstAtom = firstAtom;
    for (const QString& atom : atoms)
        b.atoms.push_back(atom);
    b.rows.resize(static_cast<std::size_t>(rows));
    b.status.now = now;
    b.hasStatus = true;
    return b;
}
}

class TestTraceBuffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesBatchesUntilTaken()
    {
        TraceBuffer buffer;
        buffer.restart(1);
        QVERIFY(buffer.append(batch(1, 0, { QString(), QStringLiteral("a") }, 3, 10)));
        QVERIFY2(!buffer.append(batch(1, 2, { QStringLiteral("b") }, 2, 20)), "only the first append nudges the UI");
        const TraceBatch taken = buffer.take();
        QCOMPARE(taken.generation, 1u);
        QCOMPARE(taken.firstAtom, 0u);
        QCOMPARE(taken.atoms.size(), 3u);
        QCOMPARE(taken.atoms[2], QStringLiteral("b"));
        QCOMPARE(taken.rows.size(), 5u);
        QCOMPARE(taken.status.now, 20);
        QVERIFY(buffer.take().empty());
        QVERIFY(buffer.append(batch(1, 3, {}, 1, 30)));
    }

    void atomsContinueAfterATake()
    {
        TraceBuffer buffer;
        buffer.restart(1);
        buffer.append(batch(1, 0, { QString(), QStringLiteral("a") }, 1, 1));
        buffer.take();
        buffer.append(batch(1, 2, {}, 1, 2));
        buffer.append(batch(1, 2, { QStringLiteral("b") }, 1, 3));
        const TraceBatch taken = buffer.take();
        QCOMPARE(taken.firstAtom, 2u);
        QCOMPARE(taken.atoms.size(), 1u);
    }

    void dropsOtherGenerations()
    {
        TraceBuffer buffer;
        buffer.restart(1);
        buffer.append(batch(1, 0, { QString() }, 4, 1));
        buffer.restart(2);
        QVERIFY(buffer.take().empty());
        QVERIFY(!buffer.append(batch(1, 1, { QStringLiteral("late") }, 4, 2)));
        QVERIFY(buffer.take().empty());
        QVERIFY(buffer.append(batch(2, 0, { QString() }, 1, 3)));
        QCOMPARE(buffer.take().rows.size(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestTraceBuffer)
#include "tst_tracebuffer.moc"
