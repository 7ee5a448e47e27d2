// The request editor as a user drives it: every tab gives back what it was
// given, edits land in the exact RequestItem fields, JSON is checked as it is
// typed, rows come and go, and the URL's variables are marked and resolved
// (never a secret's value).
#include "editor/authtab.h"
#include "editor/bodytab.h"
#include "editor/jsontext.h"
#include "editor/multiparttable.h"
#include "editor/pairtable.h"
#include "editor/policyeditor.h"
#include "editor/requesteditor.h"
#include "editor/variablelineedit.h"
#include "mainwindow.h"

#include "modeltestsupport.h" // readable QString output

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

#include <ostream>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace jitterbug {

// Every field, so a failed comparison says which one differs.
void PrintTo(const RequestItem& r, std::ostream* os)
{
    const auto pairs = [](const QList<KeyValue>& list) {
        QStringList out;
        for (const KeyValue& p : list)
            out.append(p.name + u'=' + p.value + (p.enabled ? QString() : QStringLiteral(" (off)"))
                       + (p.description.isEmpty() ? QString() : u" #" + p.description));
        return out.join(QStringLiteral(", "));
    };
    QStringList parts;
    for (const FormField& f : r.body.multipart)
        parts.append(f.name + (f.isFile ? QStringLiteral("@") : QStringLiteral("=")) + f.value + u';' + f.contentType
                     + (f.enabled ? QString() : QStringLiteral(" (off)")));
    *os << "\n  name: " << r.name.toStdString() << "\n  method: " << r.method.toStdString()
        << "\n  url: " << r.url.left(200).toStdString() << "\n  params: " << pairs(r.params).toStdString()
        << "\n  headers: " << pairs(r.headers).toStdString() << "\n  body: kind " << int(r.body.kind) << ", type "
        << r.body.contentType.toStdString() << ", text " << r.body.text.toStdString() << ", form "
        << pairs(r.body.urlEncoded).toStdString() << ", multipart " << parts.join(u", ").toStdString()
        << "\n  auth: kind " << int(r.auth.kind) << ", " << r.auth.username.toStdString() << ":"
        << r.auth.password.toStdString() << ", token " << r.auth.token.toStdString() << ", key "
        << r.auth.keyName.toStdString() << "=" << r.auth.keyValue.toStdString() << " in " << int(r.auth.keyIn)
        << "\n  policy: "
        << (r.policy ? QJsonDocument(r.policy->fields).toJson(QJsonDocument::Compact).toStdString() : "none")
        << "\n  foreign: " << QJsonDocument(r.foreign).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace jitterbug

namespace jitterbug::gui {

void PrintTo(const JsonProblem& p, std::ostream* os)
{
    *os << '"' << p.message.toStdString() << "\" at " << p.offset;
}

void PrintTo(const VariableLineEdit::Mark& m, std::ostream* os)
{
    *os << "{" << m.start << ", " << m.length << ", state " << int(m.state) << "}";
}

} // namespace jitterbug::gui

namespace {

template<typename T>
T* child(const QObject* root, const char* name)
{
    T* found = root->findChild<T*>(QLatin1StringView(name).toString());
    EXPECT_NE(found, nullptr) << name;
    return found;
}

KeyValue pair(const char* name, const char* value, bool enabled = true, const char* description = "")
{
    return {QString::fromUtf8(name), QString::fromUtf8(value), enabled, QString::fromUtf8(description)};
}

Variable variable(const char* name, const char* value, bool secret = false)
{
    return {QString::fromUtf8(name), QString::fromUtf8(value), secret, true};
}

RequestItem baseRequest()
{
    RequestItem r;
    r.name = QStringLiteral("Create order");
    r.description = QStringLiteral("kept as it is");
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("{{base_url}}/orders");
    r.params = {pair("verbose", "1", false, "switch on for details"), pair("page", "{{page}}")};
    r.headers = {pair("Accept", "application/json"), pair("X-Debug", "1", false, "for the logs")};
    r.policy = PolicyOverride{QJsonDocument::fromJson(R"({"max_attempts": 6})").object()};
    r.foreign = QJsonDocument::fromJson(R"({"event": [{"listen": "test"}]})").object();
    return r;
}

// One request per body kind and per auth kind, with the odd values a file can
// hold (fields of another kind, line ends a text edit normalises, a URL longer
// than a line edit holds): none of them may change without an edit.
std::vector<RequestItem> requestsOfEveryKind()
{
    std::vector<RequestItem> out;
    const auto add = [&out](auto change) {
        RequestItem r = baseRequest();
        change(r);
        out.push_back(r);
    };
    add([](RequestItem&) {});
    add([](RequestItem& r) { r.insecureTls = true; });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::Json;
        r.body.text = QStringLiteral("{\"sku\": \"KB-01\", \"id\": {{id}}}");
    });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::Json;
        r.body.text = QStringLiteral("{\"broken\": }");
        r.body.contentType = QStringLiteral("text/stray"); // not a JSON body's field, but held
    });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::Raw;
        r.body.contentType = QStringLiteral("text/csv");
        r.body.text = QStringLiteral("a,b\r\n1,\u00a02\r\n");
    });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::UrlEncoded;
        r.body.urlEncoded = {pair("q", "shoes"), pair("debug", "1", false, "off for now")};
    });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::Multipart;
        r.body.multipart
            = {{QStringLiteral("title"), QStringLiteral("Holiday"), false, QString(), true},
               {QStringLiteral("photo"), QStringLiteral("./photo.png"), true, QStringLiteral("image/png"), true},
               {QStringLiteral("draft"), QStringLiteral("yes"), false, QStringLiteral("text/plain"), false}};
    });
    add([](RequestItem& r) {
        r.body.kind = Body::Kind::None;
        r.body.text = QStringLiteral("left over");
    });
    add([](RequestItem& r) { r.auth = Auth::none(); });
    add([](RequestItem& r) {
        r.auth.kind = Auth::Kind::Basic;
        r.auth.username = QStringLiteral("ada");
        r.auth.password = QStringLiteral("{{password}}");
    });
    add([](RequestItem& r) {
        r.auth.kind = Auth::Kind::Bearer;
        r.auth.token = QStringLiteral("{{token}}");
        r.auth.username = QStringLiteral("stray");
    });
    add([](RequestItem& r) {
        r.auth.kind = Auth::Kind::ApiKey;
        r.auth.keyName = QStringLiteral("X-Api-Key");
        r.auth.keyValue = QStringLiteral("{{api_key}}");
    });
    add([](RequestItem& r) {
        r.auth.kind = Auth::Kind::ApiKey;
        r.auth.keyName = QStringLiteral("key");
        r.auth.keyValue = QStringLiteral("k");
        r.auth.keyIn = Auth::ApiKeyIn::Query;
    });
    add([](RequestItem& r) {
        r.method = QStringLiteral("PURGE");
        r.url = QStringLiteral("https://example.com/") + QString(40000, u'a');
        r.policy.reset();
    });
    return out;
}

