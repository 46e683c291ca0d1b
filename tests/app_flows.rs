//! A member's flows in the real app (iced_test's simulator) with a real hub on loopback:
//! ordering from the deals list to a confirmed order, cancelling before cutoff, a sold-out
//! answer, a help request, and ordering with the keyboard only.

mod common;

use chrono::Duration;
use common::{Offer, World, char_key, click, in_view, press, shows};
use iced::keyboard::{Key, key::Named};
use linli::basic::Screen;
use linli::system::settings::Settings;
use linli_core::model::*;
use linli_hub::storage::HubStorage;

fn tomatoes(stock: u32) -> Offer {
    Offer("西红柿", "斤", 380, stock, 5, Duration::hours(8))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_orders_from_the_deals_list_and_the_hub_confirms_it() {
    let mut w = World::new(
        &[
            tomatoes(20),
            Offer("土鸡蛋", "盒", 1290, 10, 2, Duration::hours(8)),
        ],
        Settings::default(),
    )
    .await;
    assert_eq!(w.app.basic.screen, Screen::Deals);
    assert!(shows(&w.app, "西红柿"), "the deal card is on the screen");
    assert!(shows(&w.app, "¥3.80 一斤 · 还剩 20 斤"));

    click(&mut w.app, "西红柿");
    assert!(matches!(w.app.basic.screen, Screen::Order(_)));
    click(&mut w.app, "＋ 多一点");
    assert!(shows(&w.app, "2 斤"));
    assert!(shows(&w.app, "一共 ¥7.60"));
    click(&mut w.app, "确定 ⏎");
    // The plain-words question of the issue, with the total and the pickup.
    let question = "买 2 斤西红柿，共 ¥7.60，明天在3号楼门口取货。确定吗？";
    assert!(shows(&w.app, question), "confirmation in plain words");
    assert_eq!(
        w.app.speaker.last.last().map(String::as_str),
        Some(question),
        "and read aloud"
    );
    click(&mut w.app, "1  确定");
    assert!(matches!(w.app.basic.screen, Screen::Done(_)));
    assert!(shows(
        &w.app,
        "2 斤西红柿，共 ¥7.60。正在发给团长，确认后会告诉您。"
    ));
    assert_eq!(w.app.vm.pending, 1, "the order waits to be sent");

    w.sync().await;
    assert_eq!(w.app.vm.pending, 0);
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("西红柿：团长那边已经收到了"),
        "the hub's answer is shown"
    );
    assert_eq!(
        w.app.speaker.last,
        vec!["西红柿：团长那边已经收到了".to_string()],
        "and spoken"
    );
    // The done screen now says the same as the news: one state, not two.
    assert!(shows(&w.app, "2 斤西红柿，共 ¥7.60。团长那边已经收到了。"));
    assert!(!shows(
        &w.app,
        "2 斤西红柿，共 ¥7.60。正在发给团长，确认后会告诉您。"
    ));
    let at_hub = w.store.lock().unwrap().deal_sold(w.deals[0].id).unwrap();
    assert_eq!(at_hub, Some(2), "the hub counted the two units");
    click(&mut w.app, "回到首页 ⏎");
    assert!(shows(&w.app, "¥3.80 一斤 · 还剩 18 斤"));
    assert!(shows(&w.app, "您订了 2 斤"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cancels_before_cutoff_and_the_hub_agrees() {
    let mut w = World::new(&[tomatoes(20)], Settings::default()).await;
    click(&mut w.app, "西红柿");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    click(&mut w.app, "回到首页 ⏎");
    click(&mut w.app, "我的订单");
    assert!(shows(&w.app, "订好了，等截单"));
    click(&mut w.app, "西红柿 1 斤");
    click(&mut w.app, "2  取消这个订单");
    assert!(shows(&w.app, "确定取消 西红柿 吗？取消后不收钱。"));
    // Enter keeps the order: cancelling takes its own key (1) or a click.
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(matches!(w.app.basic.screen, Screen::OrderDetail(_)));
    assert_eq!(w.app.vm.orders[0].order.state, OrderState::Placed);
    click(&mut w.app, "2  取消这个订单");
    click(&mut w.app, "1  取消这个订单");
    assert_eq!(w.app.basic.screen, Screen::Orders);
    assert!(shows(&w.app, "您已取消"));
    w.sync().await;
    assert_eq!(
        w.store.lock().unwrap().deal_sold(w.deals[0].id).unwrap(),
        Some(0),
        "the hub released the unit"
    );
    assert_eq!(
        w.app.vm.orders[0].order.state,
        OrderState::Cancelled(CancelReason::ByMember)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_unit_taken_meanwhile_comes_back_as_sold_out_and_is_said() {
    let mut w = World::new(&[tomatoes(1)], Settings::default()).await;
    assert!(shows(&w.app, "¥3.80 一斤 · 还剩 1 斤"));
    // A neighbour takes it while her screen still shows one left.
    w.neighbour_orders(w.deals[0].id, 1);
    click(&mut w.app, "西红柿");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    assert_eq!(w.app.announcement.as_deref(), Some("西红柿：已经卖完了"));
    assert_eq!(w.app.speaker.last, vec!["西红柿：已经卖完了".to_string()]);
    click(&mut w.app, "回到首页 ⏎");
    assert!(
        shows(&w.app, "¥3.80 一斤 · 已经卖完了"),
        "the card now says sold out"
    );
    click(&mut w.app, "我的订单");
    assert!(shows(&w.app, "没有买成：已经卖完了"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_reaches_the_volunteers_and_the_member_is_told() {
    let mut w = World::new(&[tomatoes(20)], Settings::default()).await;
    click(&mut w.app, "请人帮忙");
    assert!(shows(&w.app, "按下面的大按钮，志愿者会来帮您。"));
    click(&mut w.app, "请志愿者帮我 ⏎");
    assert!(shows(&w.app, "✓ 已经告诉志愿者了，请稍等，他们会来找您。"));
    w.sync().await;
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("志愿者已经知道您要人帮忙了")
    );
    // A volunteer's device sees it.
    let helper = w
        .hub
        .join(&w.invites.volunteer_invite, "小陈", chrono::Utc::now())
        .unwrap();
    let v = linli_hub::storage::Actor {
        member_id: helper.member_id,
        group_id: helper.group_id,
        role: helper.role,
    };
    let page = w.hub.pull(&v, 0, 1000).unwrap();
    assert!(page.changes.iter().any(|c| matches!(c,
        linli_core::sync::protocol::Change::HelpRequest(h) if h.member_id == w.app.identity.as_ref().unwrap().member_id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordering_with_the_keyboard_only() {
    let mut w = World::new(
        &[
            Offer("土鸡蛋", "盒", 1290, 10, 3, Duration::hours(8)),
            tomatoes(20),
        ],
        Settings::default(),
    )
    .await;
    press(&mut w.app, char_key("2"));
    assert!(
        matches!(w.app.basic.screen, Screen::Order(d) if d.deal == w.deals[1].id),
        "2 opens the second deal"
    );
    press(&mut w.app, char_key("+"));
    press(&mut w.app, char_key("+"));
    press(&mut w.app, char_key("-"));
    assert!(shows(&w.app, "2 斤"));
    press(&mut w.app, Key::Named(Named::Escape));
    assert_eq!(w.app.basic.screen, Screen::Deals, "Esc goes back");
    press(&mut w.app, Key::Named(Named::ArrowDown));
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(
        matches!(w.app.basic.screen, Screen::Order(d) if d.deal == w.deals[1].id),
        "arrows and Enter choose too"
    );
    press(&mut w.app, char_key("+"));
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    press(&mut w.app, char_key("r"));
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l == "买 2 斤西红柿，共 ¥7.60，明天在3号楼门口取货。确定吗？"),
        "R reads the question"
    );
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(matches!(w.app.basic.screen, Screen::Done(_)));
    w.sync().await;
    assert_eq!(
        w.store.lock().unwrap().deal_sold(w.deals[1].id).unwrap(),
        Some(2)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cutoff_and_goods_arrived_reach_the_member_with_her_pickup_code() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::seconds(2))],
        Settings::default(),
    )
    .await;
    click(&mut w.app, "西红柿");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    assert!(shows(&w.app, "现在没有要取的货"));
    // The hub closes the deal at cutoff by its own clock.
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    w.sync().await;
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("西红柿：已成团，明天取货")
    );
    assert!(
        shows(&w.app, "1 斤西红柿，共 ¥3.80。团长那边已经收到了。"),
        "the done screen keeps its words after the deal has closed, and says the hub has it"
    );
    let code = w
        .app
        .vm
        .pickup
        .as_ref()
        .expect("a pickup code once the deal formed")
        .code
        .clone();
    assert!(
        shows(&w.app, &format!("明天在3号楼门口取货，取货码 {code}")),
        "pickup line under the top bar"
    );

    w.as_boss(linli_core::command::Command::RecordArrival {
        deal_id: w.deals[0].id,
        arrived: 20,
    });
    w.sync().await;
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("西红柿到了，明天在3号楼门口取"),
        "the news says when and where, as the pickup line does"
    );
    assert_eq!(
        w.app.speaker.last,
        vec!["西红柿到了，明天在3号楼门口取".to_string()]
    );
    click(&mut w.app, "回到首页 ⏎");
    click(&mut w.app, "我的订单");
    let spaced: Vec<String> = code.chars().map(String::from).collect();
    assert!(
        shows(&w.app, &spaced.join(" ")),
        "the code in very large digits"
    );
    assert!(shows(&w.app, "货到了，明天取"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_that_closes_while_she_decides_offers_no_yes() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::seconds(2))],
        Settings::default(),
    )
    .await;
    click(&mut w.app, "西红柿");
    click(&mut w.app, "确定 ⏎");
    assert!(shows(&w.app, "1  确定"));
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    w.sync().await;
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    assert!(shows(&w.app, "已经截单了"));
    assert!(!shows(&w.app, "1  确定"), "nothing to say yes to");
    press(&mut w.app, char_key("1"));
    assert_eq!(w.app.basic.screen, Screen::Deals, "1 and Enter lead home");
    assert_eq!(w.app.vm.pending, 0, "no order was made");
    assert!(w.app.vm.orders.is_empty());
}

/// The same on the how-many screen: it says the deal closed and offers only 回到首页 ⏎, so
/// Enter goes home (it used to go on to a confirm screen with nothing to confirm).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_that_closes_on_the_how_many_screen_sends_enter_home() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::seconds(2))],
        Settings::default(),
    )
    .await;
    click(&mut w.app, "西红柿");
    assert!(matches!(w.app.basic.screen, Screen::Order(_)));
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    w.sync().await;
    assert!(shows(&w.app, "已经截单了"));
    press(&mut w.app, Key::Named(Named::Enter));
    assert_eq!(w.app.basic.screen, Screen::Deals, "Enter leads home");
    assert_eq!(w.app.vm.pending, 0, "no order was made");
}

/// What a new member met in basic mode, mended: with five deals, My orders, Notices and
/// Settings are in view without scrolling; home has no Back button that goes nowhere; news
/// stays until she says she has read it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_keeps_the_way_to_her_orders_in_view_and_news_goes_once_read() {
    let five: Vec<Offer> = ["西红柿", "土鸡蛋", "大米", "苹果", "豆腐"]
        .into_iter()
        .map(|n| Offer(n, "斤", 380, 20, 5, Duration::hours(8)))
        .collect();
    let mut w = World::new(&five, Settings::default()).await;
    for way in ["我的订单", "团长的通知", "设置"] {
        assert!(in_view(&w.app, way), "{way} is in view on home");
    }
    assert!(!shows(&w.app, "← 返回"), "no Back on home");
    click(&mut w.app, "我的订单");
    assert!(shows(&w.app, "← 返回"), "Back elsewhere");
    click(&mut w.app, "← 返回");
    assert_eq!(w.app.basic.screen, Screen::Deals);

    click(&mut w.app, "西红柿");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    click(&mut w.app, "回到首页 ⏎");
    assert!(
        shows(&w.app, "西红柿：团长那边已经收到了"),
        "the news stays on home"
    );
    click(&mut w.app, "我的订单");
    assert!(
        shows(&w.app, "西红柿：团长那边已经收到了"),
        "and on other screens"
    );
    click(&mut w.app, "✓ 知道了");
    assert!(w.app.announcement.is_none());
    assert!(
        !shows(&w.app, "西红柿：团长那边已经收到了"),
        "gone once read"
    );

    // News she never dismissed is gone the next day.
    click(&mut w.app, "← 返回");
    click(&mut w.app, "土鸡蛋");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    assert!(w.app.announcement.is_some());
    let tomorrow = w.app.now + Duration::days(1);
    w.app.set_clock(tomorrow);
    assert!(w.app.announcement.is_none(), "yesterday's news is gone");
}

/// Without a speech service, Settings says so and offers to try again; trying again is
/// said (kept by the speaker) and never blocks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_say_whether_reading_aloud_works_and_try_again() {
    let mut w = World::new(&[tomatoes(20)], Settings::default()).await;
    click(&mut w.app, "设置");
    assert!(shows(&w.app, "这台电脑念不了字，字照样显示"));
    click(&mut w.app, "再试一次");
    assert_eq!(w.app.speaker.last, vec!["再试一次念字".to_string()]);
}

