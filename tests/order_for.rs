//! 代下单 in the real app (iced_test's simulator) against a real hub on loopback: the
//! organiser takes 王大爷's telephone order by keyboard alone (D, his pinyin initials, Enter,
//! a quantity, Enter down the list, the read-back, Enter), the hub records who entered it,
//! the printed slip carries his code and he collects with it at the desk; a volunteer who
//! claimed 李奶奶's 下单 request orders for her from her request, 李奶奶's own computer has
//! the order with who entered it, and finishing the request says what was ordered; a
//! refusal (over her limit) names the neighbour and saves nothing.

mod common;

use chrono::{Duration, Utc};
use common::org::OrgWorld;
use common::{Offer, World, char_key, click, computer, pdf_text, press, shows, sync_app};
use iced::keyboard::{Key, key::Named};
use linli::advanced::{Message as A, Page, PrintJob, desk, order_for};
use linli::app::{App, Message};
use linli::basic::{Message as B, Screen};
use linli::system::settings::Settings;
use linli_core::Fen;
use linli_core::model::*;

fn said(app: &App, words: &str) -> bool {
    app.speaker.last.iter().any(|l| l.contains(words))
}

fn enter(app: &mut App) {
    press(app, Key::Named(Named::Enter));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organiser_takes_a_phone_order_for_a_neighbour_without_a_computer_who_collects_with_his_slip()
 {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let group = deal.group_id;
    let wang = w
        .store
        .lock()
        .unwrap()
        .add_neighbour(group, "王大爷", Utc::now())
        .unwrap();
    w.sync().await;

    // He phones. D opens 代下单 from Today; his initials find him; Enter takes him.
    w.click("今天");
    assert!(w.shows("D"), "the key is on its button");
    press(&mut w.app, char_key("d"));
    assert_eq!(w.app.advanced.page, Page::OrderFor);
    assert!(w.shows("给谁订？打名字，或者拼音首字母（王大爷打 wdy）。"));
    w.send(A::OrderFor(order_for::Message::Query("wdy".into())));
    assert!(w.shows("王大爷"), "found by his pinyin initials");
    enter(&mut w.app);
    assert!(w.shows("给王大爷订"));
    assert!(said(&w.app, "给王大爷订。"), "{:?}", w.app.speaker.last);
    // The order form's list: 1 is the tomatoes, with price, what is left and his limit.
    assert!(w.shows("🍅 西红柿"));
    assert!(w.shows("每斤 ¥3.80 · 还剩 10 斤 · 每人最多 5"));
    w.send(A::OrderFor(order_for::Message::Qty(0, "２".into())));
    assert_eq!(
        w.app.advanced.order_for.qty[0], "2",
        "full-width digits too"
    );
    // Enter in the last line's field reads it back, shown and said.
    w.send(A::OrderFor(order_for::Message::Next(0)));
    let day = w.app.i18n.day(deal.pickup_day, w.app.now.date());
    let sentence = format!("给王大爷订：2 斤西红柿，一共 ¥7.60，{day}在3号楼门口取。");
    assert!(w.shows(&sentence), "the read-back is shown");
    assert!(
        said(&w.app, &sentence),
        "and said: {:?}",
        w.app.speaker.last
    );
    // Enter confirms.
    enter(&mut w.app);
    assert!(w.shows(&format!("订好了。{sentence}")));
    w.sync().await;

    // The hub has it as his, entered by her.
    let his = w
        .store
        .lock()
        .unwrap()
        .orders_of_member(wang.id, 10)
        .unwrap();
    assert_eq!(his.len(), 1);
    assert_eq!((his[0].qty, his[0].state), (2, OrderState::Placed));
    assert_eq!(
        his[0].entered_by,
        w.app.identity.as_ref().map(|i| i.member_id)
    );

    // Closed, arrived; his slip carries his code and total.
    w.click("团购");
    w.click("提前截单");
    w.sync().await;
    w.click("到货");
    w.send(A::Arrival(linli::advanced::arrival::Message::Arrived(
        deal.id,
        "2".into(),
    )));
    w.click("确定到货，通知大家 ⏎");
    w.sync().await;
    let slips = {
        let me = w.app.identity.clone().unwrap();
        let s = w.store.lock().unwrap();
        linli::files::pdf::render(
            &s,
            &me,
            &w.app.i18n,
            &PrintJob::Slips {
                day: deal.pickup_day,
                member: Some(wang.id),
            },
            None,
        )
        .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slips.pdf");
    std::fs::write(&path, &slips).unwrap();
    let text = pdf_text(&path);
    assert!(text.contains("王大爷"), "{text}");
    assert!(text.contains("¥7.60"), "{text}");
    let code = {
        let s = w.store.lock().unwrap();
        s.read(|c| linli_core::store::rows::pickup_codes(c, group, deal.pickup_day))
            .unwrap()
            .into_iter()
            .find(|c| c.member_id == wang.id)
            .expect("his code")
            .code
    };
    assert!(text.contains(&code), "the slip has his code {code}: {text}");

    // He brings the slip to the desk; the code hands over his goods.
    w.eve_of(deal.pickup_day);
    w.click("取货");
    w.click("明天");
    w.send(A::Desk(desk::Message::Code(code)));
    assert!(w.shows("王大爷"));
    assert!(w.shows("西红柿 2 斤"));
    w.click("交货 ⏎");
    w.sync().await;
    let his = w
        .store
        .lock()
        .unwrap()
        .orders_of_member(wang.id, 10)
        .unwrap();
    assert_eq!(his[0].state, OrderState::PickedUp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_order_for_a_neighbour_names_her_and_saves_nothing() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let li = w.neighbour("李奶奶").await;
    w.sync().await;
    press(&mut w.app, char_key("d"));
    w.send(A::OrderFor(order_for::Message::Query("lnn".into())));
    enter(&mut w.app);
    assert!(w.shows("给李奶奶订"));
    // Her limit is 5: 6 is read back, then refused on confirming, in words naming her.
    w.send(A::OrderFor(order_for::Message::Qty(0, "6".into())));
    w.send(A::OrderFor(order_for::Message::ReadBack));
    enter(&mut w.app);
    assert!(
        w.shows("西红柿没订上：每人最多能订这么多，请少订一点。")
            || w.app.advanced.order_for.problem.is_some(),
        "{:?}",
        w.app.advanced.order_for.problem
    );
    let problem = w.app.advanced.order_for.problem.clone().unwrap();
    assert!(problem.starts_with("西红柿没订上："), "{problem}");
    assert!(said(&w.app, &problem));
    assert_eq!(w.app.advanced.order_for.stage, order_for::Stage::Fill);
    let s = w.store.lock().unwrap();
    assert!(
        s.orders_of_member(li.me.member_id, 10).unwrap().is_empty(),
        "nothing saved"
    );
    assert_eq!(s.outbox_len().unwrap(), 0, "nothing queued");
    let _ = deal;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_orders_for_the_neighbour_whose_request_she_claimed() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8))],
        Settings::default(),
    )
    .await;
    let volunteer_invite = w.invites.volunteer_invite.clone();
    let (v_store, mut v) = computer(&w, &volunteer_invite, "小张").await;

    // 李奶奶 asks for help with ordering (2 = 下单).
    click(&mut w.app, "请人帮忙");
    press(&mut w.app, char_key("2"));
    click(&mut w.app, "请志愿者帮我 ⏎");
    w.sync().await;
    sync_app(&mut v, &v_store).await;
    // Not claimed: no way to order for her yet.
    assert!(!shows(&v, "帮她下单 (D)"));
    press(&mut v, char_key("d"));
    assert_eq!(v.basic.screen, Screen::Helping);
    press(&mut v, char_key("1"));
    assert!(shows(&v, "帮她下单 (D)"), "claimed: she may order for her");

    // D opens the order page for 李奶奶 alone.
    press(&mut v, char_key("d"));
    assert!(matches!(v.basic.screen, Screen::OrderFor(_)));
    assert!(shows(&v, "给李奶奶订"));
    assert!(!shows(&v, "换一个人"), "only her");
    let _ = v.update(Message::Basic(B::OrderFor(order_for::Message::Qty(
        0,
        "2".into(),
    ))));
    enter(&mut v);
    assert!(
        said(&v, "给李奶奶订：2 斤西红柿，一共 ¥7.60"),
        "{:?}",
        v.speaker.last
    );
    enter(&mut v);
    assert!(said(&v, "订好了。"), "{:?}", v.speaker.last);
    sync_app(&mut v, &v_store).await;

    // Her own computer has it, with who entered it.
    w.sync().await;
    let li = w.app.identity.clone().unwrap().member_id;
    let vol = v.identity.clone().unwrap().member_id;
    let hers = w.store.lock().unwrap().orders_of_member(li, 10).unwrap();
    assert_eq!(hers.len(), 1);
    assert_eq!((hers[0].qty, hers[0].entered_by), (2, Some(vol)));
    let _ = Fen(0);

    // Done: finishing says what she ordered.
    press(&mut v, Key::Named(Named::Escape));
    assert_eq!(v.basic.screen, Screen::Helping);
    click(&mut v, "1  帮好了");
    assert!(
        said(&v, "您帮李奶奶订了：2 斤西红柿。"),
        "{:?}",
        v.speaker.last
    );
}
