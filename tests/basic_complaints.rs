//! A member's after-sales (售后) and thrift (节俭持家) in the real app (iced_test's
//! simulator) against a real hub on loopback: she tells the organiser what was wrong with a
//! charged order, the organiser's refund reaches her screen, her ears and her balance, a
//! refund above the charge is refused at the hub and changes nothing on her side; a market
//! price (the organiser's word) shows on the deal card and My orders shows the month's saving.

mod common;

use chrono::{Datelike, Duration, Local, Utc};
use common::{Offer, World, char_key, click, press, shows};
use iced::keyboard::{Key, key::Named};
use linli::app::Message;
use linli::basic::{Message as B, Screen};
use linli::system::settings::Settings;
use linli_core::Fen;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::sync::protocol::{Change, Verdict};
use linli_hub::storage::HubStorage;

fn tomatoes() -> Offer {
    Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8))
}

/// She orders 2 斤 of the first deal, the organiser closes it: confirmed and charged.
async fn charged_order(w: &mut World) -> OrderId {
    click(&mut w.app, "西红柿");
    click(&mut w.app, "＋ 多一点");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    w.as_boss(Command::CloseDeal {
        deal_id: w.deals[0].id,
    });
    w.sync().await;
    let l = &w.app.vm.orders[0];
    assert_eq!(l.order.state, OrderState::Confirmed);
    l.order.id
}