// Where the variable tests' request sits: an environment, a folder with
// auth and a variable, and secrets, one of them held in memory as a Postman
// import holds it.
Collection shop()
{
    Collection c;
    c.id = QUuid::fromString(QStringLiteral("3c9f6b2e-1d4a-4f8b-9e27-5a0c8d1f4b63"));
    c.name = QStringLiteral("Shop");
    c.variables = {variable("token", "s3cret-held", true), variable("shadowed", "collection-secret", true),
                   variable("apikey", "plain-in-collection")};
    Folder orders;
    orders.name = QStringLiteral("Orders");
    orders.auth.kind = Auth::Kind::Bearer;
    orders.auth.token = QStringLiteral("{{token}}");
    orders.variables = {variable("id", "42")};
    RequestItem create = baseRequest();
    orders.items.push_back(Item{create});
    c.items.push_back(Item{orders});
    c.items.push_back(Item{baseRequest()});
    c.environments = {
        {QStringLiteral("sim"),
         {variable("base_url", "http://sim.local"), variable("shadowed", "env-plain"), variable("apikey", "", true)}}};
    return c;
}

const ItemPath kInFolder{0, 0};
const ItemPath kAtTop{1};

class RequestEditorTest : public ::testing::Test
{
protected:
    RequestEditor editor;

