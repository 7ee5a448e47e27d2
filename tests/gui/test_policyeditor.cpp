// The Resilience tab as a user drives it: presets, field edits, inherited
// values and their reset, inline validation, and the preview of the waits.
#include "charts/policypreviewchart.h"
#include "charts/policypreviewtext.h"
#include "curl/curlcommand.h"
#include "curl/curlpolicy.h"
#include "editor/durationedit.h"
#include "editor/policyeditor.h"
#include "editor/policyfield.h"
#include "policy/waitplan.h"

#include "modeltestsupport.h" // readable QString output

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// Compact JSON with sorted keys (QJsonObject's order): one string to compare.
QString text(const std::optional<PolicyOverride>& o)
{
    return o ? QString::fromUtf8(QJsonDocument(o->fields).toJson(QJsonDocument::Compact)) : QStringLiteral("none");
}

class PolicyEditorTest : public ::testing::Test
{
protected:
    PolicyEditor editor;

    template<typename T>
    T* child(const char* name)
    {
        T* found = editor.findChild<T*>(QLatin1StringView(name).toString());
        EXPECT_NE(found, nullptr) << name;
        return found;
    }
    void choose(const char* combo, const char* data)
    {
        QComboBox* box = child<QComboBox>(combo);
        const int index = box->findData(QLatin1StringView(data).toString());
        ASSERT_GE(index, 0) << data;
        box->setCurrentIndex(index);
    }
    RetryPolicy effective()
    {
        const Expected<RetryPolicy> p = editor.effectivePolicy();
        EXPECT_TRUE(p.has_value()) << (p ? "" : qPrintable(p.error().message));
        return p.value_or(RetryPolicy{});
    }
    bool hintShown(const char* key)
    {
        return !child<QLabel>(qPrintable(QStringLiteral("hint:") + QLatin1StringView(key)))->isHidden();
    }
    QString hintText(const char* key)
    {
        return child<QLabel>(qPrintable(QStringLiteral("hint:") + QLatin1StringView(key)))->text();
    }
    QToolButton* resetButton(const char* key)
    {
        return child<QToolButton>(qPrintable(QStringLiteral("reset:") + QLatin1StringView(key)));
    }
};

// An inherited schedule unlike every preset's, so a preset that forgot a
// field would show it.
const char* kOddSchedule
    = R"({"backoff": "linear", "multiplier": 3, "max_delay_ms": 500, "jitter": "decorrelated", "base_delay_ms": 7})";

RetryPolicy schedule(int attempts, BackoffKind backoff, double baseMs, double multiplier, double maxMs, Jitter jitter)
{
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.backoff = backoff;
    p.baseDelayMs = baseMs;
    p.multiplier = multiplier;
    p.maxDelayMs = maxMs;
    p.jitter = jitter;
    return p;
}

} // namespace

TEST_F(PolicyEditorTest, OffersThePresetsInOrder)
{
    EXPECT_EQ(editor.presetNames(),
              (QStringList{QStringLiteral("No retries"), QStringLiteral("curl --retry 3"),
                           QStringLiteral("AWS SDK standard"), QStringLiteral("gRPC example"),
                           QStringLiteral("Polly default"), QStringLiteral("Gentle"), QStringLiteral("Aggressive")}));
}

