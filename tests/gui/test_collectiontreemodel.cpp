#include "models/collectiontreemodel.h"

#include "collection/collectionjson.h"
#include "modeltestsupport.h"

#include <QGuiApplication>
#include <QIcon>
#include <QPixmap>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace jitterbug;
using namespace jitterbug::gui;
using jitterbug::gui::test::ModelTesterGuard;

namespace {

const QString samplePath = QStringLiteral(JITTERBUG_SOURCE_DIR "/resources/collections/sample.jitterbug.json");

Collection sampleCollection()
{
    Expected<Collection> loaded = loadCollection(samplePath);
    if (!loaded) {
        ADD_FAILURE() << "cannot load the sample: " << loaded.error().message.toStdString();
        return {};
    }
    return *loaded;
}

Item requestItem(const QString& name, const QString& method = QStringLiteral("GET"),
                 const QString& url = QStringLiteral("http://example.test/"))
{
    RequestItem request;
    request.name = name;
    request.method = method;
    request.url = url;
    return Item{request};
}

Item folderItem(const QString& name, std::vector<Item> items)
{
    Folder folder;
    folder.name = name;
    folder.items = std::move(items);
    return Item{folder};
}

// Nested three deep, with an empty folder and a name used twice: the shapes
// the sample does not have.
Collection nestedCollection()
{
    Collection collection;
    collection.name = QStringLiteral("nested");
    collection.items.push_back(
        folderItem(QStringLiteral("A"),
                   {requestItem(QStringLiteral("a1")),
                    folderItem(QStringLiteral("B"),
                               {folderItem(QStringLiteral("C"), {requestItem(QStringLiteral("twice"))}),
                                requestItem(QStringLiteral("b1"), QStringLiteral("DELETE"))}),
                    folderItem(QStringLiteral("empty"), {})}));
    collection.items.push_back(requestItem(QStringLiteral("twice"), QStringLiteral("PUT")));
    return collection;
}

// Every index of the tree, parents before their children.
QList<QModelIndex> allIndexes(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QList<QModelIndex> out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        out.append(index);
        out.append(allIndexes(model, index));
    }
    return out;
}

QString pathText(const ItemPath& path)
{
    QStringList parts;
    for (int i : path)
        parts.append(QString::number(i));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace

TEST(CollectionTreeModel, PassesTheModelTesterWithTheSampleAndAfterSettingItAgain)
{
    CollectionTreeModel model;
    ModelTesterGuard tester(&model);
    model.setCollection(sampleCollection());
    model.setCollection(nestedCollection());
    model.setCollection(sampleCollection());
    model.setCollection({});
    EXPECT_EQ(tester.failures(), "");
}

TEST(CollectionTreeModel, RowsFollowTheCollection)
{
    CollectionTreeModel model;
    model.setCollection(sampleCollection());
    const Collection& collection = model.collection();
    ASSERT_FALSE(collection.items.empty());
    EXPECT_EQ(model.rowCount(), static_cast<int>(collection.items.size()));
    EXPECT_EQ(model.columnCount(), 1);
    EXPECT_EQ(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));

    int folders = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const Item& item = collection.items[static_cast<std::size_t>(row)];
        if (const Folder* folder = item.folder()) {
            ++folders;
            EXPECT_EQ(model.rowCount(index), static_cast<int>(folder->items.size())) << row;
            EXPECT_TRUE(model.hasChildren(index) == !folder->items.empty()) << row;
        } else {
            EXPECT_EQ(model.rowCount(index), 0) << row;
            EXPECT_FALSE(model.hasChildren(index)) << row;
        }
    }
    EXPECT_GE(folders, 1) << "the sample has an Orders folder";

    const QModelIndex orders = model.index(model.rowCount() - 1, 0);
    ASSERT_EQ(orders.data().toString(), QStringLiteral("Orders"));
    EXPECT_EQ(model.rowCount(orders), 3);
    EXPECT_EQ(model.index(0, 0, orders).data().toString(), QStringLiteral("Create order, once"));
    EXPECT_EQ(model.index(0, 0, orders).parent(), orders);
    EXPECT_FALSE(model.index(0, 1).isValid()) << "one column";
    EXPECT_FALSE(model.index(model.rowCount(), 0).isValid());
}

