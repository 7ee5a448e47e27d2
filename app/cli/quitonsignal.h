#pragma once

namespace jitterbug::cli {

// Makes SIGINT and SIGTERM end the application's event loop normally, so
// a long-running command (serve) closes its sockets and exits with status 0.
// The handler only writes a byte to a pipe; the event loop reads it.
void quitOnTerminationSignals();

} // namespace jitterbug::cli