TEST_F(PolicyEditorTest, EachPresetGivesItsExactPolicyWhateverIsInherited)
{
    RetryPolicy noRetries = schedule(1, BackoffKind::Linear, 7, 3, 500, Jitter::Decorrelated);
    RetryPolicy gentle = schedule(3, BackoffKind::Exponential, 500, 2, 10000, Jitter::Equal);
    gentle.respectRetryAfter = true;
    RetryPolicy aggressive = schedule(8, BackoffKind::Exponential, 50, 1.5, 2000, Jitter::Full);
    aggressive.deadlineMs = 10000;
    const Expected<CurlCommand> curl
        = parseCurlArguments({QStringLiteral("--retry"), QStringLiteral("3"), QStringLiteral("https://example.com/")});
    ASSERT_TRUE(curl.has_value());
    const RetryPolicy curlRetry3 = curlRetryPolicy(*curl);
    // curl's own meaning, spelled out: the helper above must not drift either.
    EXPECT_EQ(curlRetry3.maxAttempts, 4);
    EXPECT_EQ(curlRetry3.baseDelayMs, 1000);
    EXPECT_EQ(curlRetry3.maxDelayMs, 600000);
    EXPECT_EQ(curlRetry3.jitter, Jitter::None);

    const QList<std::pair<QString, RetryPolicy>> expected{
        {QStringLiteral("No retries"), noRetries},
        {QStringLiteral("curl --retry 3"), curlRetry3},
        {QStringLiteral("AWS SDK standard"), schedule(3, BackoffKind::Exponential, 1000, 2, 20000, Jitter::Full)},
        {QStringLiteral("gRPC example"), schedule(4, BackoffKind::Exponential, 100, 2, 1000, Jitter::Full)},
        {QStringLiteral("Polly default"), schedule(4, BackoffKind::Constant, 2000, 1, 2000, Jitter::None)},
        {QStringLiteral("Gentle"), gentle},
        {QStringLiteral("Aggressive"), aggressive},
    };
    for (const auto& [name, policy] : expected) {
        SCOPED_TRACE(name.toStdString());
        editor.setPolicy(json(kOddSchedule), std::nullopt);
        QSignalSpy edited(&editor, &PolicyEditor::edited);
        editor.applyPreset(name);
        EXPECT_EQ(edited.count(), 1);
        EXPECT_EQ(effective(), policy);
        EXPECT_EQ(child<QComboBox>("presets")->currentText(), name);
        EXPECT_EQ(editor.problem(), QString());
    }
}

TEST_F(PolicyEditorTest, APresetWritesItsFieldsIntoTheOverride)
{
    editor.setPolicy({}, PolicyOverride{json(R"({"deadline_ms": 5000})")});
    editor.applyPreset(QStringLiteral("gRPC example"));
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"backoff":"exponential","base_delay_ms":100,"deadline_ms":5000,"jitter":"full",)"
                             R"("max_attempts":4,"max_delay_ms":1000,"multiplier":2})"));
    // The widgets show it, as the request's own.
    EXPECT_EQ(child<QSpinBox>("max_attempts")->value(), 4);
    EXPECT_FALSE(hintShown("max_attempts"));
    EXPECT_FALSE(resetButton("max_attempts")->isHidden());
}

TEST_F(PolicyEditorTest, ChoosingAPresetInTheBoxAppliesIt)
{
    QSignalSpy edited(&editor, &PolicyEditor::edited);
    QComboBox* presets = child<QComboBox>("presets");
    const int index = presets->findText(QStringLiteral("No retries"));
    presets->setCurrentIndex(index);
    Q_EMIT presets->activated(index); // what a click on the item sends
    EXPECT_EQ(edited.count(), 1);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"max_attempts":1})"));
}

TEST_F(PolicyEditorTest, TheBoxSaysCustomWhenNoPresetMatches)
{
    editor.setPolicy({}, std::nullopt);
    EXPECT_EQ(child<QComboBox>("presets")->currentText(), QStringLiteral("Custom"));
    editor.setPolicy(json(R"({"max_attempts": 1})"), std::nullopt);
    EXPECT_EQ(child<QComboBox>("presets")->currentText(), QStringLiteral("No retries"));
}

TEST_F(PolicyEditorTest, EditingAWidgetEmitsEditedAndSetsExactlyThatField)
{
    editor.setPolicy(json(R"({"max_attempts": 5})"), std::nullopt);
    QSignalSpy edited(&editor, &PolicyEditor::edited);
    child<QSpinBox>("max_attempts")->setValue(6);
    EXPECT_EQ(edited.count(), 1);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"max_attempts":6})"));

    choose("jitter", "equal");
    EXPECT_EQ(edited.count(), 2);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"jitter":"equal","max_attempts":6})"));
    EXPECT_EQ(effective().jitter, Jitter::Equal);
}