    BodyTab* body() const { return editor.bodyTab(); }
    AuthTab* auth() const { return editor.authTab(); }
    void chooseBodyKind(Body::Kind kind) { body()->kindBox()->setCurrentIndex(body()->kindBox()->findData(int(kind))); }
    void chooseAuthKind(Auth::Kind kind) { auth()->kindBox()->setCurrentIndex(auth()->kindBox()->findData(int(kind))); }
    void saveScreenshot(QWidget* tab, const char* name)
    {
        editor.resize(900, 540);
        editor.tabs()->setCurrentWidget(tab);
        editor.show();
        QTest::qWait(50);
        const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(dir);
        EXPECT_TRUE(editor.grab().save(dir + u'/' + QLatin1StringView(name) + QStringLiteral(".png")));
    }
};

} // namespace

TEST_F(RequestEditorTest, GivesBackEveryKindOfRequestUntouchedAndSaysNothing)
{
    QSignalSpy edited(&editor, &RequestEditor::edited);
    const Collection collection = shop();
    for (const RequestItem& r : requestsOfEveryKind()) {
        editor.setRequest(r, QJsonObject{{QStringLiteral("max_attempts"), 4}});
        EXPECT_EQ(editor.request(), r);
        editor.setContext(collection, kInFolder, &collection.environments[0]);
        EXPECT_EQ(editor.request(), r);
    }
    EXPECT_EQ(edited.count(), 0);
}

TEST_F(RequestEditorTest, EditsLandInTheirFields)
{
    const RequestItem saved = baseRequest();
    editor.setRequest(saved);
    QSignalSpy edited(&editor, &RequestEditor::edited);

    editor.methodBox()->setCurrentText(QStringLiteral("PUT"));
    editor.urlEdit()->setText(QStringLiteral("{{base_url}}/orders/7"));
    editor.paramsTable()->table()->item(1, PairTable::Value)->setText(QStringLiteral("2"));
    editor.headersTable()->table()->item(1, PairTable::Enabled)->setCheckState(Qt::Checked);
    EXPECT_EQ(edited.count(), 4);

    RequestItem expected = saved;
    expected.method = QStringLiteral("PUT");
    expected.url = QStringLiteral("{{base_url}}/orders/7");
    expected.params[1].value = QStringLiteral("2");
    expected.headers[1].enabled = true; // its description stays
    EXPECT_EQ(editor.request(), expected);
}

TEST_F(RequestEditorTest, InsecureTlsIsTheRequestsOwnAndMarkedBesideTheUrl)
{
    editor.show();
    RequestItem saved = baseRequest();
    editor.setRequest(saved);
    EXPECT_FALSE(editor.insecureTlsBox()->isChecked()) << "TLS is verified unless the request says otherwise";
    EXPECT_FALSE(editor.insecureTlsMark()->isVisible());

    QSignalSpy edited(&editor, &RequestEditor::edited);
    editor.insecureTlsBox()->click();
    EXPECT_EQ(edited.count(), 1);
    EXPECT_TRUE(editor.request().insecureTls);
    EXPECT_TRUE(editor.insecureTlsMark()->isVisible());
    EXPECT_TRUE(editor.insecureTlsMark()->text().contains(QStringLiteral("Insecure TLS")));

    editor.setRequest(baseRequest());
    EXPECT_FALSE(editor.insecureTlsMark()->isVisible()) << "the mark follows the request shown";
    saved.insecureTls = true;
    editor.setRequest(saved);
    EXPECT_TRUE(editor.insecureTlsBox()->isChecked());
    EXPECT_TRUE(editor.insecureTlsMark()->isVisible());
    editor.insecureTlsBox()->click();
    EXPECT_FALSE(editor.request().insecureTls);
    EXPECT_FALSE(editor.insecureTlsMark()->isVisible());
}

