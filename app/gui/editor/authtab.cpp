#include "authtab.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace jitterbug::gui {

namespace {

const QList<Auth::Kind> kKinds{Auth::Kind::Inherit, Auth::Kind::None, Auth::Kind::Basic, Auth::Kind::Bearer,
                               Auth::Kind::ApiKey};

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    // A wrapped label may get more height than its lines take: keep them at the top, under the fields.
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLineEdit* lineEdit(const QString& name, const QString& hint, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(hint); // Qt's grey hint in an empty field
    return edit;
}

} // namespace

QString authKindName(Auth::Kind kind)
{
    switch (kind) {
    case Auth::Kind::Inherit:
        return AuthTab::tr("Inherit");
    case Auth::Kind::None:
        return AuthTab::tr("No auth");
    case Auth::Kind::Basic:
        return AuthTab::tr("Basic");
    case Auth::Kind::Bearer:
        return AuthTab::tr("Bearer token");
    case Auth::Kind::ApiKey:
        return AuthTab::tr("API key");
    }
    return {};
}

QString inheritedAuthDescription(const Collection& collection, const ItemPath& path)
{
    const ItemLocation location = locateItem(collection, path);
    for (qsizetype i = location.folders.size() - 1; i >= 0; --i) {
        if (location.folders[i]->auth.kind == Auth::Kind::Inherit)
            continue;
        QStringList names;
        for (qsizetype k = 0; k <= i; ++k)
            names.append(location.folders[k]->name);
        return AuthTab::tr("Inherited from folder \"%1\": %2")
            .arg(names.join(u'/'), authKindName(location.folders[i]->auth.kind));
    }
    // The collection has no parent to inherit from: its Inherit is none.
    const Auth::Kind kind = collection.auth.kind == Auth::Kind::Inherit ? Auth::Kind::None : collection.auth.kind;
    return AuthTab::tr("Inherited from the collection: %1").arg(authKindName(kind));
}

AuthTab::AuthTab(QWidget* parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_form(new QFormLayout)
    , m_inherited(new QLabel(this))
    , m_hint(hintLabel(QString(), this))
    , m_username(lineEdit(QStringLiteral("username"), QString(), this))
    , m_password(lineEdit(QStringLiteral("password"), QStringLiteral("{{password}}"), this))
    , m_token(lineEdit(QStringLiteral("token"), QStringLiteral("{{token}}"), this))
    , m_keyName(lineEdit(QStringLiteral("keyName"), QStringLiteral("X-Api-Key"), this))
    , m_keyValue(lineEdit(QStringLiteral("keyValue"), QStringLiteral("{{api_key}}"), this))
    , m_keyIn(new QComboBox(this))
{
    m_kind->setObjectName(QStringLiteral("authKind"));
    for (const Auth::Kind kind : kKinds)
        m_kind->addItem(authKindName(kind), int(kind));
    m_kind->setItemText(0, tr("Inherit from parent"));
    m_kind->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_inherited->setObjectName(QStringLiteral("inheritedAuth"));
    m_inherited->setWordWrap(true);
    m_inherited->setText(tr("Inherited from the folder or the collection"));
    m_keyIn->setObjectName(QStringLiteral("keyIn"));
    m_keyIn->addItem(tr("Header"), int(Auth::ApiKeyIn::Header));
    m_keyIn->addItem(tr("Query parameter"), int(Auth::ApiKeyIn::Query));
    m_keyIn->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);

    // One form for every kind, its rows shown by kind, so labels line up.
    m_form->addRow(tr("Type:"), m_kind);
    m_form->addRow(QString(), m_inherited);
    m_form->addRow(tr("Username:"), m_username);
    m_form->addRow(tr("Password:"), secretField(m_password, QStringLiteral("showPassword")));
    m_form->addRow(tr("Token:"), secretField(m_token, QStringLiteral("showToken")));
    m_form->addRow(tr("Name:"), m_keyName);
    m_form->addRow(tr("Value:"), secretField(m_keyValue, QStringLiteral("showKeyValue")));
    m_form->addRow(tr("Add to:"), m_keyIn);
    m_form->addRow(QString(), m_hint);
    // The label column as wide as its widest label even while that row is
    // hidden, so the fields stay put when the type changes.
    int labelWidth = 0;
    for (int row = 0; row < m_form->rowCount(); ++row) {
        if (QLayoutItem* label = m_form->itemAt(row, QFormLayout::LabelRole))
            labelWidth = qMax(labelWidth, label->widget()->sizeHint().width());
    }
    for (int row = 0; row < m_form->rowCount(); ++row) {
        if (QLayoutItem* label = m_form->itemAt(row, QFormLayout::LabelRole))
            label->widget()->setMinimumWidth(labelWidth);
    }
    auto* content = new QWidget(this);
    content->setLayout(m_form);
    content->setMaximumWidth(720); // a hint across a wide window is hard to read
    m_form->setContentsMargins(0, 0, 0, 0);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(content);
    layout->addStretch(1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showKind();
        noteEdit();
    });
    for (QLineEdit* edit : {m_username, m_password, m_token, m_keyName, m_keyValue})
        connect(edit, &QLineEdit::textChanged, this, &AuthTab::noteEdit);
    connect(m_keyIn, &QComboBox::currentIndexChanged, this, &AuthTab::noteEdit);
    showKind();
}