TEST_F(PolicyEditorTest, TypingADurationWritesMilliseconds)
{
    auto* base = child<DurationEdit>("base_delay_ms");
    EXPECT_EQ(base->unitBox()->currentText(), QStringLiteral("ms")); // 100 ms by default
    QSignalSpy edited(&editor, &PolicyEditor::edited);
    base->numberBox()->selectAll();
    QTest::keyClicks(base->numberBox(), QStringLiteral("250"));
    EXPECT_GE(edited.count(), 1);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"base_delay_ms":250})"));
    // Another unit keeps the number and changes what it means.
    base->unitBox()->setCurrentText(QStringLiteral("s"));
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"base_delay_ms":250000})"));
}

TEST_F(PolicyEditorTest, DurationsAreShownInTheLargestExactUnit)
{
    DurationEdit edit;
    const QList<std::tuple<double, double, QString>> cases{
        {100, 100, QStringLiteral("ms")},    {1500, 1.5, QStringLiteral("s")}, {600000, 10, QStringLiteral("min")},
        {86400000, 24, QStringLiteral("h")}, {0.5, 0.5, QStringLiteral("ms")}, {90000, 1.5, QStringLiteral("min")}};
    for (const auto& [ms, number, unit] : cases) {
        edit.setMilliseconds(ms);
        EXPECT_EQ(edit.numberBox()->value(), number) << ms;
        EXPECT_EQ(edit.unitBox()->currentText(), unit) << ms;
        EXPECT_EQ(edit.milliseconds(), ms);
    }
    edit.setMilliseconds(1500);
    EXPECT_EQ(edit.numberBox()->text(), QStringLiteral("1.5")); // not "1.500"
}

TEST_F(PolicyEditorTest, OptionalDurationsSwitchBetweenAValueAndNull)
{
    editor.setPolicy(json(R"({"deadline_ms": 5000})"), std::nullopt);
    auto* on = child<QCheckBox>("deadline_ms.on");
    EXPECT_TRUE(on->isChecked());
    EXPECT_EQ(child<DurationEdit>("deadline_ms.value")->milliseconds(), 5000);
    on->setChecked(false); // the request drops the collection's deadline
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"deadline_ms":null})"));
    EXPECT_EQ(effective().deadlineMs, std::nullopt);

    auto* connect = child<QCheckBox>("connect_timeout_ms.on");
    connect->setChecked(true);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"connect_timeout_ms":10000,"deadline_ms":null})"));
}

TEST_F(PolicyEditorTest, SettingsObjectsAreWrittenWhole)
{
    child<QCheckBox>("rate_limit.on")->setChecked(true);
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"rate_limit":{"burst":0,"period_ms":1000,"requests":10,"scope":"run"}})"));
    EXPECT_EQ(effective().rateLimit, RateLimitSettings{});
    child<QSpinBox>("rate_limit.requests")->setValue(5);
    choose("rate_limit.scope", "host");
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"rate_limit":{"burst":0,"period_ms":1000,"requests":5,"scope":"host"}})"));

    child<QCheckBox>("circuit_breaker.on")->setChecked(true);
    EXPECT_EQ(effective().circuitBreaker, CircuitBreakerSettings{});
    child<QCheckBox>("retry_budget.on")->setChecked(true);
    EXPECT_EQ(effective().retryBudget, RetryBudgetSettings{});

    editor.setPolicy({}, std::nullopt);
    choose("fallback.mode", "static");
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"fallback":{"body":"","content_type":"text/plain","mode":"static","status":200}})"));
    choose("fallback.mode", "last_good");
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"fallback":{"mode":"last_good"}})"));
    EXPECT_EQ(effective().fallback->mode, FallbackMode::LastGood);
}