/// In compatible mode (drawn in software) Settings says so, in plain words; otherwise not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_say_when_linli_is_in_compatible_mode() {
    use linli::system::renderer::{Choice, prepare};
    let mut w = World::new(&[tomatoes(20)], Settings::default()).await;
    let line = "邻里现在用兼容模式打开，画面可能慢一点，但能用。";
    click(&mut w.app, "设置");
    assert!(!shows(&w.app, line));
    let dir = tempfile::tempdir().unwrap();
    w.app.starting = Some(prepare(dir.path(), Choice::Software, None));
    assert!(shows(&w.app, line));
}

/// News names what it is about and stays off another deal's screens: a key pressed on a
/// sold-out deal says which one ("西红柿卖完了"); on the next deal's how-many and confirm
/// screens it is not shown (it would read as "corn is sold out"); back home it still is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_about_one_deal_names_it_and_stays_off_another_deals_screens() {
    let mut w = World::new(
        &[
            tomatoes(1),
            Offer("玉米", "根", 150, 40, 5, Duration::hours(8)),
        ],
        Settings::default(),
    )
    .await;
    w.neighbour_orders(w.deals[0].id, 1);
    w.sync().await;
    press(&mut w.app, char_key("1"));
    assert_eq!(w.app.basic.screen, Screen::Deals, "nothing to order");
    assert!(shows(&w.app, "西红柿卖完了"), "named");
    press(&mut w.app, char_key("2"));
    assert!(matches!(w.app.basic.screen, Screen::Order(d) if d.deal == w.deals[1].id));
    assert!(!shows(&w.app, "西红柿卖完了"), "not on corn's screen");
    press(&mut w.app, Key::Named(Named::Enter));
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    assert!(!shows(&w.app, "西红柿卖完了"), "nor on corn's question");
    press(&mut w.app, Key::Named(Named::Escape));
    press(&mut w.app, Key::Named(Named::Escape));
    assert_eq!(w.app.basic.screen, Screen::Deals);
    assert!(
        shows(&w.app, "西红柿卖完了"),
        "still there at home until read"
    );
}

