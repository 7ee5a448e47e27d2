#include "util/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using jitterbug::JsonWriter;

TEST(JsonWriter, KeepsKeyOrderAndEscapes)
{
    JsonWriter w;
    w.beginObject();
    w.key(u"z").value(1);
    w.key(u"a").value(QStringLiteral("line\n\"quoted\"\t\\"));
    w.key(u"n").null();
    w.key(u"list").beginArray().value(true).value(false).endArray();
    w.key(u"empty").beginObject().endObject();
    w.endObject();
    EXPECT_EQ(w.take(), R"({"z":1,"a":"line\n\"quoted\"\t\\","n":null,"list":[true,false],"empty":{}})");
}

TEST(JsonWriter, DoublesAreRoundedToMicrosecondsAndKeepAPoint)
{
    JsonWriter w;
    w.beginArray().value(0.0).value(12.4).value(183.2000000001).value(1.23456789).value(-0.0).value(2e9).endArray();
    EXPECT_EQ(w.take(), "[0.0,12.4,183.2,1.235,0.0,2000000000.0]");
}

TEST(JsonWriter, ControlCharactersAreEscaped)
{
    JsonWriter w;
    w.value(QByteArray("a\x01"
                       "b"));
    EXPECT_EQ(w.take(), R"("a\u0001b")");
}

TEST(JsonWriter, IndentedOutputParsesBackToTheSameValue)
{
    JsonWriter w(JsonWriter::Style::Indented);
    w.beginObject().key(u"format").value(1).key(u"items").beginArray().value(1).value(2).endArray().endObject();
    const QByteArray text = w.take();
    EXPECT_EQ(text, "{\n  \"format\": 1,\n  \"items\": [\n    1,\n    2\n  ]\n}");
    EXPECT_EQ(QJsonDocument::fromJson(text).object().value(u"format").toInt(), 1);
}
