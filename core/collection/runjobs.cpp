#include "runjobs.h"

namespace jitterbug {

Expected<RunJobs> RunJobs::build(const Collection& collection, const QList<ItemPath>& paths,
                                 const Environment* environment, const SecretValues& secrets, quint64 seed, Now now)
{
    RunJobs out;
    out.m_collection = &collection;
    out.m_paths = paths;
    out.m_environment = environment;
    out.m_secrets = secrets;
    out.m_valueStream = Random(seed).fork(0x76617273); // "vars": apart from the calls' own streams
    out.m_now = std::move(now);
    DynamicVariables checkValues(out.m_valueStream, out.m_now);
    for (const ItemPath& path : paths) {
        const int usesBefore = checkValues.uses();
        Expected<BuiltRequest> built = buildRequest(collection, path, environment, secrets, &checkValues);
        if (!built)
            return std::unexpected(built.error());
        addClientDefaultHeaders(built->request);
        out.m_jobs.append(BatchJob{std::move(built->request), std::move(built->policy)});
        out.m_names.append(requestDisplayPath(collection, path));
        out.m_drawsValues.append(checkValues.uses() > usesBefore);
    }
    return out;
}

std::optional<BatchJob> RunJobs::prepare(int index) const
{
    const qsizetype request = index % m_jobs.size();
    if (!m_drawsValues[request])
        return std::nullopt;
    DynamicVariables values(m_valueStream.fork(static_cast<quint64>(index)), m_now);
    Expected<BuiltRequest> built = buildRequest(*m_collection, m_paths[request], m_environment, m_secrets, &values);
    if (!built) // only a file changed since the check can fail here: send what was checked
        return std::nullopt;
    addClientDefaultHeaders(built->request);
    return BatchJob{std::move(built->request), std::move(built->policy)};
}

} // namespace jitterbug
