#pragma once

namespace jitterbug {

// What this process uses, for start-up and memory figures (Linux's /proc;
// 0 where it cannot be read).
double residentMegabytes();
// Milliseconds since the process started, to the kernel's clock tick: it
// includes the dynamic linker's work before main().
double processAgeMs();

} // namespace jitterbug