TEST_F(PolicyEditorTest, IdempotencyKeyIsNoneAutoOrFixed)
{
    choose("idempotency_key.mode", "auto");
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"idempotency_key":{"header":"Idempotency-Key","value":"auto"}})"));
    auto* value = child<QLineEdit>("idempotency_key.value");
    EXPECT_FALSE(value->isEnabled());
    choose("idempotency_key.mode", "fixed");
    EXPECT_TRUE(value->isEnabled());
    QTest::keyClicks(value, QStringLiteral("order-42"));
    EXPECT_EQ(effective().idempotencyKey, QByteArray("order-42"));
    choose("idempotency_key.mode", "none");
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"idempotency_key":{"header":"Idempotency-Key","value":null}})"));
}

TEST_F(PolicyEditorTest, StatusesAndErrorsAreEditedAsLists)
{
    editor.setPolicy(json(R"({"retry_on": [408, 500, 501, 502, 503, 504]})"), std::nullopt);
    auto* statuses = child<QLineEdit>("retry_on");
    EXPECT_EQ(statuses->text(), QStringLiteral("408, 500-504"));
    statuses->clear();
    QTest::keyClicks(statuses, QStringLiteral("429, 500-503"));
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"retry_on":[429,500,501,502,503]})"));

    editor.setPolicy({}, std::nullopt);
    child<QCheckBox>("retry_on_errors.timeout")->setChecked(false);
    EXPECT_EQ(text(editor.policyOverride()),
              QStringLiteral(R"({"retry_on_errors":["connection_refused","connection_reset","host_not_found",)"
                             R"("network_unreachable","protocol_error","network_error"]})"));
    EXPECT_FALSE(effective().retryOnErrors.contains(ErrorCode::Timeout));
}

TEST_F(PolicyEditorTest, StatusListTextRoundTrips)
{
    EXPECT_EQ(statusListText(QJsonArray{408, 425, 429, 500, 502, 503, 504}),
              QStringLiteral("408, 425, 429, 500, 502, 503, 504")); // runs under four stay a list
    QJsonArray all;
    for (int s = 400; s <= 599; ++s)
        all.append(s);
    EXPECT_EQ(statusListText(all), QStringLiteral("400-599"));
    EXPECT_EQ(statusListFromText(QStringLiteral("400-599")), all);
    EXPECT_EQ(statusListFromText(QStringLiteral(" 429;500-502  5xx,")),
              (QJsonArray{429, 500, 501, 502, QStringLiteral("5xx")}));
    EXPECT_EQ(statusListFromText(QString()), QJsonArray());
}

TEST_F(PolicyEditorTest, InheritedFieldsAreShownWithTheirSource)
{
    QSignalSpy edited(&editor, &PolicyEditor::edited);
    editor.setPolicy(json(R"({"max_attempts": 7, "rate_limit": {"requests": 5, "period_ms": 2000}})"), std::nullopt);
    EXPECT_EQ(edited.count(), 0); // setPolicy is not an edit
    EXPECT_EQ(editor.policyOverride(), std::nullopt);
    EXPECT_EQ(child<QSpinBox>("max_attempts")->value(), 7);
    EXPECT_EQ(hintText("max_attempts"), QStringLiteral("inherited"));
    EXPECT_TRUE(hintShown("max_attempts"));
    EXPECT_TRUE(resetButton("max_attempts")->isHidden());
    EXPECT_EQ(hintText("base_delay_ms"), QStringLiteral("default"));
    EXPECT_TRUE(child<QCheckBox>("rate_limit.on")->isChecked());
    EXPECT_EQ(child<QSpinBox>("rate_limit.requests")->value(), 5);
    EXPECT_EQ(child<DurationEdit>("rate_limit.period_ms")->milliseconds(), 2000);
    EXPECT_EQ(child<QSpinBox>("rate_limit.burst")->value(), 0); // absent: the default
}

