//! The organiser's Stock and Notices pages in the real app (iced_test's simulator) against
//! a real hub on loopback: a loss she records changes the loss rate she sees and the next
//! deal's suggestion says it left the waste out; a notice she posts reaches a neighbour's
//! app, which shows it and reads it aloud.

mod common;

use common::org::OrgWorld;
use iced::keyboard::{Key, key::Named};
use linli::advanced::{Message as A, Page, arrival, notices, stock};
use linli::app::App;
use linli::settings::Settings as AppSettings;
use linli::speech::Speaker;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loss_changes_the_loss_rate_and_a_notice_is_heard_by_the_neighbours() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let li = w.neighbour("李奶奶").await;
    li.order(deal.id, 4).await;
    w.sync().await;
    w.click("提前截单");
    w.sync().await;
    w.click("F4 到货");
    w.send(A::Arrival(arrival::Message::Choose(deal.id)));
    w.send(A::Arrival(arrival::Message::Arrived("4".into())));
    w.click("确定到货，通知大家 ⏎");
    w.sync().await;

    // Stock: 4 came in, none lost yet.
    w.click("F7 库存和损耗");
    assert_eq!(w.app.advanced.page, Page::Stock);
    assert!(w.shows("🍅 西红柿：现有 4 斤。这四周进了 4 斤，损耗 0 斤（0.0%）。"));
    assert!(w.shows("还没有记过损耗。"));

    // Recording without a reason is refused in words; nothing is sent.
    w.click("🍅 西红柿");
    w.send(A::Stock(stock::Message::Qty("1".into())));
    w.click("记下损耗 ⏎");
    assert!(w.shows("请选为什么损耗：坏了、压坏了、没人取，还是其他。"));
    // By keyboard: 1 is 坏了, Enter records.
    common::press(&mut w.app, common::char_key("1"));
    w.send(A::Stock(stock::Message::Note("烂了一个".into())));
    common::press(&mut w.app, Key::Named(Named::Enter));
    assert!(
        w.shows("记下了：西红柿坏了 1 斤。"),
        "a plain-words confirmation"
    );
    assert!(
        w.shows("🍅 西红柿：现有 3 斤。这四周进了 4 斤，损耗 1 斤（25.0%）。"),
        "her own loss shows at once"
    );
    w.sync().await;
    assert!(w.shows("🍅 西红柿：现有 3 斤。这四周进了 4 斤，损耗 1 斤（25.0%）。"));
    assert!(w.shows("今天 🍅 西红柿 坏了 1 斤：烂了一个"));
    // The hub has it too: a second organiser device would see the same.
    let hub_losses = linli_core::store::Store::open(
        w.dir.path().join("hub.db"),
        linli_core::store::Durability::Normal,
    )
    .unwrap()
    .stock_levels(
        deal.group_id,
        chrono::Utc::now() - chrono::Duration::days(28),
    )
    .unwrap();
    assert_eq!(hub_losses.iter().map(|l| l.lost).sum::<i64>(), 1);

    // Notices: an empty title is refused; a notice reaches 李奶奶's app, shown and read.
    let mut li_app = App::new(
        li.store.clone(),
        AppSettings::default(),
        Speaker::silent(),
        None,
    );
    common::sync_app(&mut li_app, &li.store).await;
    w.click("F10 通知");
    w.click("发给大家 ⏎");
    assert!(w.shows("请写一个标题。"));
    w.send(A::Notices(notices::Message::Title(
        "周六取货改到上午".into(),
    )));
    w.send(A::Notices(notices::Message::Body(
        "9点到11点，3号楼门口。".into(),
    )));
    w.click("发给大家 ⏎");
    assert!(w.shows("通知发出去了：周六取货改到上午。大家的电脑会念出来。"));
    w.sync().await;
    assert!(w.shows("今天 周六取货改到上午：9点到11点，3号楼门口。"));
    common::sync_app(&mut li_app, &li.store).await;
    let heard = "新通知：周六取货改到上午。9点到11点，3号楼门口。";
    assert!(
        li_app.speaker.last.iter().any(|l| l == heard),
        "read aloud when it arrives: {:?}",
        li_app.speaker.last
    );
    assert!(
        common::simulator_of(&li_app).find(heard).is_ok(),
        "and shown"
    );
}
