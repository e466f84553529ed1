#include "aboutdialog.h"

#include "appidentity.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace eventloom {

namespace {
constexpr int kIconSize = 64;

QString licenceText()
{
    QFile file(QStringLiteral(":/LICENSE"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QLabel* label(const QString& text, const char* name, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse); // a version to paste into a bug report
    return label;
}
}

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About EventLoom"));

    auto* icon = new QLabel(this);
    icon->setObjectName(QStringLiteral("aboutIcon"));
    icon->setPixmap(AppIdentity::icon().pixmap(kIconSize));
    icon->setAlignment(Qt::AlignTop);

    auto* title = label(tr("EventLoom %1").arg(QStringLiteral(EVENTLOOM_VERSION)), "aboutTitle", this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* description = label(tr("A desktop simulator that makes event-driven architecture visible: services "
                                 "that talk through a Kafka-like event bus, sagas, CQRS and event sourcing, "
                                 "with faults to inject on purpose and deterministic runs to record, replay "
                                 "and compare."),
        "aboutDescription", this);
    description->setMinimumWidth(description->fontMetrics().averageCharWidth() * 64);
    auto* qt
        = label(tr("Qt %1 (built with Qt %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)),
            "aboutQtVersion", this);
    const QString licence = licenceText();
    QString copyright; // "Copyright (c) YEAR HOLDER", as the LICENSE file says it
    for (const QString& line : licence.split(QLatin1Char('\n')))
        if (copyright.isEmpty() && line.startsWith(QLatin1String("Copyright")))
            copyright = line.trimmed();
    auto* licenceLine = label(copyright.isEmpty() ? tr("Released under the MIT licence.")
                                                  : tr("%1.\nReleased under the MIT licence.").arg(copyright),
        "aboutLicence", this);

    // The MIT licence is short: all of it, without scrolling.
    m_licence = label(licence.trimmed(), "aboutLicenceText", this);
    m_licence->setTextFormat(Qt::PlainText);
    m_licence->setWordWrap(false);
    m_licence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_licence->setFrameShape(QFrame::StyledPanel);
    m_licence->setMargin(8);
    m_licence->setBackgroundRole(QPalette::Base);
    m_licence->setAutoFillBackground(true);
    m_licence->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* showLicence = buttons->addButton(tr("&Licence"), QDialogButtonBox::ActionRole);
    showLicence->setObjectName(QStringLiteral("aboutShowLicence"));
    showLicence->setCheckable(true);
    showLicence->setEnabled(!licence.isEmpty());
    connect(showLicence, &QPushButton::toggled, m_licence, &QWidget::setVisible);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(description);
    text->addWidget(qt);
    text->addWidget(licenceLine);
    auto* top = new QHBoxLayout;
    top->setSpacing(16);
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetFixedSize); // grows and shrinks with the licence shown or not
    layout->addLayout(top);
    layout->addWidget(m_licence);
    layout->addWidget(buttons);
}

} // namespace eventloom
