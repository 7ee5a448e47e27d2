#pragma once

#include "collection/variables.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QFormLayout;

namespace jitterbug::gui {

// The request editor's Auth tab: inherit the folder's or collection's, none,
// Basic (username, password), Bearer (token) or an API key (name, value, in
// a header or the query). Passwords, tokens and key values are hidden until
// Show is checked.
//
// auth() holds only the shown kind's fields (what a save keeps), and gives
// back exactly what setAuth() was given while nothing is edited.
class AuthTab : public QWidget
{
    Q_OBJECT
public:
    explicit AuthTab(QWidget* parent = nullptr);

    void setAuth(const Auth& auth); // emits nothing
    Auth auth() const;

    // What Inherit stands for here, shown on its page: see inheritedAuthDescription().
    void setInheritedDescription(const QString& text);
    QString inheritedDescription() const;

    QComboBox* kindBox() const { return m_kind; }

Q_SIGNALS:
    void edited(); // after every change by the user (not by setAuth)

private:
    QWidget* secretField(QLineEdit* edit, const QString& name);
    Auth::Kind shownKind() const;
    void showKind();
    void noteEdit();

    Auth m_saved;
    bool m_filling = false;
    QComboBox* m_kind;
    QFormLayout* m_form;
    QLabel* m_inherited;
    QLabel* m_hint;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_keyName;
    QLineEdit* m_keyValue;
    QComboBox* m_keyIn;
};

// A kind of auth for people: "No auth", "Bearer token".
QString authKindName(Auth::Kind kind);

// Where the auth of a request that inherits it comes from, and its kind (not
// its values, which may be secret): `Inherited from folder "Orders/Admin":
// Bearer token`, `Inherited from the collection: No auth`. As buildRequest
// finds it: the nearest folder that sets one, else the collection.
QString inheritedAuthDescription(const Collection& collection, const ItemPath& path);

} // namespace jitterbug::gui