TEST_F(RequestEditorTest, RowsAreAddedEnabledAndRemovedWithTheButtonOrDelete)
{
    editor.setRequest(baseRequest());
    QSignalSpy edited(&editor, &RequestEditor::edited);
    PairTable* headers = editor.headersTable();

    // A blank row is no header yet: nothing is sent, nothing edited.
    child<QPushButton>(headers, "add")->click();
    EXPECT_EQ(headers->table()->rowCount(), 3);
    EXPECT_EQ(headers->table()->item(2, PairTable::Enabled)->checkState(), Qt::Checked);
    EXPECT_EQ(editor.request().headers, baseRequest().headers);
    EXPECT_EQ(edited.count(), 0);

    headers->table()->item(2, PairTable::Name)->setText(QStringLiteral("X-Trace"));
    EXPECT_EQ(edited.count(), 1);
    EXPECT_EQ(editor.request().headers.last(), pair("X-Trace", ""));
    EXPECT_EQ(editor.tabs()->tabText(1), QStringLiteral("Headers (2)")); // the rows that are sent

    // Delete on the first row: the others keep their descriptions.
    headers->table()->selectRow(0);
    headers->table()->setFocus();
    QTest::keyClick(headers->table(), Qt::Key_Delete);
    EXPECT_EQ(edited.count(), 2);
    EXPECT_EQ(editor.request().headers,
              (QList<KeyValue>{pair("X-Debug", "1", false, "for the logs"), pair("X-Trace", "")}));

    // The row below moved up and is selected: Remove goes on from there.
    EXPECT_TRUE(child<QPushButton>(headers, "remove")->isEnabled());
    child<QPushButton>(headers, "remove")->click();
    EXPECT_EQ(editor.request().headers, (QList<KeyValue>{pair("X-Trace", "")}));
    EXPECT_EQ(edited.count(), 3);

    PairTable* params = editor.paramsTable();
    params->table()->selectRow(1);
    child<QPushButton>(params, "remove")->click();
    EXPECT_EQ(editor.request().params, (QList<KeyValue>{pair("verbose", "1", false, "switch on for details")}));
}

TEST_F(RequestEditorTest, BodyKindsGiveTheirOwnFields)
{
    RequestItem saved = baseRequest();
    saved.body.kind = Body::Kind::Json;
    saved.body.text = QStringLiteral("{\"a\": 1}");
    editor.setRequest(saved);
    QSignalSpy edited(&editor, &RequestEditor::edited);

    chooseBodyKind(Body::Kind::Raw);
    body()->contentTypeEdit()->setText(QStringLiteral("text/plain"));
    EXPECT_EQ(editor.request().body, (Body{Body::Kind::Raw, QStringLiteral("text/plain"), saved.body.text, {}, {}}));

    // The form's own rows; the text stays in its widget, out of the body.
    chooseBodyKind(Body::Kind::UrlEncoded);
    PairTable* form = body()->formTable();
    child<QPushButton>(form, "add")->click();
    form->table()->item(0, PairTable::Name)->setText(QStringLiteral("q"));
    form->table()->item(0, PairTable::Value)->setText(QStringLiteral("red shoes"));
    child<QPushButton>(form, "add")->click();
    form->table()->item(1, PairTable::Name)->setText(QStringLiteral("page"));
    form->table()->item(1, PairTable::Enabled)->setCheckState(Qt::Unchecked);
    EXPECT_EQ(editor.request().body,
              (Body{Body::Kind::UrlEncoded, {}, {}, {pair("q", "red shoes"), pair("page", "", false)}, {}}));

    chooseBodyKind(Body::Kind::None);
    EXPECT_EQ(editor.request().body, Body{});
    chooseBodyKind(Body::Kind::Json); // back to the saved kind: exactly what was saved
    EXPECT_EQ(editor.request().body, saved.body);
    EXPECT_GE(edited.count(), 8);
}

TEST_F(RequestEditorTest, MultipartFieldsAreTextOrFiles)
{
    editor.setRequest(baseRequest());
    chooseBodyKind(Body::Kind::Multipart);
    MultipartTable* table = body()->multipartTable();
    table->setFileChooser([](QWidget*, const QString& current) {
        EXPECT_EQ(current, QString());
        return QStringLiteral("/tmp/photo.png");
    });
    QSignalSpy edited(&editor, &RequestEditor::edited);

    child<QPushButton>(table, "addText")->click();
    table->table()->item(0, MultipartTable::Name)->setText(QStringLiteral("title"));
    table->table()->item(0, MultipartTable::Value)->setText(QStringLiteral("Holiday"));
    EXPECT_EQ(table->table()->cellWidget(0, MultipartTable::Browse), nullptr); // text rows have no Browse…

    child<QPushButton>(table, "addFile")->click();
    table->table()->item(1, MultipartTable::Name)->setText(QStringLiteral("photo"));
    auto* browse = qobject_cast<QPushButton*>(table->table()->cellWidget(1, MultipartTable::Browse));
    ASSERT_NE(browse, nullptr);
    browse->click();
    table->table()->item(1, MultipartTable::ContentType)->setText(QStringLiteral("image/png"));

    EXPECT_EQ(editor.request().body.multipart,
              (QList<FormField>{{QStringLiteral("title"), QStringLiteral("Holiday"), false, {}, true},
                                {QStringLiteral("photo"), QStringLiteral("/tmp/photo.png"), true,
                                 QStringLiteral("image/png"), true}}));

    // Text → file: the row gets its Browse… button, and the field is a file.
    const int before = int(edited.count());
    table->typeBox(0)->setCurrentIndex(1);
    EXPECT_EQ(edited.count(), before + 1);
    EXPECT_NE(table->table()->cellWidget(0, MultipartTable::Browse), nullptr);
    EXPECT_TRUE(editor.request().body.multipart[0].isFile);
    table->setFileRow(0, false);
    EXPECT_EQ(table->table()->cellWidget(0, MultipartTable::Browse), nullptr);
}

