//! The organiser's Stock, Complaints and Notices pages in the real app (iced_test's simulator) against
//! a real hub on loopback: a loss she records changes the loss rate she sees and the next
//! deal's suggestion says it left the waste out; a notice she posts reaches a neighbour's
//! app, which shows it and reads it aloud; a neighbour's complaint shows on Today and is
//! answered with a refund no larger than what she paid, which reaches her ledger.

mod common;

use common::org::OrgWorld;
use iced::keyboard::{Key, key::Named};
use linli::advanced::{Message as A, Page, complaints, notices, stock};
use linli::app::App;
use linli::system::settings::Settings as AppSettings;
use linli::system::speech::Speaker;
use linli_core::Fen;
use linli_core::model::{ComplaintKind, Resolution};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loss_changes_the_loss_rate_and_a_notice_is_heard_by_the_neighbours() {
    let mut w = OrgWorld::new().await;
    let (deal, li, _) = w.tomatoes_arrived(4).await;

    // Stock: 4 came in, none lost yet.
    w.click("库存");
    assert_eq!(w.app.advanced.page, Page::Stock);
    assert!(w.shows("🍅 西红柿：现有 4 斤。这四周进了 4 斤，损耗 0 斤（0.0%）。"));
    assert!(w.shows("还没有记过损耗。"));

    // Recording without a reason is refused in words; nothing is sent.
    w.click("🍅 西红柿");
    w.send(A::Stock(stock::Message::Qty("1".into())));
    w.click("记下损耗 ⏎");
    assert!(w.shows("请选为什么损耗：坏了、压坏了、没人取，还是其他。"));
    // More than she has is refused too (a typing slip would leave a negative stock).
    common::press(&mut w.app, common::char_key("1"));
    w.send(A::Stock(stock::Message::Qty("40".into())));
    w.click("记下损耗 ⏎");
    assert!(w.shows("现在只有 4 斤，损耗不能比现有的多。请再数一下。"));
    w.send(A::Stock(stock::Message::Qty("1".into())));
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
    assert_eq!(
        w.app.advanced.stock.recent[0].movement.deal_id,
        Some(deal.id),
        "the loss belongs to the deal whose goods she has (its price values it)"
    );
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
    w.click("通知");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_reaches_today_and_her_refund_is_bounded_by_what_was_paid() {
    let mut w = OrgWorld::new().await;
    let (deal, li, order) = w.tomatoes_charged(2).await;
    assert_eq!(li.balance(), Fen(-760));

    // She says the tomatoes were not fresh, from her own computer.
    li.complains(order, ComplaintKind::NotFresh, "有两个软了")
        .await;
    w.sync().await;

    // Today says a complaint waits; its button leads to the Complaints page.
    w.click("今天");
    w.send(A::ReadAloud);
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l.contains("1 个有问题的订单等您回复")),
        "{:?}",
        w.app.speaker.last
    );
    w.click("有问题");
    assert_eq!(w.app.advanced.page, Page::Complaints);
    assert!(w.shows("1 个有问题的订单等您回复。"));
    // Pickup is tomorrow, or the day after once tonight's 10 pm cutoff has passed.
    let day = linli::i18n::I18n::new(linli::i18n::Lang::ZhCn)
        .day(deal.pickup_day, chrono::Local::now().date_naive());
    let line =
        format!("1  李奶奶：🍅 西红柿 2 斤（{day}取），不新鲜。付了 ¥7.60。留言：有两个软了");
    assert!(
        w.shows(&line),
        "who, what, when, what is wrong, what was paid"
    );

    // The oldest is open to answer without a key (1 would choose it too); a refund above
    // what she paid is refused in words, and nothing is sent.
    assert!(w.shows("回复 ⏎"), "the answer form is open");
    common::press(&mut w.app, common::char_key("1"));
    w.send(A::Complaints(complaints::Message::Refund("8".into())));
    assert!(
        !w.shows("回复 ⏎"),
        "with money typed, the button says it refunds"
    );
    w.click("退钱并回复");
    assert!(w.shows("最多只能退 ¥7.60（这一单付的钱）。"));
    let queued = |w: &OrgWorld| w.store.lock().unwrap().outbox_len().unwrap();
    assert_eq!(queued(&w), 0, "nothing queued for the hub");
    // Words only need words; then half back with an apology.
    w.send(A::Complaints(complaints::Message::Refund(String::new())));
    w.click("回复 ⏎");
    assert!(w.shows("不退钱的话，请写几句回复。"));
    w.send(A::Complaints(complaints::Message::Refund("3.8".into())));
    w.send(A::Complaints(complaints::Message::Reply(
        "对不起，下次挑好的给您".into(),
    )));
    // Enter never refunds: it says which button does, and nothing is sent.
    common::press(&mut w.app, Key::Named(Named::Enter));
    assert!(w.shows("要退钱，请点“退钱并回复”。按 Enter 不会退钱。"));
    assert_eq!(queued(&w), 0, "nothing queued for the hub");
    w.click("退钱并回复");
    assert!(w.shows("已退给李奶奶 ¥3.80，回复也发过去了。"));
    assert!(
        w.shows("没有等回复的问题。"),
        "answered at once on her page"
    );
    w.sync().await;
    li.sync().await;
    assert_eq!(li.balance(), Fen(-380), "the refund reached her ledger");
    let hers = li.complaints();
    assert_eq!(
        hers[0].complaint.resolution,
        Some(Resolution::Refunded {
            amount: Fen(380),
            note: "对不起，下次挑好的给您".into()
        }),
        "she sees the answer"
    );
    assert_eq!(
        hers[0].refundable,
        Fen(380),
        "only the rest may still be refunded"
    );
}
