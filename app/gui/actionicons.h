#pragma once

#include <QIcon>
#include <QString>

namespace jitterbug::gui {

// The app's own action icons, SVG in resources/icons/actions/: crisp at any
// scale factor and the same on every desktop, in colours chosen to read on
// light and dark palettes alike.
inline QIcon actionIcon(const char* name)
{
    return QIcon(QStringLiteral(":/jitterbug/icons/actions/") + QLatin1StringView(name) + QStringLiteral(".svg"));
}

} // namespace jitterbug::gui