TEST_F(RequestEditorTest, AuthKindsGiveTheirOwnFields)
{
    editor.setRequest(baseRequest()); // inherits
    QSignalSpy edited(&editor, &RequestEditor::edited);

    chooseAuthKind(Auth::Kind::Basic);
    child<QLineEdit>(auth(), "username")->setText(QStringLiteral("ada"));
    child<QLineEdit>(auth(), "password")->setText(QStringLiteral("{{password}}"));
    Auth basic;
    basic.kind = Auth::Kind::Basic;
    basic.username = QStringLiteral("ada");
    basic.password = QStringLiteral("{{password}}");
    EXPECT_EQ(editor.request().auth, basic);

    // Another kind drops Basic's fields, as a save would.
    chooseAuthKind(Auth::Kind::Bearer);
    child<QLineEdit>(auth(), "token")->setText(QStringLiteral("{{token}}"));
    Auth bearer;
    bearer.kind = Auth::Kind::Bearer;
    bearer.token = QStringLiteral("{{token}}");
    EXPECT_EQ(editor.request().auth, bearer);

    chooseAuthKind(Auth::Kind::ApiKey);
    child<QLineEdit>(auth(), "keyName")->setText(QStringLiteral("api_key"));
    child<QLineEdit>(auth(), "keyValue")->setText(QStringLiteral("k-1"));
    QComboBox* in = child<QComboBox>(auth(), "keyIn");
    in->setCurrentIndex(in->findData(int(Auth::ApiKeyIn::Query)));
    Auth key;
    key.kind = Auth::Kind::ApiKey;
    key.keyName = QStringLiteral("api_key");
    key.keyValue = QStringLiteral("k-1");
    key.keyIn = Auth::ApiKeyIn::Query;
    EXPECT_EQ(editor.request().auth, key);

    chooseAuthKind(Auth::Kind::None);
    EXPECT_EQ(editor.request().auth, Auth::none());
    chooseAuthKind(Auth::Kind::Inherit);
    EXPECT_EQ(editor.request().auth, Auth{});
    EXPECT_EQ(editor.request().foreign, baseRequest().foreign);
    EXPECT_EQ(edited.count(), 11); // each kind and each field
}

TEST_F(RequestEditorTest, PasswordsAreHiddenUntilShown)
{
    QLineEdit* password = child<QLineEdit>(auth(), "password");
    auto* show = child<QToolButton>(auth(), "showPassword");
    EXPECT_EQ(password->echoMode(), QLineEdit::Password);
    EXPECT_EQ(child<QLineEdit>(auth(), "token")->echoMode(), QLineEdit::Password);
    editor.setRequest(baseRequest());
    QSignalSpy edited(&editor, &RequestEditor::edited);
    show->click();
    EXPECT_EQ(password->echoMode(), QLineEdit::Normal);
    EXPECT_EQ(show->text(), QStringLiteral("Hide"));
    show->click();
    EXPECT_EQ(password->echoMode(), QLineEdit::Password);
    EXPECT_EQ(edited.count(), 0); // showing is no edit
}

TEST_F(RequestEditorTest, InheritSaysWhereTheAuthComesFrom)
{
    const Collection collection = shop();
    editor.setContext(collection, kInFolder, nullptr);
    EXPECT_EQ(auth()->inheritedDescription(), QStringLiteral("Inherited from folder \"Orders\": Bearer token"));
    editor.setContext(collection, kAtTop, nullptr);
    EXPECT_EQ(auth()->inheritedDescription(), QStringLiteral("Inherited from the collection: No auth"));
}

