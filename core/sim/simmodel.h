#pragma once

#include "simbackend.h"

#include <QDateTime>

namespace jitterbug {

class Random;

// One request's fate under a model: the answer and when it goes out.
struct SimModelDraw {
    SimAnswer answer;
    double latencyMs = 0;
};

// Every request takes the same five draws (fate, failure status, a latency
// pair, Retry-After) whichever branch it ends in, so changing one rate does
// not reshuffle every later answer. `wallTime` dates HTTP-date Retry-Afters.
SimModelDraw drawModelAnswer(const SimModel& model, Random& random, const QDateTime& wallTime);

// A short JSON error body, {"error": "..."}, with its Content-Type.
SimAnswer simErrorAnswer(int status, QByteArrayView message);

} // namespace jitterbug