TEST(CollectionTreeModel, EveryIndexMapsToItsPathAndBack)
{
    for (const Collection& collection : {sampleCollection(), nestedCollection()}) {
        CollectionTreeModel model;
        model.setCollection(collection);
        const QList<QModelIndex> indexes = allIndexes(model);
        ASSERT_FALSE(indexes.isEmpty());
        for (const QModelIndex& index : indexes) {
            const ItemPath path = model.pathOf(index);
            SCOPED_TRACE(pathText(path).toStdString());
            EXPECT_EQ(model.indexOf(path), index);
            EXPECT_EQ(path.last(), index.row());
            EXPECT_EQ(model.pathOf(index.parent()), path.first(path.size() - 1));
            EXPECT_EQ(index.data(CollectionTreeModel::PathRole).value<ItemPath>(), path);

            const Item* item = locateItem(model.collection(), path).item;
            ASSERT_NE(item, nullptr);
            EXPECT_EQ(index.data().toString(), item->isFolder() ? item->folder()->name : item->request()->name);
            EXPECT_EQ(index.data(CollectionTreeModel::IsFolderRole).toBool(), item->isFolder());
        }
    }
}

TEST(CollectionTreeModel, PathsOutsideTheTreeHaveNoIndex)
{
    CollectionTreeModel model;
    model.setCollection(nestedCollection());
    EXPECT_EQ(model.pathOf({}), ItemPath());
    EXPECT_FALSE(model.indexOf({}).isValid()) << "the root";
    EXPECT_FALSE(model.indexOf({2}).isValid());
    EXPECT_FALSE(model.indexOf({-1}).isValid());
    EXPECT_FALSE(model.indexOf({0, 2, 0}).isValid()) << "inside the empty folder";
    EXPECT_FALSE(model.indexOf({1, 0}).isValid()) << "through a request";
    EXPECT_EQ(model.rowCount(model.indexOf({0, 2})), 0);
    EXPECT_EQ(model.indexOf({0, 1, 0, 0}).data().toString(), QStringLiteral("twice"));
}

TEST(CollectionTreeModel, FindRequestSearchesDepthFirst)
{
    CollectionTreeModel model;
    model.setCollection(sampleCollection());
    const QModelIndex createOrder = model.findRequest(QStringLiteral("Create order"));
    ASSERT_TRUE(createOrder.isValid());
    EXPECT_EQ(createOrder.data().toString(), QStringLiteral("Create order"));
    EXPECT_FALSE(createOrder.parent().isValid()) << "at the top, not \"Create order, once\" in Orders";
    const ItemPath path = model.pathOf(createOrder);
    ASSERT_EQ(path.size(), 1);
    EXPECT_EQ(model.collection().items[static_cast<std::size_t>(path[0])].request()->name,
              QStringLiteral("Create order"));

    const QModelIndex getOrder = model.findRequest(QStringLiteral("Get order"));
    ASSERT_TRUE(getOrder.isValid());
    EXPECT_EQ(getOrder.parent().data().toString(), QStringLiteral("Orders"));
    EXPECT_FALSE(model.findRequest(QStringLiteral("Orders")).isValid()) << "a folder is no request";
    EXPECT_FALSE(model.findRequest(QStringLiteral("no such request")).isValid());

    // The nested "twice" comes before the top-level one (depth first, not
    // breadth first).
    model.setCollection(nestedCollection());
    EXPECT_EQ(model.pathOf(model.findRequest(QStringLiteral("twice"))), ItemPath({0, 1, 0, 0}));
}