TEST_F(RequestEditorTest, InvalidJsonIsANoteNotABlock)
{
    RequestItem saved = baseRequest();
    saved.body.kind = Body::Kind::Json;
    saved.body.text = QStringLiteral("{\"a\": 1}");
    editor.setRequest(saved);
    EXPECT_EQ(body()->jsonNote(), QString());
    EXPECT_TRUE(body()->prettyPrintButton()->isEnabled());

    body()->textEdit()->setPlainText(QStringLiteral("{\"a\": 1,}"));
    EXPECT_EQ(body()->jsonNote(), QStringLiteral("JSON: trailing comma before '}' at offset 7"));
    EXPECT_TRUE(child<QLabel>(body(), "jsonNote")->toolTip().contains(QStringLiteral("sent as written")));
    EXPECT_FALSE(body()->prettyPrintButton()->isEnabled());
    EXPECT_EQ(editor.request().body.text, QStringLiteral("{\"a\": 1,}")); // kept: the user may mean it

    // Variables stand for values; raw text is not JSON's business.
    body()->textEdit()->setPlainText(QStringLiteral("{\"id\": {{id}}, \"name\": \"{{name}}\"}"));
    EXPECT_EQ(body()->jsonNote(), QString());
    body()->textEdit()->setPlainText(QStringLiteral("not json"));
    EXPECT_EQ(body()->jsonNote(), QStringLiteral("JSON: expected a value at offset 0"));
    chooseBodyKind(Body::Kind::Raw);
    EXPECT_EQ(body()->jsonNote(), QString());
}

TEST_F(RequestEditorTest, PrettyPrintKeepsOrderNumbersAndVariablesAndIsOneUndoStep)
{
    RequestItem saved = baseRequest();
    saved.body.kind = Body::Kind::Json;
    saved.body.text = QStringLiteral(R"({"z": 1.50, "a": [1, {"id": {{id}}}, []], "e": {}, "s": "x, y: {z}"})");
    editor.setRequest(saved);
    QSignalSpy edited(&editor, &RequestEditor::edited);
    body()->prettyPrintButton()->click();
    EXPECT_EQ(editor.request().body.text, QStringLiteral(R"({
    "z": 1.50,
    "a": [
        1,
        {
            "id": {{id}}
        },
        []
    ],
    "e": {},
    "s": "x, y: {z}"
})"));
    EXPECT_EQ(edited.count(), 1);
    body()->textEdit()->undo();
    EXPECT_EQ(editor.request().body.text, saved.body.text);
}

TEST(JsonText, ProblemsAndWhereTheyAre)
{
    const auto problem = [](const char* text) {
        return jsonProblem(QString::fromUtf8(text));
    };
    EXPECT_EQ(problem(""), std::nullopt);
    EXPECT_EQ(problem(" \n"), std::nullopt);
    EXPECT_EQ(problem("42"), std::nullopt); // a bare value is JSON (RFC 8259)
    EXPECT_EQ(problem("\"text\""), std::nullopt);
    EXPECT_EQ(problem("[true, false, null, -0.5e+3, \"\\u00e9\\n\"]"), std::nullopt);
    EXPECT_EQ(problem("{{whole_body}}"), std::nullopt);
    EXPECT_EQ(problem("{\"a\" 1}"), (JsonProblem{QStringLiteral("expected ':' after the name"), 5}));
    EXPECT_EQ(problem("{a: 1}"), (JsonProblem{QStringLiteral("expected a name in double quotes"), 1}));
    EXPECT_EQ(problem("[1 2]"), (JsonProblem{QStringLiteral("expected ',' or ']'"), 3}));
    EXPECT_EQ(problem("[1,]"), (JsonProblem{QStringLiteral("trailing comma before ']'"), 2}));
    EXPECT_EQ(problem("{\"a\": 01}"), (JsonProblem{QStringLiteral("invalid number"), 6}));
    EXPECT_EQ(problem("{\"a\": \"b}"), (JsonProblem{QStringLiteral("unterminated string"), 6}));
    EXPECT_EQ(problem("\"a\nb\""), (JsonProblem{QStringLiteral("line break in a string (write \\n)"), 2}));
    EXPECT_EQ(problem("\"\\x\""), (JsonProblem{QStringLiteral("invalid escape"), 1}));
    EXPECT_EQ(problem("{} {}"), (JsonProblem{QStringLiteral("unexpected text after the value"), 3}));
    EXPECT_EQ(problem("{\"a\":"), (JsonProblem{QStringLiteral("unexpected end of text"), 5}));
    EXPECT_EQ(problem("{\"a\": {{x}"), (JsonProblem{QStringLiteral("expected a name in double quotes"), 7}));
    // Offsets count characters, not UTF-8 bytes.
    EXPECT_EQ(problem("{\"é€\": tru}"), (JsonProblem{QStringLiteral("expected a value"), 7}));
    EXPECT_EQ(problem(QByteArray(600, '[').constData()).value().message, QStringLiteral("nested too deeply"));
}

