// The collection tree's edits, on plain collections.
#include "document/treeedits.h"

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;

namespace {

Item request(const char* name)
{
    RequestItem r;
    r.name = QString::fromUtf8(name);
    r.method = QStringLiteral("GET");
    r.url = QStringLiteral("http://h/");
    return Item{r};
}

Item folder(const char* name, std::vector<Item> items)
{
    Folder f;
    f.name = QString::fromUtf8(name);
    f.items = std::move(items);
    return Item{std::move(f)};
}

// a, F[b, G[c]], d
Collection sample()
{
    Collection c;
    c.items.push_back(request("a"));
    c.items.push_back(folder("F", {request("b"), folder("G", {request("c")})}));
    c.items.push_back(request("d"));
    return c;
}

// The tree as text: "a F[b G[c]] d".
std::string shape(const std::vector<Item>& items)
{
    std::string out;
    for (const Item& item : items) {
        if (!out.empty())
            out += ' ';
        if (const Folder* f = item.folder())
            out += f->name.toStdString() + '[' + shape(f->items) + ']';
        else
            out += item.request()->name.toStdString();
    }
    return out;
}

} // namespace

TEST(TreeEdits, InsertGoesAfterTheSelectionOrIntoASelectedFolder)
{
    Collection c = sample();
    EXPECT_EQ(insertItem(c, {0}, request("x")), (ItemPath{1}));
    EXPECT_EQ(shape(c.items), "a x F[b G[c]] d");
    EXPECT_EQ(insertItem(c, {2}, request("y")), (ItemPath{2, 2})) << "into the selected folder, at its end";
    EXPECT_EQ(insertItem(c, {}, request("z")), (ItemPath{4}));
    EXPECT_EQ(shape(c.items), "a x F[b G[c] y] d z");
}

TEST(TreeEdits, DuplicateAndRemove)
{
    Collection c = sample();
    EXPECT_EQ(duplicateItem(c, {1, 1}), (ItemPath{1, 2}));
    EXPECT_EQ(shape(c.items), "a F[b G[c] G copy[c]] d");
    EXPECT_TRUE(removeItem(c, {1, 1}));
    EXPECT_EQ(shape(c.items), "a F[b G copy[c]] d");
    EXPECT_FALSE(removeItem(c, {7}));
    EXPECT_FALSE(duplicateItem(c, {1, 9}));
}

TEST(TreeEdits, MoveAccountsForWhatTheRemovalShifts)
{
    Collection c = sample();
    EXPECT_EQ(moveItem(c, {0}, {1}, 0), (ItemPath{0, 0})) << "F moved up when a left the top";
    EXPECT_EQ(shape(c.items), "F[a b G[c]] d");
    EXPECT_EQ(moveItem(c, {0, 0}, {}, -1), (ItemPath{2}));
    EXPECT_EQ(shape(c.items), "F[b G[c]] d a");
    EXPECT_EQ(moveItem(c, {2}, {}, 0), (ItemPath{0}));
    EXPECT_EQ(shape(c.items), "a F[b G[c]] d");
    EXPECT_EQ(moveItem(c, {0}, {}, 2), (ItemPath{1})) << "before d, counted before a left";
    EXPECT_EQ(shape(c.items), "F[b G[c]] a d");
}

TEST(TreeEdits, AFolderCannotMoveIntoItself)
{
    Collection c = sample();
    const std::string before = shape(c.items);
    EXPECT_FALSE(moveItem(c, {1}, {1}, 0));
    EXPECT_FALSE(moveItem(c, {1}, {1, 1}, 0));
    EXPECT_FALSE(moveItem(c, {1}, {0}, 0)) << "a request is no folder";
    EXPECT_EQ(shape(c.items), before);
}
