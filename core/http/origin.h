#pragma once

#include <QString>
#include <QUrl>

namespace jitterbug {

// An origin (RFC 6454) as one string, "https://api.example.com:443": the key
// for what is shared per server (breakers, budgets, rate limits of host
// scope, pooled connections), and the test for where credentials may follow.
QString originOf(const QUrl& url);
bool sameOrigin(const QUrl& a, const QUrl& b);

} // namespace jitterbug
