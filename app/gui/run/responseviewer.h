#pragma once

#include "http/response.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace jitterbug::gui {

// The answer of the selected call: status line, time and size, then Body
// (JSON pretty-printed, text as is, binary as hex; very large bodies cut
// and very long lines broken, each with a visible notice), Headers and Raw.
class ResponseViewer : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseViewer(QWidget* parent = nullptr);

    void showResponse(const std::optional<Response>& response, double elapsedMs);
    void clear();
    // Why there is nothing to show, in place of the status line.
    void showNoResponse(const QString& why);

    QString statusText() const;
    QString bodyText() const;

    // Bodies above this are shown cut, with a notice (the whole is kept for copying).
    static constexpr qsizetype kShownBodyBytes = 2 * 1024 * 1024;
    // Lines longer than this (in UTF-16 units) are shown broken, with a notice.
    static constexpr qsizetype kLongestShownLine = 4096;

private:
    QLabel* m_status;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_body;
    QPlainTextEdit* m_headers;
    QPlainTextEdit* m_raw;
};

} // namespace jitterbug::gui