fn balance(w: &World) -> Fen {
    let me = w.app.identity.as_ref().unwrap().member_id;
    w.store.lock().unwrap().balance(me).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_reaches_the_organiser_and_her_refund_comes_back_read_aloud() {
    let mut w = World::new(&[tomatoes()], Settings::default()).await;
    assert!(
        !shows(&w.app, "比菜场便宜 ¥1.20"),
        "no market price: no thrift"
    );
    let order = charged_order(&mut w).await;
    let charged = balance(&w);
    assert_eq!(charged, Fen(-760));
    click(&mut w.app, "回到首页 ⏎");
    click(&mut w.app, "我的订单");
    click(&mut w.app, "西红柿 2 斤");
    assert_eq!(w.app.basic.screen, Screen::OrderDetail(order));

    // By keyboard: 1 opens the question; Enter before choosing asks her to choose.
    press(&mut w.app, char_key("1"));
    assert_eq!(w.app.basic.screen, Screen::Complain(order));
    assert!(shows(&w.app, "这一单有什么问题？"));
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(shows(
        &w.app,
        "请先选是什么问题：按 1 坏了，2 少了，3 不新鲜，4 其他。"
    ));
    assert_eq!(w.app.vm.complaints.len(), 0, "nothing filed");
    press(&mut w.app, Key::Named(Named::Escape));
    assert_eq!(w.app.basic.screen, Screen::OrderDetail(order));

    // By mouse: 有问题 → 坏了 → a note and a ready sentence → 告诉团长.
    click(&mut w.app, "1  有问题");
    click(&mut w.app, "1  坏了");
    assert!(shows(&w.app, "✓ 1  坏了"), "the choice is ticked");
    let _ = w
        .app
        .update(Message::Basic(B::ComplaintNote("有两个烂了".into())));
    click(&mut w.app, "5  请退钱给我");
    assert_eq!(w.app.basic.complaint.note, "有两个烂了。请退钱给我");
    press(&mut w.app, char_key("r"));
    assert!(w.app.speaker.last.iter().any(|l| l == "这一单有什么问题？"));
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l == "您选了：坏了。按回车键告诉团长。")
    );
    click(&mut w.app, "告诉团长 ⏎");
    let sent = "已经告诉团长了。她回复后，这里会告诉您，也会念给您听。";
    assert_eq!(w.app.basic.screen, Screen::OrderDetail(order));
    assert_eq!(w.app.announcement.as_deref(), Some(sent));
    assert_eq!(w.app.speaker.last, vec![sent.to_string()]);
    assert!(shows(
        &w.app,
        "今天，您说：坏了，“有两个烂了。请退钱给我”。"
    ));
    assert!(shows(&w.app, "还在等团长回复。"));
    assert_eq!(w.app.vm.pending, 1);

    // The hub has it.
    w.sync().await;
    assert_eq!(w.app.vm.pending, 0);
    assert_eq!(
        w.app.announcement.as_deref(),
        Some(sent),
        "filing is no news twice"
    );
    let feed = w.hub.pull(&w.boss, 0, 10_000).unwrap();
    let at_hub: Vec<Complaint> = feed
        .changes
        .into_iter()
        .filter_map(|c| match c {
            Change::Complaint(x) => Some(x),
            _ => None,
        })
        .collect();
    assert_eq!(at_hub.len(), 1);
    assert_eq!(at_hub[0].order_id, order);
    assert_eq!(at_hub[0].kind, ComplaintKind::Broken);
    assert_eq!(at_hub[0].text, "有两个烂了。请退钱给我");
    let id = at_hub[0].id;

    // A refund above the charge is refused at the hub; nothing changes on her side.
    let too_much = w
        .hub
        .apply(
            &w.boss,
            &Envelope {
                id: uuid::Uuid::new_v4(),
                command: Command::AnswerComplaint {
                    complaint_id: id,
                    refund: Some(Fen(761)),
                    note: "全退".into(),
                },
            },
            Utc::now(),
        )
        .unwrap();
    assert!(matches!(too_much.outcome.verdict, Verdict::Rejected { .. }));
    w.sync().await;
    assert_eq!(balance(&w), charged);
    assert!(shows(&w.app, "还在等团长回复。"));
    assert!(w.app.vm.complaints[0].complaint.resolution.is_none());

    // The organiser refunds ¥3.80: shown, said, and her balance goes up.
    w.as_boss(Command::AnswerComplaint {
        complaint_id: id,
        refund: Some(Fen(380)),
        note: "对不起，下次挑好的给您".into(),
    });
    w.sync().await;
    let news = "团长回复了您说的西红柿的问题：退您 ¥3.80。对不起，下次挑好的给您";
    assert_eq!(w.app.announcement.as_deref(), Some(news));
    assert_eq!(w.app.speaker.last, vec![news.to_string()]);
    assert!(shows(&w.app, "团长退了您 ¥3.80：对不起，下次挑好的给您"));
    assert!(!shows(&w.app, "还在等团长回复。"));
    assert_eq!(
        balance(&w),
        charged + Fen(380),
        "the refund is on her ledger"
    );
    click(&mut w.app, "🔊 朗读");
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l == "团长退了您 ¥3.80：对不起，下次挑好的给您"),
        "the answer is read aloud on the order: {:?}",
        w.app.speaker.last
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_market_price_shows_on_the_card_and_my_orders_shows_the_months_saving() {
    let mut w = World::new(&[tomatoes()], Settings::default()).await;
    // The organiser says the market sells tomatoes at ¥5.00 a 斤.
    w.as_boss(Command::PutProduct {
        product: Product {
            id: w.deals[0].product_id,
            group_id: w.boss.group_id,
            name: "西红柿".into(),
            emoji: "🍅".into(),
            unit: "斤".into(),
            shop_price: Some(Fen(500)),
        },
    });
    w.sync().await;
    assert!(shows(&w.app, "比菜场便宜 ¥1.20"), "on the card");
    // Her words, on the how-many screen.
    click(&mut w.app, "西红柿");
    assert!(shows(&w.app, "比菜场便宜 ¥1.20 · 团长说菜场卖 ¥5.00 一斤"));
    click(&mut w.app, "← 返回");
    press(&mut w.app, char_key("r"));
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l.ends_with("团长说菜场卖 ¥5.00 一斤，这里便宜 ¥1.20。")),
        "{:?}",
        w.app.speaker.last
    );
    click(&mut w.app, "我的订单");
    assert!(!shows(&w.app, "这个月一起买，省了 ¥0.00"));
    assert!(
        !w.app.speaker.last.iter().any(|l| l.contains("省了")),
        "nothing saved yet: nothing said"
    );
    click(&mut w.app, "← 返回");

    let _ = charged_order(&mut w).await;
    click(&mut w.app, "回到首页 ⏎");
    click(&mut w.app, "我的订单");
    // Savings count by pickup day (tomorrow): the last day of a month they fall in the next.
    let today = Local::now().date_naive();
    let saved = "这个月一起买，省了 ¥2.40";
    if (today + Duration::days(1)).month() == today.month() {
        assert!(shows(&w.app, saved));
        assert!(shows(&w.app, "按团长说的菜场价算的。"));
        press(&mut w.app, char_key("r"));
        assert!(w.app.speaker.last.iter().any(|l| l == saved));
    } else {
        assert!(!shows(&w.app, saved));
    }
}
