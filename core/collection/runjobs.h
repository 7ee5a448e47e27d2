#pragma once

#include "dynamicvariables.h"
#include "engine/batchrun.h"
#include "requestbuilder.h"

#include <QDateTime>

#include <functional>

namespace jitterbug {

// The calls of a collection run, as `jitterbug-cli run` and the desktop
// runner send them: every request built before anything is sent (so an
// undefined variable or an unreadable file stops the run with nothing on the
// wire), with the client's default headers, and a request that uses
// {{$guid}}-style variables built again for each call with values drawn from
// a stream of the run's seed set aside for them and the run's clock.
class RunJobs
{
public:
    using Now = std::function<QDateTime()>;

    static Expected<RunJobs> build(const Collection& collection, const QList<ItemPath>& paths,
                                   const Environment* environment, const SecretValues& secrets, quint64 seed, Now now);

    const QList<BatchJob>& jobs() const { return m_jobs; }
    const QStringList& names() const { return m_names; } // "Folder/Request", by job
    qsizetype size() const { return m_jobs.size(); }

    // For BatchRun::setJobPreparer: call `index`'s job when it draws values, else nullopt (the built one).
    std::optional<BatchJob> prepare(int index) const;

private:
    RunJobs() = default;

    const Collection* m_collection = nullptr;
    QList<ItemPath> m_paths;
    const Environment* m_environment = nullptr;
    SecretValues m_secrets;
    Random m_valueStream;
    Now m_now;
    QList<BatchJob> m_jobs;
    QStringList m_names;
    QList<bool> m_drawsValues;
};

} // namespace jitterbug