TEST_F(PolicyEditorTest, SetPolicyNeverEmitsEdited)
{
    QSignalSpy edited(&editor, &PolicyEditor::edited);
    editor.setPolicy(
        json(R"({"deadline_ms": 5000, "fallback": {"mode": "static", "status": 503, "body": "x"},)"
             R"( "circuit_breaker": {"window": 4, "minimum_calls": 2}, "idempotency_key": {"value": "k"}})"),
        PolicyOverride{json(R"({"jitter": "none", "retry_on": [503], "connect_timeout_ms": 900})")});
    editor.setPolicy({}, std::nullopt);
    editor.setPolicy({}, PolicyOverride{json(R"({"multiplier": 0})")}); // invalid, still no edit
    EXPECT_EQ(edited.count(), 0);
}

TEST_F(PolicyEditorTest, ResetGoesBackToTheInheritedValue)
{
    editor.setPolicy(json(R"({"max_attempts": 6})"), PolicyOverride{json(R"({"max_attempts": 2, "jitter": "none"})")});
    auto* attempts = child<QSpinBox>("max_attempts");
    EXPECT_EQ(attempts->value(), 2);
    EXPECT_FALSE(hintShown("max_attempts"));
    ASSERT_FALSE(resetButton("max_attempts")->isHidden());

    QSignalSpy edited(&editor, &PolicyEditor::edited);
    resetButton("max_attempts")->click();
    EXPECT_EQ(edited.count(), 1);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"jitter":"none"})"));
    EXPECT_EQ(attempts->value(), 6);
    EXPECT_TRUE(hintShown("max_attempts"));
    EXPECT_TRUE(resetButton("max_attempts")->isHidden());
    EXPECT_EQ(effective().maxAttempts, 6);

    editor.resetToInherited(QStringLiteral("jitter"));
    EXPECT_EQ(editor.policyOverride(), std::nullopt);
    EXPECT_EQ(child<QComboBox>("jitter")->currentData().toString(), QStringLiteral("full")); // the default
    EXPECT_EQ(hintText("jitter"), QStringLiteral("default"));
}

TEST_F(PolicyEditorTest, AValueEqualToTheInheritedOneStaysOnceSet)
{
    editor.setPolicy(json(R"({"max_attempts": 6})"), std::nullopt);
    auto* attempts = child<QSpinBox>("max_attempts");
    attempts->setValue(7);
    attempts->setValue(6);
    EXPECT_EQ(text(editor.policyOverride()), QStringLiteral(R"({"max_attempts":6})"));
    EXPECT_TRUE(editor.isOverridden(QStringLiteral("max_attempts")));
}

TEST_F(PolicyEditorTest, AnInvalidValueNamesTheField)
{
    auto* problemLabel = child<QLabel>("problem");
    EXPECT_TRUE(problemLabel->isHidden());
    const QList<PreviewBand> before = editor.preview()->bands();

    child<QDoubleSpinBox>("multiplier")->setValue(0);
    EXPECT_EQ(editor.problem(), QStringLiteral("policy.multiplier: must be ≥ 1, got 0"));
    EXPECT_FALSE(problemLabel->isHidden());
    EXPECT_EQ(problemLabel->text(), editor.problem());
    ASSERT_FALSE(editor.effectivePolicy().has_value());
    EXPECT_EQ(editor.effectivePolicy().error().message, editor.problem());
    EXPECT_EQ(editor.preview()->bands().size(), before.size()); // the preview keeps the last valid policy

    child<QDoubleSpinBox>("multiplier")->setValue(2);
    EXPECT_EQ(editor.problem(), QString());
    EXPECT_TRUE(problemLabel->isHidden());

    child<QCheckBox>("circuit_breaker.on")->setChecked(true);
    child<QSpinBox>("circuit_breaker.window")->setValue(5);
    child<QSpinBox>("circuit_breaker.minimum_calls")->setValue(6);
    EXPECT_EQ(editor.problem(),
              QStringLiteral("policy.circuit_breaker.minimum_calls: must be between 1 and the window (5), got 6"));
    editor.resetToInherited(QStringLiteral("circuit_breaker"));
    EXPECT_EQ(editor.problem(), QString());

    QTest::keyClicks(child<QLineEdit>("retry_on"), QStringLiteral(", 5xx"));
    EXPECT_EQ(editor.problem(), QStringLiteral("policy.retry_on[7]: expected an HTTP status 100–599, got \"5xx\""));
}

