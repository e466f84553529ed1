#include "lessons/checkexpression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace eventloom;

/// The check language: values, operators, functions, and the messages a scenario author reads.
class TestCheckExpression : public QObject {
    Q_OBJECT

    static QJsonObject state()
    {
        return QJsonDocument::fromJson(R"({
            "events": 120, "duplicateEffects": 0,
            "sagas": {"started": 10, "completed": 7, "compensated": 3, "stuck": 0},
            "inventory": {"stock": {"sku-1": {"total": 100, "available": 90, "reserved": 10}}, "up": true},
            "readModels": {"orderHistory": {"lag": 2, "lagUs": 250000, "caughtUp": false}},
            "names": ["a", "b", "c"], "empty": [], "title": "shop"
        })")
            .object();
    }

private Q_SLOTS:
    void evaluates_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("detail");
        QTest::newRow("counter") << QStringLiteral("sagas.compensated >= 1") << true
                                 << QStringLiteral("sagas.compensated = 3, 1");
        QTest::newRow("counter fails") << QStringLiteral("duplicateEffects > 0") << false
                                       << QStringLiteral("duplicateEffects = 0, 0");
        QTest::newRow("index by string") << QStringLiteral("inventory.stock['sku-1'].available == 90") << true
                                         << QStringLiteral("inventory.stock['sku-1'].available = 90, 90");
        QTest::newRow("arithmetic")
            << QStringLiteral("inventory.stock[\"sku-1\"].available + inventory.stock['sku-1'].reserved == 100") << true
            << QStringLiteral("inventory.stock['sku-1'].available + inventory.stock['sku-1'].reserved = 100, 100");
        QTest::newRow("duration literal") << QStringLiteral("readModels.orderHistory.lagUs < 500ms") << true
                                          << QStringLiteral("readModels.orderHistory.lagUs = 250000, 500000");
        QTest::newRow("and shows the failing part")
            << QStringLiteral("events > 100 && sagas.stuck > 0") << false << QStringLiteral("sagas.stuck = 0, 0");
        QTest::newRow("or shows the holding part") << QStringLiteral("sagas.stuck > 0 or sagas.completed == 7") << true
                                                   << QStringLiteral("sagas.completed = 7, 7");
        QTest::newRow("not") << QStringLiteral("not readModels.orderHistory.caughtUp") << true
                             << QStringLiteral("readModels.orderHistory.caughtUp = false");
        QTest::newRow("precedence") << QStringLiteral("1 + 2 * 3 == 7") << true << QStringLiteral("1 + 2 * 3 = 7, 7");
        QTest::newRow("right operand of the same level")
            << QStringLiteral("10 - (4 - 1) == 7") << true << QStringLiteral("10 - (4 - 1) = 7, 7");
        QTest::newRow("parentheses") << QStringLiteral("(1 + 2) * 3 == 9") << true
                                     << QStringLiteral("(1 + 2) * 3 = 9, 9");
        QTest::newRow("unary minus") << QStringLiteral("-sagas.completed + 10 == sagas.compensated") << true
                                     << QStringLiteral("-sagas.completed + 10 = 3, sagas.compensated = 3");
        QTest::newRow("len of array") << QStringLiteral("len(names) == 3") << true
                                      << QStringLiteral("len(names) = 3, 3");
        QTest::newRow("len of object") << QStringLiteral("len(sagas) == 4") << true
                                       << QStringLiteral("len(sagas) = 4, 4");
        QTest::newRow("sum of object") << QStringLiteral("sum(sagas) == 20") << true
                                       << QStringLiteral("sum(sagas) = 20, 20");
        QTest::newRow("max of arguments") << QStringLiteral("max(sagas.completed, sagas.compensated) == 7") << true
                                          << QStringLiteral("max(sagas.completed, sagas.compensated) = 7, 7");
        QTest::newRow("array element") << QStringLiteral("names[1] == 'b'") << true
                                       << QStringLiteral("names[1] = 'b', 'b'");
        QTest::newRow("string order") << QStringLiteral("title < 'zoo'") << true
                                      << QStringLiteral("title = 'shop', 'zoo'");
        QTest::newRow("bool equality") << QStringLiteral("inventory.up == true") << true
                                       << QStringLiteral("inventory.up = true, true");
        QTest::newRow("modulo") << QStringLiteral("events % 7 == 1") << true << QStringLiteral("events % 7 = 1, 1");
        QTest::newRow("fraction") << QStringLiteral("sagas.compensated / sagas.started == 0.3") << true
                                  << QStringLiteral("sagas.compensated / sagas.started = 0.3, 0.3");
        // What cannot be evaluated fails, and says why.
        QTest::newRow("unknown root") << QStringLiteral("sagaz.compensated >= 1") << false
                                      << QStringLiteral(
                                             "cannot evaluate: unknown name 'sagaz' (did you mean 'sagas'?)");
        QTest::newRow("unknown key lists the keys")
            << QStringLiteral("inventory.stock['sku-9'].total == 1") << false
            << QStringLiteral("cannot evaluate: inventory.stock has no 'sku-9' (did you mean 'sku-1'?)");
        QTest::newRow("missing field on a number")
            << QStringLiteral("events.total == 1") << false
            << QStringLiteral("cannot evaluate: events is 120, which has no field 'total'");
        QTest::newRow("type mismatch") << QStringLiteral("title + 1 == 2") << false
                                       << QStringLiteral("cannot evaluate: title is 'shop', not a number");
        QTest::newRow("division by zero")
            << QStringLiteral("events / duplicateEffects > 1") << false
            << QStringLiteral("cannot evaluate: duplicateEffects is 0: cannot divide by it");
        QTest::newRow("index out of range") << QStringLiteral("names[3] == 'd'") << false
                                            << QStringLiteral("cannot evaluate: names has 3 elements: no element 3");
        QTest::newRow("not a truth value") << QStringLiteral("title") << false
                                           << QStringLiteral("cannot evaluate: title is 'shop', not true or false");
        QTest::newRow("min of nothing") << QStringLiteral("min(empty) == 0") << false
                                        << QStringLiteral("cannot evaluate: min() of nothing");
    }
    void evaluates()
    {
        QFETCH(QString, expression);
        QFETCH(bool, passed);
        QFETCH(QString, detail);
        CheckExpression::Error error;
        const auto compiled = CheckExpression::parse(expression, error);
        QVERIFY2(compiled, qPrintable(error.message));
        const CheckExpression::Result result = compiled->evaluate(state());
        QCOMPARE(result.detail, detail);
        QCOMPARE(result.passed, passed);
    }

    void refusesBadSyntax_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QStringLiteral("   ") << 1 << QStringLiteral("empty expression");
        QTest::newRow("single equals") << QStringLiteral("events = 1") << 8
                                       << QStringLiteral("'=' is not an operator: compare with '=='");
        QTest::newRow("dangling operator")
            << QStringLiteral("events >") << 9 << QStringLiteral("expression ends too early");
        QTest::newRow("unclosed paren") << QStringLiteral("(events > 1") << 12 << QStringLiteral("expected ')'");
        QTest::newRow("unclosed bracket") << QStringLiteral("names[1 == 'b'") << 15 << QStringLiteral("expected ']'");
        QTest::newRow("unterminated string")
            << QStringLiteral("title == 'shop") << 10 << QStringLiteral("unterminated string");
        QTest::newRow("unknown unit") << QStringLiteral("events < 5days") << 11
                                      << QStringLiteral("unknown unit 'days' (us, ms, s, min)");
        QTest::newRow("unknown function") << QStringLiteral("lenn(names) == 3") << 1
                                          << QStringLiteral("unknown function 'lenn' (did you mean 'len'?)");
        QTest::newRow("wrong arity") << QStringLiteral("len(names, sagas) == 3") << 1
                                     << QStringLiteral("len() takes one argument");
        QTest::newRow("trailing tokens") << QStringLiteral("events > 1 2") << 12 << QStringLiteral("unexpected '2'");
        QTest::newRow("stray character") << QStringLiteral("events > 1 # comment") << 12
                                         << QStringLiteral("unexpected character '#'");
        QTest::newRow("name after dot") << QStringLiteral("sagas.1 > 0") << 6 << QStringLiteral("unexpected '.1'");
        QTest::newRow("deep nesting") << QString(200, u'(') + u'1' + QString(200, u')') << 66
                                      << QStringLiteral("nested too deeply");
    }
    void refusesBadSyntax()
    {
        QFETCH(QString, expression);
        QFETCH(int, column);
        QFETCH(QString, message);
        CheckExpression::Error error;
        QVERIFY(!CheckExpression::parse(expression, error));
        QCOMPARE(error.message, message);
        QCOMPARE(error.column, column);
    }

    void rootNamesAreTheTopLevelLookups()
    {
        CheckExpression::Error error;
        const auto e
            = CheckExpression::parse(QStringLiteral("len(inventory.stock) > sagas.completed && not up"), error);
        QVERIFY(e);
        const auto names = e->rootNames();
        QCOMPARE(names.size(), std::size_t(3));
        QCOMPARE(names[0].first, QStringLiteral("inventory"));
        QCOMPARE(names[0].second, 5);
        QCOMPARE(names[1].first, QStringLiteral("sagas"));
        QCOMPARE(names[2].first, QStringLiteral("up"));
    }

    void refusesOverlongText()
    {
        CheckExpression::Error error;
        QVERIFY(!CheckExpression::parse(QString(5000, u'1'), error));
        QVERIFY(error.message.contains(QStringLiteral("limit is 2000")));
    }
};

QTEST_GUILESS_MAIN(TestCheckExpression)
#include "tst_checkexpression.moc"