void AuthTab::showKind()
{
    const Auth::Kind kind = shownKind();
    const auto show = [this](QWidget* field, bool shown) {
        m_form->setRowVisible(field, shown);
    };
    show(m_inherited, kind == Auth::Kind::Inherit);
    show(m_username, kind == Auth::Kind::Basic);
    show(m_password->parentWidget(), kind == Auth::Kind::Basic);
    show(m_token->parentWidget(), kind == Auth::Kind::Bearer);
    show(m_keyName, kind == Auth::Kind::ApiKey);
    show(m_keyValue->parentWidget(), kind == Auth::Kind::ApiKey);
    show(m_keyIn, kind == Auth::Kind::ApiKey);

    const QString secretHint = tr("Auth values are saved in the collection file as written: write a "
                                  "{{variable}} and make it a secret variable to keep a credential out of it.");
    switch (kind) {
    case Auth::Kind::Inherit:
        m_hint->setText(tr("Choose a type to give this request auth of its own."));
        break;
    case Auth::Kind::None:
        m_hint->setText(tr("No credentials are sent, and none are inherited."));
        break;
    case Auth::Kind::Basic:
        m_hint->setText(tr("Sent as Authorization: Basic base64(username:password).") + u' ' + secretHint);
        break;
    case Auth::Kind::Bearer:
        m_hint->setText(tr("Sent as Authorization: Bearer token.") + u' ' + secretHint);
        break;
    case Auth::Kind::ApiKey:
        m_hint->setText(tr("Sent as a header or a query parameter of that name.") + u' ' + secretHint);
        break;
    }
}

// The edit hides its text until the Show button beside it is checked.
QWidget* AuthTab::secretField(QLineEdit* edit, const QString& name)
{
    auto* field = new QWidget(this);
    auto* show = new QToolButton(field);
    show->setObjectName(name);
    show->setText(tr("Show"));
    show->setCheckable(true);
    show->setToolTip(tr("Show or hide the value"));
    edit->setParent(field);
    edit->setEchoMode(QLineEdit::Password);
    auto* line = new QHBoxLayout(field);
    line->setContentsMargins(0, 0, 0, 0);
    line->addWidget(edit, 1);
    line->addWidget(show);
    connect(show, &QToolButton::toggled, edit, [edit, show](bool shown) {
        edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        show->setText(shown ? tr("Hide") : tr("Show"));
    });
    return field;
}

void AuthTab::setAuth(const Auth& auth)
{
    m_filling = true;
    m_saved = auth;
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(int(auth.kind))));
    m_username->setText(auth.username);
    m_password->setText(auth.password);
    m_token->setText(auth.token);
    m_keyName->setText(auth.keyName);
    m_keyValue->setText(auth.keyValue);
    m_keyIn->setCurrentIndex(qMax(0, m_keyIn->findData(int(auth.keyIn))));
    m_filling = false;
}

Auth AuthTab::auth() const
{
    const Auth::Kind kind = shownKind();
    // Another kind's fields go when the kind changes, as they would in a save.
    Auth out = kind == m_saved.kind ? m_saved : Auth{};
    out.kind = kind;
    switch (kind) {
    case Auth::Kind::Inherit:
    case Auth::Kind::None:
        break;
    case Auth::Kind::Basic:
        out.username = m_username->text();
        out.password = m_password->text();
        break;
    case Auth::Kind::Bearer:
        out.token = m_token->text();
        break;
    case Auth::Kind::ApiKey:
        out.keyName = m_keyName->text();
        out.keyValue = m_keyValue->text();
        out.keyIn = static_cast<Auth::ApiKeyIn>(m_keyIn->currentData().toInt());
        break;
    }
    return out;
}

void AuthTab::setInheritedDescription(const QString& text)
{
    m_inherited->setText(text);
}

QString AuthTab::inheritedDescription() const
{
    return m_inherited->text();
}

Auth::Kind AuthTab::shownKind() const
{
    return static_cast<Auth::Kind>(m_kind->currentData().toInt());
}

void AuthTab::noteEdit()
{
    if (!m_filling)
        Q_EMIT edited();
}

} // namespace jitterbug::gui