/// 代下单 on her own computer: she asks for help with ordering; a volunteer's computer
/// (小张) claims it and orders 2 盒鸡蛋 for her. Her next sync brings the news once —
/// not again at the next sync, nor when the app starts again. My orders says 小张帮您订的
/// under the order and in Read aloud, and she can still cancel it before cutoff.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_a_volunteer_placed_for_her_is_news_once_and_says_who_on_my_orders() {
    use linli::app::{App, Message};
    use linli::basic::{Message as B, help::FormMessage};
    use linli_core::store::orders::Want;
    use linli_core::sync::client::{self, SharedStore, Syncer};
    use std::sync::{Arc, Mutex};
    let mut w = World::new(
        &[Offer("鸡蛋", "盒", 1290, 10, 3, Duration::hours(8))],
        Settings::default(),
    )
    .await;
    let eggs = w.deals[0].clone();
    let me = w.store.lock().unwrap().identity().unwrap().unwrap();

    // She asks for help with ordering.
    for m in [
        B::Go(Screen::Help { sent: false }),
        B::HelpForm(FormMessage::Kind(HelpKind::Ordering)),
        B::SendHelp,
    ] {
        let _ = w.app.update(Message::Basic(m));
    }
    w.sync().await;

    // 小张's computer claims it and orders for her.
    let v: SharedStore = Arc::new(Mutex::new(
        linli_core::store::Store::open_in_memory().unwrap(),
    ));
    let volunteer = client::join(&v, &w.url, &w.invites.volunteer_invite, "小张")
        .await
        .unwrap();
    let v_sync = || async {
        Syncer::new(v.clone()).unwrap().sync_once().await.unwrap();
    };
    v_sync().await;
    let request = w.app.vm.my_help[0].request.id;
    v.lock()
        .unwrap()
        .step_help(volunteer.member_id, request, false, chrono::Utc::now())
        .unwrap();
    v_sync().await;
    w.sync().await;
    assert!(shows(&w.app, "小张会来帮您"), "her request was claimed");
    v.lock()
        .unwrap()
        .enter_orders(
            me.member_id,
            &[Want {
                deal: eggs.id,
                qty: 2,
            }],
            chrono::Utc::now(),
        )
        .unwrap();
    v_sync().await;
    assert_eq!(
        v.lock().unwrap().outbox_len().unwrap(),
        0,
        "the hub took it"
    );

    // Her sync brings it: news, shown and said.
    w.sync().await;
    let news = "小张帮您订了：2 盒鸡蛋，明天在3号楼门口取";
    assert_eq!(w.app.announcement.as_deref(), Some(news));
    assert!(shows(&w.app, news));
    assert!(w.app.speaker.last.iter().any(|l| l == news));
    let order = w.app.vm.orders[0].order.clone();
    assert_eq!(order.entered_by, Some(volunteer.member_id));

    // Once: not at the next sync, nor when her app starts again.
    let _ = w.app.update(Message::Basic(B::NewsRead));
    w.sync().await;
    assert_eq!(w.app.announcement, None, "not told again");
    let again = App::new(
        w.store.clone(),
        Settings::default(),
        linli::system::speech::Speaker::silent(),
        None,
    );
    assert_eq!(again.announcement, None, "nor after a restart");

    // My orders: who ordered it, on the card and in Read aloud.
    let _ = w.app.update(Message::Basic(B::Go(Screen::Orders)));
    assert!(shows(&w.app, "订好了，等截单 · 小张帮您订的"));
    press(&mut w.app, char_key("r"));
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l.starts_with("小张帮您订的：2 盒鸡蛋")),
        "{:?}",
        w.app.speaker.last
    );

    // She can still cancel it before cutoff, like her own; the hub agrees.
    let _ = w.app.update(Message::Basic(B::OpenOrder(order.id)));
    assert!(shows(&w.app, "小张帮您订的：2 盒鸡蛋，订好了，等截单。"));
    click(&mut w.app, "2  取消这个订单");
    press(&mut w.app, char_key("1"));
    assert_eq!(
        w.app.vm.orders[0].order.state,
        OrderState::Cancelled(CancelReason::ByMember)
    );
    assert_eq!(w.app.vm.orders[0].entered_by, None, "she did this herself");
    w.sync().await;
    assert_eq!(w.store.lock().unwrap().outbox_len().unwrap(), 0);
    assert_eq!(
        w.app.vm.orders[0].order.state,
        OrderState::Cancelled(CancelReason::ByMember),
        "the hub agreed"
    );
}
