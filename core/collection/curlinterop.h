#pragma once

#include "collection.h"
#include "requestbuilder.h"
#include "util/error.h"

#include <QString>
#include <QStringView>

namespace jitterbug {

// curl command lines in and out of collections (docs/collections.md, "curl").

// A curl command line, as copied from browser dev tools or API docs (one
// string, `\` line continuations and shell quotes allowed), as a saved
// request. It goes through parseCurlCommandLine, the parser of `send`, so an
// option Jitterbug does not know is the same error naming it. What the saved
// request holds:
//  - method and URL as curl sends them; the query stays in the URL, except
//    the data of -G, which becomes params when that sends the same bytes;
//  - the headers given with -H, -A, -e, -b and --json's Accept, in order;
//    curl's own defaults (User-Agent, Accept: */*, --compressed's
//    Accept-Encoding) and removals ("-H 'Accept:'") are left out, as a
//    saved request sends only what it lists;
//  - the body: -d and friends as raw text with the Content-Type curl sends
//    (json when it is a JSON type or --json), -F as multipart fields;
//  - -u (or credentials in the URL) as Basic auth; an Authorization header
//    stays a header. Without -u the auth is inherited;
//  - curl's retry options, -m and --connect-timeout as a policy override
//    holding the fields those options set;
//  - -L, -k, --max-redirs and --max-filesize, which a saved request cannot
//    run, under foreign["curl"], so they are visible rather than lost.
// A body that is not UTF-8 text, or an -F field a saved field cannot hold
// (;filename=, ;headers=, standard input), is an error naming it.
Expected<RequestItem> requestFromCurl(QStringView commandLine, const QString& name = {});

// A built request (variables resolved) as a bash curl command that sends the
// same bytes: `curl 'URL'`, -X only where curl would not infer the method,
// one -H per header in order (plus removals of what curl would add on its
// own: User-Agent, Accept, a form Content-Type, Expect), --data-binary for
// the body or -F when multipart parts carry files. The policy maps to
// --retry, --retry-delay, --retry-max-time, --retry-connrefused,
// --retry-all-errors, -m and --connect-timeout where curl can express it;
// each thing it cannot (jitter, a backoff other than curl's, budgets,
// breakers, rate limits, fallbacks, a fresh idempotency key per call, ...)
// is a `# ` comment line before the command. The command's lines are joined
// with " \\\n  "; there is no trailing newline. `name`, when given, is the
// first comment line.
QString requestToCurl(const BuiltRequest& built, const QString& name = {});

// Quotes one argument for bash: bare when it holds only safe characters,
// '...' for text, $'...' when it holds control characters or bytes that are
// not UTF-8. A NUL byte cannot be in an argument at all; it comes out as \x00,
// which bash cuts the argument at.
QString shellQuote(QByteArrayView argument);

} // namespace jitterbug
