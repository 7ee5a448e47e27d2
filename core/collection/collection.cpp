#include "collection.h"

namespace jitterbug {

bool Folder::operator==(const Folder& other) const
{
    return name == other.name && description == other.description && items == other.items && auth == other.auth
        && policy == other.policy && variables == other.variables && foreign == other.foreign;
}

} // namespace jitterbug