TEST_F(RequestEditorTest, UrlVariablesAreMarkedByWhatTheyAre)
{
    const Collection collection = shop();
    const QString url = QStringLiteral("{{base_url}}/orders/{{ id }}?t={{token}}&x={{nowhere}}&g={{$guid}}");
    RequestItem r = baseRequest();
    r.url = url;
    editor.setRequest(r);
    // Before the editor knows where the request sits, references are only marked.
    EXPECT_EQ(editor.urlEdit()->marks().size(), 5);
    EXPECT_EQ(editor.urlEdit()->toolTip(), QString());

    editor.setContext(collection, kInFolder, &collection.environments[0]);
    using Mark = VariableLineEdit::Mark;
    const auto at = [&url](const char* reference) {
        return url.indexOf(QLatin1StringView(reference));
    };
    EXPECT_EQ(editor.urlEdit()->marks(),
              (QList<Mark>{{0, 12, VariableState::Defined},
                           {at("{{ id }}"), 8, VariableState::Defined},
                           {at("{{token}}"), 9, VariableState::Secret},
                           {at("{{nowhere}}"), 11, VariableState::Undefined},
                           {at("{{$guid}}"), 9, VariableState::Dynamic}}));
}

TEST_F(RequestEditorTest, TheResolvedUrlIsTheTooltipAndNeverShowsASecret)
{
    const Collection collection = shop();
    const Environment* sim = &collection.environments[0];
    RequestItem r = baseRequest();
    r.url = QStringLiteral("{{base_url}}/orders/{{ id }}?t={{token}}&x={{nowhere}}&g={{$guid}}");
    editor.setRequest(r);
    editor.setContext(collection, kInFolder, sim);
    EXPECT_EQ(editor.urlEdit()->toolTip(),
              QStringLiteral("http://sim.local/orders/42?t={{token}}&x={{nowhere}}&g={{$guid}}\n"
                             "{{token}} is secret: its value is not shown\n"
                             "{{nowhere}} is not defined\n"
                             "{{$guid}} gets a new value on every call"));
    EXPECT_FALSE(editor.urlEdit()->toolTip().contains(QStringLiteral("s3cret")));

    // The innermost definition decides: a plain value over a secret shows,
    // a secret over a plain value does not.
    editor.urlEdit()->setText(QStringLiteral("{{base_url}}/{{shadowed}}/{{apikey}}"));
    EXPECT_EQ(editor.urlEdit()->toolTip(),
              QStringLiteral("http://sim.local/env-plain/{{apikey}}\n"
                             "{{apikey}} is secret: its value is not shown"));
    // Another environment (here none) is taken when the window says so.
    editor.setContext(collection, kInFolder, nullptr);
    EXPECT_EQ(editor.urlEdit()->toolTip(),
              QStringLiteral("{{base_url}}/{{shadowed}}/plain-in-collection\n"
                             "{{base_url}} is not defined\n"
                             "{{shadowed}} is secret: its value is not shown"));
    // Text that looks like markup stays text.
    editor.urlEdit()->setText(QStringLiteral("http://x/?q=<b>bold</b>"));
    EXPECT_FALSE(editor.urlEdit()->toolTip().contains(QStringLiteral("<b>")));
    EXPECT_EQ(editor.urlEdit()->resolvedText(), QStringLiteral("http://x/?q=<b>bold</b>"));
}