TEST_F(PolicyEditorTest, FieldsThePolicyIgnoresAreDisabled)
{
    EXPECT_TRUE(child<QDoubleSpinBox>("multiplier")->isEnabled());
    choose("backoff", "constant");
    EXPECT_FALSE(child<QDoubleSpinBox>("multiplier")->isEnabled());
    child<QCheckBox>("respect_retry_after")->setChecked(false);
    EXPECT_FALSE(child<DurationEdit>("max_retry_after_ms")->isEnabled());
}

TEST_F(PolicyEditorTest, ThePreviewHasOneBandPerRetryFromPlanWaits)
{
    editor.setPolicy(json(R"({"max_attempts": 6, "jitter": "equal", "base_delay_ms": 200})"), std::nullopt);
    const RetryPolicy policy = effective();
    const WaitPlan plan = planWaits(policy, PolicyPreviewChart::kSamples, PolicyPreviewChart::kSeed);
    const QList<PreviewBand> bands = editor.preview()->bands();
    ASSERT_EQ(bands.size(), 5);
    for (qsizetype i = 0; i < bands.size(); ++i) {
        SCOPED_TRACE(i);
        const PlannedAttempt& a = plan.attempts[i];
        EXPECT_EQ(bands[i].attempt, int(i) + 2);
        EXPECT_EQ(bands[i].minMs, a.wait.minMs);
        EXPECT_EQ(bands[i].meanMs, a.wait.meanMs);
        EXPECT_EQ(bands[i].maxMs, a.wait.maxMs);
        EXPECT_LE(bands[i].minMs, bands[i].meanMs);
        EXPECT_LE(bands[i].meanMs, bands[i].maxMs);
        EXPECT_LT(bands[i].minMs, bands[i].maxMs); // equal jitter: a real spread
        EXPECT_GE(bands[i].minMs, a.bounds.lowMs);
        EXPECT_LE(bands[i].maxMs, a.bounds.highMs);
    }

    // Every valid edit redraws it.
    child<QSpinBox>("max_attempts")->setValue(3);
    EXPECT_EQ(editor.preview()->bands().size(), 2);
    editor.applyPreset(QStringLiteral("No retries"));
    EXPECT_TRUE(editor.preview()->bands().isEmpty());
}

TEST_F(PolicyEditorTest, AVeryLongPlanShowsItsFirstFiftyWaits)
{
    child<QSpinBox>("max_attempts")->setValue(81);
    ASSERT_EQ(editor.preview()->plan().attempts.size(), 80);
    const QList<PreviewBand> bands = editor.preview()->bands();
    ASSERT_EQ(bands.size(), 50);
    EXPECT_EQ(bands.back().attempt, 51);
    EXPECT_TRUE(editor.preview()
                    ->findChild<QLabel*>(QStringLiteral("caption"))
                    ->text()
                    .endsWith(QStringLiteral("The first 50 of 80 waits are shown.")));
}

TEST_F(PolicyEditorTest, ThePreviewStatesTheWorstCase)
{
    // 4 × 30 s + 100 + 200 + 400 ms; with Retry-After, 4 × 30 s + 3 × 60 s.
    EXPECT_EQ(editor.preview()->worstCaseText(),
              QStringLiteral("Worst case: 4 attempts and 3 waits take at most 2 min 1 s (5 min if the server "
                             "sends Retry-After)."));
    editor.applyPreset(QStringLiteral("AWS SDK standard"));
    EXPECT_EQ(editor.preview()->worstCaseText(),
              QStringLiteral("Worst case: 3 attempts and 2 waits take at most 1 min 33 s (3 min 30 s if the server "
                             "sends Retry-After)."));
    editor.applyPreset(QStringLiteral("Aggressive"));
    EXPECT_EQ(editor.preview()->worstCaseText(),
              QStringLiteral("Worst case: 8 attempts and 7 waits take at most 10.0 s (the deadline)."));
    editor.resetToInherited(QStringLiteral("deadline_ms"));
    editor.applyPreset(QStringLiteral("No retries"));
    EXPECT_EQ(editor.preview()->worstCaseText(), QStringLiteral("Worst case: 1 attempt takes at most 30.0 s."));
    child<QSpinBox>("max_attempts")->setValue(2);
    child<QCheckBox>("respect_retry_after")->setChecked(false);
    EXPECT_EQ(editor.preview()->worstCaseText(),
              QStringLiteral("Worst case: 2 attempts and 1 wait take at most 1 min."));
}

