#include "deadlettersview.h"

#include "models/deadlettermodel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace eventloom {

namespace {
}

DeadLettersView::DeadLettersView(QWidget* parent)
    : QWidget(parent)
    , m_model(new DeadLetterModel(this))
{
    setObjectName(QStringLiteral("deadLettersView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("deadLettersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_editor = new QPlainTextEdit(right);
    m_editor->setObjectName(QStringLiteral("deadLetterPayload"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlaceholderText(tr("Select a dead letter to see its payload; edit it here to republish it changed."));
    rightLayout->addWidget(m_editor, 1);
    m_problem = new QLabel(right);
    m_problem->setObjectName(QStringLiteral("deadLetterProblem"));
    m_problem->setTextFormat(Qt::PlainText); // quotes the edited payload
    m_problem->setStyleSheet(QStringLiteral("color: #D55E00"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    rightLayout->addWidget(m_problem);
    auto* buttons = new QHBoxLayout;
    m_republish = new QPushButton(tr("Republish"), right);
    m_republish->setObjectName(QStringLiteral("republishButton"));
    m_republish->setToolTip(tr("Publish the message again to its topic, as it was"));
    m_republishEdited = new QPushButton(tr("Republish Edited"), right);
    m_republishEdited->setObjectName(QStringLiteral("republishEditedButton"));
    m_republishEdited->setToolTip(tr("Publish the message again to its topic with the payload as edited here"));
    buttons->addWidget(m_republish);
    buttons->addWidget(m_republishEdited);
    buttons->addStretch();
    rightLayout->addLayout(buttons);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 520, 260 });
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DeadLettersView::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeadLettersView::showSelected);
    connect(m_republish, &QPushButton::clicked, this, [this] { republish(false); });
    connect(m_republishEdited, &QPushButton::clicked, this, [this] { republish(true); });
    showSelected();
}

InjectionSpec DeadLettersView::republishSpec(int index, const QJsonObject* edited)
{
    return InjectionSpec::republish(
        index, edited ? QJsonDocument(*edited).toJson(QJsonDocument::Compact) : QByteArray());
}

void DeadLettersView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    setState(m_state);
}

void DeadLettersView::setState(const BusState& state)
{
    m_state = state;
    const int before = m_model->rowCount();
    std::vector<BusState::DeadLetter> letters = state.deadLetters;
    if (!m_followed.isEmpty())
        std::erase_if(letters, [&](const BusState::DeadLetter& letter) { return letter.correlationId != m_followed; });
    m_model->setLetters(std::move(letters));
    if (m_model->rowCount() != before)
        m_table->resizeColumnsToContents();
    if (selectedRow() < 0 && m_model->rowCount() > 0)
        select(0);
}

void DeadLettersView::runAdvanced()
{
    m_refresh->changed();
}

void DeadLettersView::clear()
{
    m_state = {};
    m_model->clear();
    showSelected();
}

void DeadLettersView::select(int row)
{
    m_table->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

int DeadLettersView::selectedRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void DeadLettersView::showSelected()
{
    const int row = selectedRow();
    m_problem->hide();
    m_republish->setEnabled(row >= 0);
    m_republishEdited->setEnabled(row >= 0);
    if (row < 0) {
        m_editor->clear();
        return;
    }
    const QJsonObject payload = m_model->index(row, 0).data(DeadLetterModel::PayloadRole).toJsonObject();
    m_editor->setPlainText(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Indented)));
}

void DeadLettersView::republish(bool edited)
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const int index = m_model->index(row, 0).data(DeadLetterModel::IndexRole).toInt();
    if (!edited) {
        Q_EMIT republishRequested(republishSpec(index));
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(m_editor->toPlainText().toUtf8(), &error);
    if (!doc.isObject()) {
        m_problem->setText(error.error != QJsonParseError::NoError
                ? tr("Not valid JSON at character %1: %2").arg(error.offset).arg(error.errorString())
                : tr("The payload must be a JSON object."));
        m_problem->show();
        return;
    }
    m_problem->hide();
    const QJsonObject payload = doc.object();
    Q_EMIT republishRequested(republishSpec(index, &payload));
}

void DeadLettersView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    request();
}

void DeadLettersView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // A run can end while the dock has no room yet (its first layout comes with a pass of the event
    // loop): with no batch after it, it would never ask again.
    m_refresh->changed();
}

void DeadLettersView::request()
{
    if (RefreshThrottle::onScreen(this))
        Q_EMIT stateRequested();
}

} // namespace eventloom