TEST_F(RequestEditorTest, MarksArePaintedAndFollowTypingWithoutTouchingTheSelection)
{
    const Collection collection = shop();
    RequestItem r = baseRequest();
    r.url = QStringLiteral("{{base_url}}/x/{{nowhere}}");
    editor.setRequest(r);
    editor.setContext(collection, kInFolder, &collection.environments[0]);
    editor.resize(700, 400);
    editor.show();
    QTest::qWait(20);
    const QImage image = editor.urlEdit()->grab().toImage();
    const auto hasColour = [&image](QRgb colour) {
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if ((image.pixel(x, y) & 0xffffff) == (colour & 0xffffff))
                    return true;
        return false;
    };
    EXPECT_TRUE(hasColour(0xe3f2fd)); // a defined variable's tint
    EXPECT_TRUE(hasColour(0xffebee)); // an undefined one's

    editor.urlEdit()->setFocus();
    editor.urlEdit()->selectAll();
    editor.setContext(collection, kInFolder, &collection.environments[0]);
    EXPECT_EQ(editor.urlEdit()->selectedText(), r.url);

    QSignalSpy edited(&editor, &RequestEditor::edited);
    editor.urlEdit()->end(false);
    QTest::keyClicks(editor.urlEdit(), QStringLiteral("/{{id}}"));
    EXPECT_EQ(editor.urlEdit()->text(), r.url + QStringLiteral("/{{id}}"));
    EXPECT_EQ(editor.urlEdit()->marks().size(), 3);
    EXPECT_EQ(editor.urlEdit()->marks().last().state, VariableState::Defined);
    EXPECT_EQ(editor.request().url, r.url + QStringLiteral("/{{id}}"));
    EXPECT_GE(edited.count(), 1);
    // The marks are no edits of the line's own: its undo still takes back the typing.
    editor.urlEdit()->undo();
    EXPECT_EQ(editor.urlEdit()->text(), r.url);
}

TEST(RequestEditorInWindow, TheWindowGivesTheEditorItsVariablesAndInheritedAuth)
{
    MainWindow window;
    ASSERT_TRUE(
        window.openCollection(QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json")));
    ASSERT_TRUE(window.selectEnvironment(QStringLiteral("sim")));
    ASSERT_TRUE(window.selectRequest(QStringLiteral("OK")));
    EXPECT_EQ(window.editor()->urlEdit()->toolTip(), QStringLiteral("http://sim.local/ok"));
    EXPECT_EQ(window.editor()->authTab()->inheritedDescription(),
              QStringLiteral("Inherited from the collection: No auth"));
    window.editor()->urlEdit()->setText(QStringLiteral("{{base_url}}/ok/{{nowhere}}"));
    EXPECT_EQ(window.editor()->urlEdit()->marks().last().state, VariableState::Undefined);
}

TEST_F(RequestEditorTest, Screenshots)
{
    const Collection collection = shop();
    RequestItem r = baseRequest();
    r.url = QStringLiteral("{{base_url}}/orders/{{id}}?token={{token}}&trace={{trace_id}}");
    r.body.kind = Body::Kind::UrlEncoded;
    r.body.urlEncoded
        = {pair("sku", "KB-01"), pair("quantity", "{{quantity}}"), pair("gift_wrap", "yes", false, "only in December")};
    r.auth.kind = Auth::Kind::Basic;
    r.auth.username = QStringLiteral("ada");
    r.auth.password = QStringLiteral("correct horse");
    editor.setRequest(r);
    editor.setContext(collection, kInFolder, &collection.environments[0]);
    saveScreenshot(body(), "editor-body-form");
    saveScreenshot(auth(), "editor-auth-basic");

    chooseAuthKind(Auth::Kind::Inherit);
    saveScreenshot(auth(), "editor-auth-inherit");
    chooseAuthKind(Auth::Kind::ApiKey);
    saveScreenshot(auth(), "editor-auth-apikey");

    chooseBodyKind(Body::Kind::Multipart);
    body()->multipartTable()->setFields(
        {{QStringLiteral("title"), QStringLiteral("Holiday"), false, {}, true},
         {QStringLiteral("photo"), QStringLiteral("./photos/beach.png"), true, QStringLiteral("image/png"), true},
         {QStringLiteral("draft"), QStringLiteral("yes"), false, {}, false}});
    saveScreenshot(body(), "editor-body-multipart");

    chooseBodyKind(Body::Kind::Json);
    body()->textEdit()->setPlainText(QStringLiteral("{\n    \"sku\": \"KB-01\",\n    \"quantity\": {{quantity}},\n}"));
    saveScreenshot(body(), "editor-body-json");
}