TEST(CollectionTreeModel, RequestsShowMethodAndUrl)
{
    CollectionTreeModel model;
    model.setCollection(sampleCollection());
    const QModelIndex createOrder = model.findRequest(QStringLiteral("Create order"));
    ASSERT_TRUE(createOrder.isValid());
    EXPECT_EQ(createOrder.data(Qt::ToolTipRole).toString(), QStringLiteral("POST {{base_url}}/orders"));
    EXPECT_EQ(createOrder.data(CollectionTreeModel::MethodRole).toString(), QStringLiteral("POST"));
    EXPECT_FALSE(createOrder.data(CollectionTreeModel::IsFolderRole).toBool());

    const QModelIndex getOrder = model.findRequest(QStringLiteral("Get order"));
    EXPECT_EQ(getOrder.data(Qt::ToolTipRole).toString(), QStringLiteral("GET {{base_url}}/orders/{{order_id}}"));
    EXPECT_EQ(getOrder.data(CollectionTreeModel::MethodRole).toString(), QStringLiteral("GET"));

    const QModelIndex orders = getOrder.parent();
    EXPECT_TRUE(orders.data(CollectionTreeModel::IsFolderRole).toBool());
    EXPECT_FALSE(orders.data(CollectionTreeModel::MethodRole).isValid());
}

TEST(CollectionTreeModel, RequestsWearAMethodBadgeAndFoldersAnIcon)
{
    CollectionTreeModel model;
    model.setCollection(nestedCollection());
    const QVariant folder = model.indexOf({0}).data(Qt::DecorationRole);
    ASSERT_EQ(folder.typeId(), QMetaType::QIcon);
    EXPECT_FALSE(folder.value<QIcon>().isNull());

    const QVariant get = model.indexOf({0, 0}).data(Qt::DecorationRole);
    ASSERT_EQ(get.typeId(), QMetaType::QPixmap);
    const QPixmap getBadge = get.value<QPixmap>();
    EXPECT_EQ(getBadge.deviceIndependentSize().toSize(), QSize(34, 16));
    EXPECT_EQ(getBadge.devicePixelRatio(), qGuiApp->devicePixelRatio());

    const QPixmap deleteBadge = model.indexOf({0, 1, 1}).data(Qt::DecorationRole).value<QPixmap>();
    const QPixmap putBadge = model.indexOf({1}).data(Qt::DecorationRole).value<QPixmap>();
    EXPECT_EQ(deleteBadge.size(), getBadge.size()) << "one width for every method";
    EXPECT_NE(deleteBadge.toImage(), getBadge.toImage());
    EXPECT_NE(putBadge.toImage(), getBadge.toImage());
    EXPECT_EQ(model.indexOf({0, 0}).data(Qt::DecorationRole).value<QPixmap>().toImage(), getBadge.toImage());
}

TEST(CollectionTreeModel, NamesAreEditable)
{
    CollectionTreeModel model;
    model.setCollection(nestedCollection());
    for (const QModelIndex& index : allIndexes(model)) {
        EXPECT_TRUE(model.flags(index).testFlag(Qt::ItemIsEditable)) << index.data().toString().toStdString();
        EXPECT_EQ(model.flags(index).testFlag(Qt::ItemNeverHasChildren),
                  !index.data(CollectionTreeModel::IsFolderRole).toBool());
    }
}

