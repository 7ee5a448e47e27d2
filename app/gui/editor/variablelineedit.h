#pragma once

#include "requestvariables.h"

#include <QLineEdit>

#include <optional>

namespace jitterbug::gui {

// A line edit that marks its {{variable}} references, coloured by what they
// are (defined, secret, dynamic, undefined), and shows the text with the
// variables put in as its tooltip. Secret values are never put in.
//
// A QLineEdit holds no rich text; the marks are text formats given to it as
// an input method event carries them (formats only: no preedit, no commit),
// which QLineEdit lays out and paints like the rest of its text.
class VariableLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit VariableLineEdit(QWidget* parent = nullptr);

    // Without variables (before the editor knows where the request sits)
    // references are marked as plain variables and nothing is resolved.
    void setVariables(const std::optional<RequestVariables>& variables);

    struct Mark {
        qsizetype start = 0;
        qsizetype length = 0;
        VariableState state = VariableState::Defined;
        bool operator==(const Mark&) const = default;
    };
    QList<Mark> marks() const { return m_marks; }
    // The tooltip: the resolved text, then a line per reference it could not resolve.
    QString resolvedText() const;

private:
    void refresh();

    std::optional<RequestVariables> m_variables;
    QList<Mark> m_marks;
};

} // namespace jitterbug::gui
