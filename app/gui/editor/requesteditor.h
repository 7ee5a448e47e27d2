#pragma once

#include "collection/collection.h"
#include "run/callrunner.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTabWidget;
class QTableWidget;

namespace jitterbug::gui {
class PolicyEditor;
}

namespace jitterbug::gui {

// The request editor: method, URL, and tabs for params, headers, body and
// the backend. It edits a copy of one RequestItem; request() gives it back
// with the edits, keeping what the editor does not show (auth, policy,
// descriptions, foreign data) as it was.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget* parent = nullptr);

    // `inheritedPolicy`: the policy fields the collection and folders set above it.
    void setRequest(const RequestItem& request, const QJsonObject& inheritedPolicy = {});
    RequestItem request() const;

    BackendChoice backend() const;
    void setBackend(const BackendChoice& backend);

    // A one-line problem under the URL (empty hides it); Send follows it.
    void setProblem(const QString& problem);
    QString problem() const;
    void setSendEnabled(bool enabled);

    QLineEdit* urlEdit() const { return m_url; }
    QComboBox* methodBox() const { return m_method; }
    QTableWidget* headersTable() const { return m_headers; }
    QTableWidget* paramsTable() const { return m_params; }
    PolicyEditor* policyEditor() const { return m_policy; }
    QPlainTextEdit* bodyEdit() const { return m_bodyText; }
    QPushButton* sendButton() const { return m_send; }
    QTabWidget* tabs() const { return m_tabs; }

Q_SIGNALS:
    void edited();
    void sendRequested();

private:
    QWidget* makeBodyTab();
    QWidget* makeBackendTab();
    void fillPairs(QTableWidget* table, const QList<KeyValue>& pairs);
    QList<KeyValue> pairsOf(const QTableWidget* table, const QList<KeyValue>& before) const;
    void updateBodyState();

    RequestItem m_request; // what was set; request() applies the edits to it
    bool m_filling = false;
    QComboBox* m_method;
    QLineEdit* m_url;
    QPushButton* m_send;
    QLabel* m_problem;
    QTabWidget* m_tabs;
    QTableWidget* m_params;
    QTableWidget* m_headers;
    PolicyEditor* m_policy;
    QComboBox* m_bodyKind;
    QPlainTextEdit* m_bodyText;
    QLabel* m_bodyNote;
    QRadioButton* m_network;
    QRadioButton* m_simulated;
    QComboBox* m_scenario;
    QLineEdit* m_seed;
};

} // namespace jitterbug::gui
