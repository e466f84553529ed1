#include "scenario/jsonguard.h"
#include "scenario/scenarioloader.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace eventloom;

namespace {
QStringList messages(const Diagnostics& errors)
{
    QStringList out;
    for (const Diagnostic& d : errors)
        out << d.toString();
    return out;
}
}

class TestJsonGuard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diagnostics_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char* name, const QByteArray& text, const QStringList& expected) {
            QTest::newRow(name) << text << expected;
        };
        const QStringList none;
        row("object", R"({"id": "x", "n": [1, -2.5e3, true, false, null, {"a": "\u00e9\ud83d\ude00"}]})", none);
        row("empty object and array", "{ \"a\": {}, \"b\": [] }\n", none);
        row("byte order mark", "\xEF\xBB\xBF{\"a\": 1}", none);
        row("tiny denormal", R"({"a": 1e-310, "b": 0e-999, "c": -0})", none);
        row("utf-8 in strings", "{\"caf\xC3\xA9\": \"\xE2\x82\xAC \xF0\x9F\x98\x80\"}", none);

        row("empty", "", { QStringLiteral("f.json:1:1: error: invalid JSON: the file is empty") });
        row("only space", "  \n ",
            { QStringLiteral("f.json:2:2: error: invalid JSON: the file holds only white space") });
        row("truncated object", "{\n  \"id\": \"x\",\n  \"topics\": [",
            { QStringLiteral(
                "f.json:3:14: error: invalid JSON: expected a value, found end of text (is the file truncated?)") });
        row("truncated string", "{\"id\": \"x",
            { QStringLiteral("f.json:1:8: error: invalid JSON: unterminated string (is the file truncated?)") });
        row("trailing comma", "{\n  \"id\": \"x\",\n  \"topics\": [ 1, ]\n}",
            { QStringLiteral("f.json:3:18: error: invalid JSON: expected a value, found ']'") });
        row("missing colon", R"({"a" 1})",
            { QStringLiteral("f.json:1:6: error: invalid JSON: expected ':' after key 'a', found '1'") });
        row("unquoted key", R"({a: 1})",
            { QStringLiteral("f.json:1:2: error: invalid JSON: expected a key in double quotes, found 'a'") });
        row("missing comma", "[1 2]",
            { QStringLiteral("f.json:1:4: error: invalid JSON: expected ',' or ']' after an element, found '2'") });
        row("text after value", "{} {}",
            { QStringLiteral("f.json:1:4: error: invalid JSON: unexpected '{' after the end of the JSON value") });
        row("leading zero", R"({"a": 012})",
            { QStringLiteral(
                "f.json:1:7: error: invalid JSON: a number may not start with 0 (leading zeros are not JSON)") });
        row("bare minus", R"({"a": -})",
            { QStringLiteral("f.json:1:8: error: invalid JSON: expected a digit, found '}'") });
        row("bad escape", R"({"a": "x\q"})",
            { QStringLiteral("f.json:1:9: error: invalid JSON: invalid escape: backslash followed by 'q' (valid: \\\" "
                             "\\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)") });
        row("bad unicode escape", R"({"a": "\u12G4"})",
            { QStringLiteral("f.json:1:8: error: invalid JSON: \\u must be followed by four hex digits") });
        row("raw newline in string", "{\"a\": \"x\ny\"}",
            { QStringLiteral(
                "f.json:1:9: error: invalid JSON: control character U+000A in a string (escape it, e.g. \\n)") });
        row("nul byte outside a string", QByteArray("{\"a\": 1,\0}", 10),
            { QStringLiteral("f.json:1:9: error: invalid JSON: expected a key in double quotes, found byte 0x00") });
        row("single quotes", "{'a': 1}",
            { QStringLiteral("f.json:1:2: error: invalid JSON: expected a key in double quotes, found '''") });
        row("comment", "{\"a\": 1 // no\n}",
            { QStringLiteral("f.json:1:9: error: invalid JSON: expected ',' or '}' after a member, found '/'") });
        row("NaN", R"({"a": NaN})", { QStringLiteral("f.json:1:7: error: invalid JSON: expected a value, found 'N'") });

        // Problems that leave the text readable: all of them are reported, with the JSON path.
        row("duplicate keys",
            "{\n  \"id\": \"a\",\n  \"topics\": [ { \"id\": \"t\", \"partitions\": 1, \"id\": \"u\" } ],\n  \"id\": "
            "\"b\",\n  \"id\": \"c\"\n}",
            { QStringLiteral("f.json:3:45: error: topics[0].id: duplicate key 'id' (first at line 3)"),
                QStringLiteral("f.json:4:3: error: id: duplicate key 'id' (first at line 2)"),
                QStringLiteral("f.json:5:3: error: id: duplicate key 'id' (first at line 2)") });
        row("duplicate key written with an escape", R"({"ab": 1, "a\u0062": 2})",
            { QStringLiteral("f.json:1:11: error: ab: duplicate key 'ab' (first at line 1)") });
        row("same key in sibling objects is fine", R"([{"a": 1}, {"a": 2}])", none);
        row("huge number", "{\"workload\": {\"orders\": 1e999, \"rate\": -1e400}}",
            { QStringLiteral(
                  "f.json:1:25: error: workload.orders: number 1e999 is too large (the largest is about 1.8e308)"),
                QStringLiteral(
                    "f.json:1:40: error: workload.rate: number -1e400 is too large (the largest is about 1.8e308)") });
        row("tiny number", R"({"p": [0, 1e-400]})",
            { QStringLiteral("f.json:1:11: error: p[1]: number 1e-400 is too small to represent (the smallest is about "
                             "4.9e-324); write 0") });
        row("long number", "{\"n\": " + QByteArray(70, '7') + "}",
            { QStringLiteral(
                "f.json:1:7: error: n: number 777777777777777777777777… is too long (70 characters; at most 64)") });
        row("bad utf-8",
            "{\n  \"title\": \"caf\xE9\",\n  \"s\xC3\": [\"\xED\xA0\x80\", \"\xC0\xAF\", \"\xF4\x90\x80\x80\"]\n}",
            { QStringLiteral("f.json:2:16: error: title: invalid UTF-8 in a string (byte 0xE9)"),
                QStringLiteral("f.json:3:5: error: invalid UTF-8 in a key (byte 0xC3)"),
                QStringLiteral("f.json:3:11: error: s\uFFFD[0]: invalid UTF-8 in a string (byte 0xED and 2 more bytes "
                               "that are not UTF-8)"),
                QStringLiteral("f.json:3:16: error: s\uFFFD[1]: invalid UTF-8 in a string (byte 0xC0 and 1 more byte "
                               "that is not UTF-8)"),
                QStringLiteral("f.json:3:21: error: s\uFFFD[2]: invalid UTF-8 in a string (byte 0xF4 and 3 more bytes "
                               "that are not UTF-8)") });
        row("bad utf-8 outside a string", "{\"a\": \xFF}",
            { QStringLiteral("f.json:1:7: error: invalid JSON: expected a value, found byte 0xFF") });
        row("lone surrogates", R"({"a": "\ud800x", "b": "\uDC00"})",
            { QStringLiteral("f.json:1:8: error: a: \\uD800 is half of a surrogate pair, alone"),
                QStringLiteral("f.json:1:24: error: b: \\uDC00 is half of a surrogate pair, alone") });
        row("errors then a syntax error", "{\"a\": 1, \"a\": 2, \"b\": 1e999,\n \"c\": [}",
            { QStringLiteral("f.json:1:10: error: a: duplicate key 'a' (first at line 1)"),
                QStringLiteral("f.json:1:23: error: b: number 1e999 is too large (the largest is about 1.8e308)"),
                QStringLiteral("f.json:2:8: error: invalid JSON: expected a value, found '}'") });
        row("columns count code points", "{\"\xC3\xA9\xC3\xA9\": 1, \"\xC3\xA9\xC3\xA9\": 2}",
            { QStringLiteral("f.json:1:11: error: \u00e9\u00e9: duplicate key '\u00e9\u00e9' (first at line 1)") });
    }
    void diagnostics()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, expected);
        const QStringList actual = messages(JsonGuard::check(text, QStringLiteral("f.json")));
        QCOMPARE(actual, expected);
        // Whatever the guard lets through, QJsonDocument parses, and to an object or array.
        if (expected.isEmpty()) {
            QJsonParseError error;
            QJsonDocument::fromJson(text, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
        }
    }

    void limitsEndTheScan_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("depth 64 is fine") << QByteArray(64, '[') + QByteArray(64, ']') << QString();
        QTest::newRow("depth 65")
            << QByteArray(65, '[') + QByteArray(65, ']')
            << QStringLiteral("f.json:1:65: error: nested more than 64 levels deep; scenarios are limited to that");
        QTest::newRow("depth 1e6")
            << QByteArray(1'000'000, '[')
            << QStringLiteral("f.json:1:65: error: nested more than 64 levels deep; scenarios are limited to that");
        QByteArray many = "[0";
        for (int i = 1; i < 200'001; ++i)
            many += ",0";
        many += ']';
        QTest::newRow("200001 values")
            << many
            << QStringLiteral("f.json:1:400000: error: more than 200000 values; scenarios are limited to that many");
        QTest::newRow("long string")
            << "[\"" + QByteArray(256 * 1024 + 1, 'x') + "\"]"
            << QStringLiteral("f.json:1:2: error: [0]: string of 262145 bytes is too long (at most 262144)");
        QTest::newRow("long key") << "{\"" + QByteArray(1025, 'k') + "\": 1}"
                                  << QStringLiteral("f.json:1:2: error: key of 1025 bytes is too long (at most 1024)");
        QTest::newRow("too big") << QByteArray(4 * 1024 * 1024 + 1,
            ' ') << QStringLiteral("f.json: error: text is 4194305 bytes; scenarios are limited to 4194304");
    }
    void limitsEndTheScan()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const QStringList actual = messages(JsonGuard::check(text, QStringLiteral("f.json")));
        QCOMPARE(actual, expected.isEmpty() ? QStringList() : QStringList { expected });
    }

    void errorsAreCapped()
    {
        QByteArray text = "{\"a\": 0";
        for (int i = 0; i < 500; ++i)
            text += ", \"a\": 0";
        text += '}';
        const QStringList actual = messages(JsonGuard::check(text, QStringLiteral("f.json")));
        QCOMPARE(actual.size(), 101);
        QVERIFY(actual.back().endsWith(
            QStringLiteral("error: too many errors (more than 100); the rest are not reported")));
    }

    /// The worst texts under the size limit are refused (or passed) in linear time.
    void hostileTextsAreQuick()
    {
        const qsizetype size = ScenarioLoader::kMaxFileBytes - 16;
        const QByteArray texts[] = {
            "{\"" + QByteArray(size, 'k') + "\": 1}", // one huge key
            "[\"" + QByteArray(size, '\xFF') + "\"]", // invalid UTF-8 all along
            [&] { // many duplicate keys on one (minified) line: columns must not be recounted from the start each time
                QByteArray t = "{";
                while (t.size() < size)
                    t += "\"k\":1,";
                return QByteArray(t + "\"k\":1}");
            }(),
            [&] { // a wide, shallow object of distinct keys
                QByteArray t = "{";
                for (int i = 0; t.size() < size; ++i)
                    t += '"' + QByteArray::number(i) + "\":0,";
                return QByteArray(t + "\"end\":0}");
            }(),
        };
        for (const QByteArray& text : texts) {
            QElapsedTimer timer;
            timer.start();
            const Diagnostics errors = JsonGuard::check(text, QStringLiteral("f.json"));
            QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
            QVERIFY(errors.size() <= 101);
        }
    }

    /// Through the loader: the guard's errors are the loader's, and a clean text still loads.
    void loaderReportsTheGuardsErrors()
    {
        const auto r
            = ScenarioLoader::loadText("{\"id\": \"x\", \"id\": \"y\", \"seed\": 1e999}", QStringLiteral("s.json"));
        QVERIFY(!r.ok());
        QStringList actual;
        for (const Diagnostic& d : r.errors)
            actual << d.toString();
        QCOMPARE(actual,
            QStringList({ QStringLiteral("s.json:1:13: error: id: duplicate key 'id' (first at line 1)"),
                QStringLiteral(
                    "s.json:1:32: error: seed: number 1e999 is too large (the largest is about 1.8e308)") }));
    }
};

QTEST_GUILESS_MAIN(TestJsonGuard)
#include "tst_jsonguard.moc"