TEST(CollectionTreeModel, RenamingChangesTheHeldCollection)
{
    CollectionTreeModel model;
    ModelTesterGuard tester(&model);
    model.setCollection(sampleCollection());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy renamed(&model, &CollectionTreeModel::renamed);

    const QModelIndex createOrder = model.findRequest(QStringLiteral("Create order"));
    const ItemPath path = model.pathOf(createOrder);
    ASSERT_TRUE(model.setData(createOrder, QStringLiteral(" Place order "), Qt::EditRole));
    EXPECT_EQ(createOrder.data().toString(), QStringLiteral("Place order")) << "trimmed";
    EXPECT_EQ(createOrder.data(Qt::EditRole).toString(), QStringLiteral("Place order"));
    EXPECT_EQ(locateItem(model.collection(), path).item->request()->name, QStringLiteral("Place order"));
    EXPECT_FALSE(model.findRequest(QStringLiteral("Create order")).isValid());
    EXPECT_EQ(model.findRequest(QStringLiteral("Place order")), createOrder);

    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed[0][0].value<QModelIndex>(), createOrder);
    EXPECT_EQ(changed[0][1].value<QModelIndex>(), createOrder);
    ASSERT_EQ(renamed.size(), 1);
    EXPECT_EQ(renamed[0][0].value<ItemPath>(), path);
    EXPECT_EQ(renamed[0][1].toString(), QStringLiteral("Place order"));

    const QModelIndex orders = model.findRequest(QStringLiteral("Get order")).parent();
    ASSERT_TRUE(model.setData(orders, QStringLiteral("Shop orders")));
    EXPECT_EQ(orders.data().toString(), QStringLiteral("Shop orders"));
    EXPECT_EQ(locateItem(model.collection(), model.pathOf(orders)).item->folder()->name, QStringLiteral("Shop orders"));
    EXPECT_EQ(renamed.size(), 2);
    EXPECT_EQ(model.rowCount(orders), 3) << "a rename keeps the children";

    // The same name again changes nothing, so nothing is announced.
    EXPECT_TRUE(model.setData(orders, QStringLiteral("Shop orders")));
    EXPECT_EQ(renamed.size(), 2);
    EXPECT_EQ(tester.failures(), "");
}

TEST(CollectionTreeModel, AnEmptyNameIsRefused)
{
    CollectionTreeModel model;
    model.setCollection(sampleCollection());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy renamed(&model, &CollectionTreeModel::renamed);
    const QModelIndex ok = model.findRequest(QStringLiteral("OK"));
    ASSERT_TRUE(ok.isValid());

    EXPECT_FALSE(model.setData(ok, QString()));
    EXPECT_FALSE(model.setData(ok, QStringLiteral("   ")));
    EXPECT_FALSE(model.setData(ok, QStringLiteral("Renamed"), Qt::DecorationRole)) << "only the name is editable";
    EXPECT_FALSE(model.setData({}, QStringLiteral("Renamed")));
    EXPECT_EQ(ok.data().toString(), QStringLiteral("OK"));
    EXPECT_EQ(changed.size(), 0);
    EXPECT_EQ(renamed.size(), 0);
}

TEST(CollectionTreeModel, SettingACollectionResetsTheModel)
{
    CollectionTreeModel model;
    EXPECT_EQ(model.rowCount(), 0);
    model.setCollection(sampleCollection());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setCollection(nestedCollection());
    EXPECT_EQ(reset.size(), 1);
    EXPECT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.collection().name, QStringLiteral("nested"));
    EXPECT_EQ(model.rowCount(model.index(0, 0)), 3);
}

// The guard itself: a model that breaks the rules must fail the test using it.
namespace {

class ChildrenInEveryColumnModel final : public QAbstractItemModel
{
public:
    QModelIndex index(int row, int column, const QModelIndex& parent) const override
    {
        return hasIndex(row, column, parent) ? createIndex(row, column, quintptr(parent.isValid() ? 1 : 0))
                                             : QModelIndex();
    }
    QModelIndex parent(const QModelIndex&) const override { return {}; }
    // Wrong on purpose: the top-level indexes have children, but parent()
    // says those children have none. Two levels only, so the tester's walk ends.
    int rowCount(const QModelIndex& parent) const override
    {
        return !parent.isValid() || parent.internalId() == 0 ? 2 : 0;
    }
    int columnCount(const QModelIndex&) const override { return 2; }
    QVariant data(const QModelIndex&, int) const override { return {}; }
};

} // namespace

TEST(ModelTesterGuard, ReportsABrokenModel)
{
    ChildrenInEveryColumnModel broken;
    ModelTesterGuard tester(&broken);
    EXPECT_NE(tester.failures(), "");
}