TEST(PolicyPreviewChart, FollowsADarkPalette)
{
    PolicyPreviewChart preview;
    preview.resize(420, 360);
    preview.setPolicy(RetryPolicy{});
    preview.show();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b2b2b));
    dark.setColor(QPalette::Base, QColor(0x1e1e1e));
    dark.setColor(QPalette::Text, QColor(0xe6e6e6));
    dark.setColor(QPalette::WindowText, QColor(0xe6e6e6));
    preview.setPalette(dark);
    QTest::qWait(50);
    const QImage image = preview.chartView()->grab().toImage();
    EXPECT_LT(QColor(image.pixel(5, 5)).lightness(), 60); // the chart's background follows the palette
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    EXPECT_TRUE(preview.grab().save(dir + QStringLiteral("/policy-preview-dark.png")));
}

TEST(PolicyPreviewText, FieldNamedInAMessage)
{
    EXPECT_EQ(policyFieldNamedIn(QStringLiteral("policy.circuit_breaker.window: must be at least 1, got 0")),
              QStringLiteral("circuit_breaker"));
    EXPECT_EQ(policyFieldNamedIn(QStringLiteral("policy.retry_on[2]: expected an HTTP status")),
              QStringLiteral("retry_on"));
    EXPECT_EQ(policyFieldNamedIn(QStringLiteral("policy.multiplier: must be ≥ 1, got 0")),
              QStringLiteral("multiplier"));
    EXPECT_EQ(policyFieldNamedIn(QStringLiteral("something else")), QString());
}

TEST(PolicyPreviewText, DurationsInWords)
{
    EXPECT_EQ(durationInWords(850), QStringLiteral("850.0 ms"));
    EXPECT_EQ(durationInWords(12500), QStringLiteral("12.5 s"));
    EXPECT_EQ(durationInWords(93000), QStringLiteral("1 min 33 s"));
    EXPECT_EQ(durationInWords(300000), QStringLiteral("5 min"));
    EXPECT_EQ(durationInWords(2.5 * 3600000), QStringLiteral("2 h 30 min"));
    EXPECT_EQ(durationInWords(3 * 86400000.0), QStringLiteral("3 d"));
}

TEST_F(PolicyEditorTest, Screenshot)
{
    editor.resize(900, 600);
    editor.setPolicy(json(R"({"attempt_timeout_ms": 10000, "max_attempts": 5, "deadline_ms": 60000})"),
                     PolicyOverride{json(R"({"max_attempts": 6, "jitter": "equal", "base_delay_ms": 250})")});
    editor.show();
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    QTest::qWait(50); // the chart lays out its legend on the event loop, as on screen
    EXPECT_TRUE(editor.grab().save(dir + QStringLiteral("/resilience-tab.png")));

    // Every section switched on, one value out of range: the whole form, for the docs.
    editor.resize(900, 1700);
    child<QCheckBox>("rate_limit.on")->setChecked(true);
    child<QCheckBox>("circuit_breaker.on")->setChecked(true);
    child<QCheckBox>("retry_budget.on")->setChecked(true);
    choose("fallback.mode", "static");
    child<QSpinBox>("circuit_breaker.minimum_calls")->setValue(25);
    QTest::qWait(50);
    EXPECT_TRUE(editor.grab().save(dir + QStringLiteral("/resilience-tab-full.png")));
}
