#pragma once

#include "collection/variables.h"
#include "run/callrunner.h"
#include "variablelineedit.h" // urlEdit() is a QLineEdit to callers

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTabWidget;

namespace jitterbug::gui {

class AuthTab;
class BodyTab;
class PairTable;
class PolicyEditor;

// The request editor: method, URL (its {{variables}} marked, the resolved
// URL on hover), and tabs for params, headers, body, auth, the resilience
// policy and the backend. It edits a copy of one RequestItem; request()
// gives it back with the edits, keeping what the editor does not show (the
// name, descriptions, foreign data) as it was, and gives back exactly what
// setRequest() was given while nothing is edited.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget* parent = nullptr);

    // `inheritedPolicy`: the policy fields the collection and folders set above it.
    void setRequest(const RequestItem& request, const QJsonObject& inheritedPolicy = {});
    RequestItem request() const;

    // Where the request sits, for what the editor shows but does not edit:
    // the variables its URL refers to (the secret store is not read, and no
    // secret's value is shown) and the auth it inherits. Call it again when
    // the collection or the environment changes; it emits nothing.
    void setContext(const Collection& collection, const ItemPath& path, const Environment* environment);

    BackendChoice backend() const;
    void setBackend(const BackendChoice& backend);

    // A one-line problem under the URL (empty hides it); Send follows it.
    void setProblem(const QString& problem);
    QString problem() const;
    void setSendEnabled(bool enabled);

    VariableLineEdit* urlEdit() const { return m_url; }
    QComboBox* methodBox() const { return m_method; }
    PairTable* paramsTable() const { return m_params; }
    PairTable* headersTable() const { return m_headers; }
    BodyTab* bodyTab() const { return m_body; }
    AuthTab* authTab() const { return m_auth; }
    PolicyEditor* policyEditor() const { return m_policy; }
    QPushButton* sendButton() const { return m_send; }
    QTabWidget* tabs() const { return m_tabs; }
    // The request's own "accept any certificate" (Backend tab), and the mark
    // beside the URL that shows while it is on.
    QCheckBox* insecureTlsBox() const { return m_insecureTls; }
    QLabel* insecureTlsMark() const { return m_insecureMark; }

Q_SIGNALS:
    void edited(); // after a change by the user that changes request() (not by setRequest)
    void sendRequested();

private:
    QWidget* makeBackendTab();
    void noteEdit();
    void updateTabTitles();
    void updateInsecureMark();

    RequestItem m_request; // what was set; request() applies the edits to it
    RequestItem m_lastEdit; // request() when edited() was last emitted (or the request was set)
    QString m_methodAsShown; // the widgets' text for the saved method and URL,
    QString m_urlAsShown; // to tell an edit from what the widgets do to text
    bool m_filling = false;
    QComboBox* m_method;
    VariableLineEdit* m_url;
    QPushButton* m_send;
    QLabel* m_insecureMark;
    QLabel* m_problem;
    QTabWidget* m_tabs;
    PairTable* m_params;
    PairTable* m_headers;
    BodyTab* m_body;
    AuthTab* m_auth;
    PolicyEditor* m_policy;
    QRadioButton* m_network;
    QRadioButton* m_simulated;
    QComboBox* m_scenario;
    QLineEdit* m_seed;
    QCheckBox* m_insecureTls;
};

} // namespace jitterbug::gui
