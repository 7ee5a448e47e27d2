#include "variablelineedit.h"

#include <QCoreApplication>
#include <QInputMethodEvent>
#include <QTextCharFormat>

namespace jitterbug::gui {

namespace {

// Dark text on a light tint, set together so a mark reads the same in light
// and dark themes.
QTextCharFormat formatFor(VariableState state)
{
    QTextCharFormat format;
    switch (state) {
    case VariableState::Defined:
        format.setForeground(QColor(0x0d47a1));
        format.setBackground(QColor(0xe3f2fd));
        break;
    case VariableState::Secret:
        format.setForeground(QColor(0x6a1b9a));
        format.setBackground(QColor(0xf3e5f5));
        break;
    case VariableState::Dynamic:
        format.setForeground(QColor(0x1b5e20));
        format.setBackground(QColor(0xe8f5e9));
        break;
    case VariableState::Undefined:
        format.setForeground(QColor(0xb71c1c));
        format.setBackground(QColor(0xffebee));
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(QColor(0xc62828));
        break;
    }
    return format;
}

} // namespace

VariableLineEdit::VariableLineEdit(QWidget* parent)
    : QLineEdit(parent)
{
    connect(this, &QLineEdit::textChanged, this, &VariableLineEdit::refresh);
}

void VariableLineEdit::setVariables(const std::optional<RequestVariables>& variables)
{
    m_variables = variables;
    refresh();
}

QString VariableLineEdit::resolvedText() const
{
    if (!m_variables || text().isEmpty())
        return {};
    QStringList lines{m_variables->shown(text())};
    QStringList seen;
    for (const VariableReference& reference : variableReferences(text())) {
        if (seen.contains(reference.name))
            continue;
        seen.append(reference.name);
        const QString braced = QStringLiteral("{{") + reference.name + QStringLiteral("}}");
        switch (m_variables->state(reference.name)) {
        case VariableState::Defined:
            break;
        case VariableState::Secret:
            lines.append(tr("%1 is secret: its value is not shown").arg(braced));
            break;
        case VariableState::Dynamic:
            lines.append(tr("%1 gets a new value on every call").arg(braced));
            break;
        case VariableState::Undefined:
            lines.append(tr("%1 is not defined").arg(braced));
            break;
        }
    }
    return lines.join(u'\n');
}

void VariableLineEdit::refresh()
{
    m_marks.clear();
    QList<QInputMethodEvent::Attribute> formats;
    for (const VariableReference& reference : variableReferences(text())) {
        const VariableState state = m_variables ? m_variables->state(reference.name) : VariableState::Defined;
        m_marks.append({reference.start, reference.length, state});
        // An input method event's attributes start at the cursor.
        formats.append(QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                    int(reference.start) - cursorPosition(), int(reference.length),
                                                    formatFor(state)));
    }
    QInputMethodEvent event(QString(), formats);
    QCoreApplication::sendEvent(this, &event);

    // A URL with something like "<b>" in its query would otherwise be taken for rich text.
    const QString resolved = resolvedText();
    setToolTip(Qt::mightBeRichText(resolved) ? Qt::convertFromPlainText(resolved, Qt::WhiteSpaceNormal) : resolved);
}

} // namespace jitterbug::gui
