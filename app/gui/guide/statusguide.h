#pragma once

#include <QString>
#include <QWidget>

#include <optional>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace jitterbug::gui {

class StatusCodeModel;
struct StatusCodeInfo;

// The status code guide (a dock of the main window): every common HTTP
// status and transport error, its class, whether Jitterbug's default policy
// retries it, and what the client should do. A filter line on top, the
// table, and under it the selected code explained: retry and why,
// Retry-After, fixing the request, idempotency. In a narrow dock the Name
// and Class columns give way to the code, the verdict and the action (the
// code's colour and tooltip still give the class).
class StatusGuide : public QWidget
{
    Q_OBJECT
public:
    explicit StatusGuide(QWidget* parent = nullptr);

    // Selects the status and explains it; a status the guide does not list
    // is explained by its class. Clears a filter that would hide it.
    void showStatus(int status);
    // The same for a transport error, by its timeline name ("timeout").
    void showError(const QString& errorCode);

    // The status explained now; 0 when it is an error, or nothing yet.
    int currentStatus() const { return m_currentStatus; }
    // The text panel's text, as plain text.
    QString currentExplanation() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitColumnsToWidth();
    void onCurrentRowChanged(const QModelIndex& current);
    void selectSourceRow(int row);
    void explain(const StatusCodeInfo& info);
    void setExplanation(const QString& html, int status);

    StatusCodeModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_table;
    QTextBrowser* m_text;
    int m_currentStatus = 0;
};

// The HTTP status an attempt's or a call's reason talks about ("503 is
// retryable; backoff 100.0 ms" → 503), so a reason can open the guide.
// Durations, counts and ids in the text are not statuses; nullopt when the
// reason names none.
std::optional<int> statusMentionedIn(const QString& reason);

} // namespace jitterbug::gui
