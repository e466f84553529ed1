#include "bus/partitioner.h"

#include <QTest>

using namespace eventloom;

class TestPartitioner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void murmur2MatchesKafka_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("expected");
        // From Apache Kafka's UtilsTest.testMurmur2.
        QTest::newRow("21") << QByteArray("21") << -973932308;
        QTest::newRow("foobar") << QByteArray("foobar") << -790332482;
        QTest::newRow("a-little-bit-long-string") << QByteArray("a-little-bit-long-string") << -985981536;
        QTest::newRow("a-little-bit-longer-string") << QByteArray("a-little-bit-longer-string") << -1486304829;
        QTest::newRow("long") << QByteArray("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8") << -58897971;
        QTest::newRow("abc") << QByteArray("abc") << 479470107;
        // Vectors other projects pin to Kafka's Java implementation (Akka's Murmur2Spec).
        QTest::newRow("1") << QByteArray("1") << -1993445489;
        QTest::newRow("12") << QByteArray("12") << 126087238;
        QTest::newRow("123") << QByteArray("123") << -267702483;
        QTest::newRow("1234") << QByteArray("1234") << -1614185708;
        QTest::newRow("12345") << QByteArray("12345") << -1188365604;
    }
    void murmur2MatchesKafka()
    {
        QFETCH(QByteArray, key);
        QFETCH(int, expected);
        QCOMPARE(murmur2(std::string_view(key.constData(), static_cast<std::size_t>(key.size()))), expected);
    }
    void partitionIsPositiveModulo_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("partitions");
        QTest::newRow("21/3") << QByteArray("21") << 3;
        QTest::newRow("foobar/7") << QByteArray("foobar") << 7;
        QTest::newRow("abc/1") << QByteArray("abc") << 1;
        QTest::newRow("12345/12") << QByteArray("12345") << 12;
    }
    void partitionIsPositiveModulo()
    {
        QFETCH(QByteArray, key);
        QFETCH(int, partitions);
        const std::string_view k(key.constData(), static_cast<std::size_t>(key.size()));
        // Kafka: Utils.toPositive(murmur2(key)) % numPartitions, where toPositive masks the sign bit.
        const int expected = static_cast<int>(
            (static_cast<std::uint32_t>(murmur2(k)) & 0x7fffffffu) % static_cast<std::uint32_t>(partitions));
        QCOMPARE(partitionForKey(k, partitions), expected);
        QVERIFY(expected >= 0 && expected < partitions);
    }
    void knownPlacements()
    {
        // murmur2("21") = -973932308 → toPositive = 1173551340 → % 3 = 0
        QCOMPARE(partitionForKey("21", 3), 0);
        // murmur2("abc") = 479470107 → % 4 = 3
        QCOMPARE(partitionForKey("abc", 4), 3);
        // murmur2("foobar") = -790332482 → toPositive = 1357151166 → % 10 = 6
        QCOMPARE(partitionForKey("foobar", 10), 6);
    }
};

QTEST_GUILESS_MAIN(TestPartitioner)
#include "tst_partitioner.moc"
