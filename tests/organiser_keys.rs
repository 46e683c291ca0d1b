//! The organiser's keys and tabs in the real app (iced_test's simulator) against a real hub
//! on loopback: pages change by Ctrl and the number row and by Page Up / Page Down (F-keys
//! often change the brightness on laptops), even while a text field has the focus; the
//! twelve tabs fit in two rows on the screens older people own; and Enter alone never calls
//! a deal off, stops a neighbour's computer or refunds money.

mod common;

use common::org::{OrgWorld, press_ctrl};
use iced::keyboard::{Key, key::Named};
use linli::advanced::members::Devices;
use linli::advanced::{Message as A, Page, complaints, deals};
use linli::app::Message;
use linli_core::Fen;
use linli_core::model::{ComplaintKind, DealState};
use linli_core::sync::client::Syncer;

/// Presses Enter with no field chosen, and runs what the app asked for.
async fn enter(w: &mut OrgWorld) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(&w.app);
        let _ = ui.tap_key(Key::Named(Named::Enter));
        ui.into_messages().collect()
    };
    for m in messages {
        let t = w.app.update(m);
        common::settle(&mut w.app, t).await;
    }
}

/// Clicks into the text field showing `typed` and presses `key` there, as she would: the
/// field has the focus when the key comes.
async fn key_in_field(
    w: &mut OrgWorld,
    typed: &str,
    key: impl FnOnce(&mut iced_test::Simulator<'_, Message>),
) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(&w.app);
        ui.click(typed)
            .unwrap_or_else(|e| panic!("can't click into {typed:?}: {e}"));
        key(&mut ui);
        ui.into_messages().collect()
    };
    for m in messages {
        let t = w.app.update(m);
        common::settle(&mut w.app, t).await;
    }
}

fn press_named(w: &mut OrgWorld, key: Named) {
    common::press(&mut w.app, Key::Named(key));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_change_by_ctrl_and_the_number_row_and_by_page_up_and_down() {
    let mut w = OrgWorld::new().await;
    assert_eq!(w.app.advanced.page, Page::Today);
    // Each tab shows its key apart from its name.
    for (key, name) in [("1", "今天"), ("4", "到货"), ("0", "数据"), ("=", "邀请")] {
        assert!(
            w.shows(key) && w.shows(name),
            "the tab {name} with its key {key}"
        );
    }
    press_ctrl(&mut w.app, "4");
    assert_eq!(w.app.advanced.page, Page::Arrival);
    press_named(&mut w, Named::PageDown);
    assert_eq!(w.app.advanced.page, Page::Desk, "the next page");
    press_named(&mut w, Named::PageUp);
    press_named(&mut w, Named::PageUp);
    assert_eq!(w.app.advanced.page, Page::Sorting, "back two");
    press_ctrl(&mut w.app, "=");
    assert_eq!(
        w.app.advanced.page,
        Page::Invite,
        "the twelfth, the last key of the row"
    );
    press_named(&mut w, Named::PageDown);
    assert_eq!(w.app.advanced.page, Page::Today, "round to the first");
    press_named(&mut w, Named::PageUp);
    assert_eq!(w.app.advanced.page, Page::Invite);
    // F-keys still work, for those who have them.
    press_named(&mut w, Named::F6);
    assert_eq!(
        w.app.advanced.page,
        Page::Members,
        "her day: the desk, then the money"
    );

    // In a field of the deals page, Ctrl+1 changes the page and types nothing.
    press_ctrl(&mut w.app, "2");
    assert_eq!(w.app.advanced.page, Page::Deals);
    w.send(A::Deals(deals::Message::Price("3.8".into())));
    key_in_field(&mut w, "3.8", |ui| {
        let _ = ui.simulate([iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
            key: Key::Character("1".into()),
            modified_key: Key::Character("1".into()),
            physical_key: iced::keyboard::key::Physical::Unidentified(
                iced::keyboard::key::NativeCode::Unidentified,
            ),
            location: iced::keyboard::Location::Standard,
            modifiers: iced::keyboard::Modifiers::CTRL,
            repeat: false,
            text: Some("1".into()),
        })]);
    })
    .await;
    assert_eq!(w.app.advanced.page, Page::Today);
    assert_eq!(
        w.app.advanced.deals.form.price, "3.8",
        "no 1 typed into the price"
    );

    // The members page's parts are no longer 7 8 9 beside the tabs' keys: ← → change them.
    press_ctrl(&mut w.app, "6");
    assert_eq!(w.app.advanced.page, Page::Members);
    assert!(
        w.shows("✓ 每个人的账") && !w.shows("✓ 7 每个人的账"),
        "no digits beside the parts of the sixth tab"
    );
    press_named(&mut w, Named::ArrowRight);
    assert_eq!(
        w.app.advanced.members.view,
        linli::advanced::members::View::Owing
    );
    press_named(&mut w, Named::ArrowLeft);
    assert_eq!(
        w.app.advanced.members.view,
        linli::advanced::members::View::Accounts
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_alone_never_calls_off_a_deal_stops_a_computer_or_refunds() {
    let mut w = OrgWorld::new().await;
    let (deal, li, order) = w.tomatoes_charged(2).await;
    assert_eq!(li.balance(), Fen(-760));
    li.complains(order, ComplaintKind::Broken, "压坏了").await;
    w.sync().await;
    let queued = |w: &OrgWorld| w.store.lock().unwrap().outbox_len().unwrap();

    // Calling off: the reason is asked; Enter in the reason's field, then Enter on the
    // page, keep the deal (the safe answer).
    w.click_and_run("团购").await;
    w.click_and_run("取消这个团").await;
    let confirm = "确定取消，通知大家";
    assert!(w.shows(confirm));
    w.send(A::Deals(deals::Message::CallOffReason("供货商没货".into())));
    key_in_field(&mut w, "供货商没货", |ui| {
        let _ = ui.tap_key(Key::Named(Named::Enter));
    })
    .await;
    assert!(!w.shows(confirm), "Enter in the reason kept the deal");
    w.click_and_run("取消这个团").await;
    w.send(A::Deals(deals::Message::CallOffReason("供货商没货".into())));
    assert!(
        w.shows("不取消了 ⏎"),
        "Enter's choice is the safe one, and says so"
    );
    enter(&mut w).await;
    assert!(!w.shows(confirm), "Enter on the page kept the deal");
    assert_eq!(queued(&w), 0, "nothing sent");

    // Stopping a computer: asked by its number; Enter answers no.
    w.click_and_run("成员和账").await;
    w.click_and_run("加入的电脑").await;
    let Devices::Listed(list) = w.app.advanced.members.devices.clone() else {
        panic!("listed: {:?}", w.app.advanced.members.devices)
    };
    let n = list
        .iter()
        .position(|d| d.display_name == "李奶奶")
        .expect("her computer")
        + 1;
    common::press(&mut w.app, common::char_key(&n.to_string()));
    let ask = "停用李奶奶的这台电脑后，它就不能再收发订单，要重新用邀请码加入。确定吗？";
    assert!(w.shows(ask));
    enter(&mut w).await;
    assert!(!w.shows(ask), "Enter answered no");
    let Devices::Listed(after) = &w.app.advanced.members.devices else {
        panic!("still listed")
    };
    assert_eq!(
        after.len(),
        list.len(),
        "her computer is still in the group"
    );

    // Refunding: with money typed, Enter in the reply's field and on the page refunds
    // nothing and says which button does.
    w.click_and_run("有问题").await;
    w.send(A::Complaints(complaints::Message::Refund("7.60".into())));
    w.send(A::Complaints(complaints::Message::Reply("对不起".into())));
    key_in_field(&mut w, "对不起", |ui| {
        let _ = ui.tap_key(Key::Named(Named::Enter));
    })
    .await;
    let told = "要退钱，请点“退钱并回复”。按 Enter 不会退钱。";
    assert!(w.shows(told));
    enter(&mut w).await;
    assert!(w.shows(told));
    assert!(
        w.shows("1 个有问题的订单等您回复。"),
        "still waiting for her answer"
    );
    assert_eq!(queued(&w), 0, "nothing sent");

    // Nothing was lost, at the hub and on her computer.
    w.sync().await;
    li.sync().await;
    assert_eq!(w.deal_named("西红柿").state, DealState::Formed);
    assert_eq!(deal.id, w.deal_named("西红柿").id);
    assert_eq!(li.balance(), Fen(-760), "no refund");
    let hers = li.complaints();
    assert_eq!(hers[0].complaint.resolution, None, "not answered");
    assert!(
        Syncer::new(li.store.clone())
            .unwrap()
            .sync_once()
            .await
            .is_ok(),
        "her computer still syncs"
    );
}

/// The app's screen in a window of `size` (logical pixels).
fn screen(app: &linli::app::App, size: (f32, f32)) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(
        iced::Settings {
            fonts: linli::ui::fonts::bundled(),
            default_font: iced::Font::with_name(linli::FONT_NAME),
            ..iced::Settings::default()
        },
        size,
        app.view(),
    )
}

/// The bounds of the first `text` on the screen, if it lies whole inside the window
/// without scrolling.
fn in_window(
    ui: &mut iced_test::Simulator<'_, Message>,
    size: (f32, f32),
    text: &str,
) -> Option<iced::Rectangle> {
    let b = ui.find(text).ok()?.visible_bounds()?;
    (b.x >= 0.0 && b.y >= 0.0 && b.x + b.width <= size.0 + 0.5 && b.y + b.height <= size.1 + 0.5)
        .then_some(b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_read_aloud_and_each_pages_action_are_in_view_on_small_screens() {
    use linli::i18n::{I18n, Lang};
    let mut w = OrgWorld::new().await;
    let (_, li, order) = w.tomatoes_charged(2).await;
    li.complains(order, ComplaintKind::Broken, "压坏了").await;
    w.sync().await;
    // Her account open on the members page, as when she takes a payment.
    w.send(A::Go(Page::Members));
    w.send(A::Members(linli::advanced::members::Message::Choose(
        li.me.member_id,
    )));
    w.send(A::OrderForMember(Some(li.me.member_id)));
    for lang in [Lang::ZhCn, Lang::EnUs] {
        w.app.i18n = I18n::new(lang);
        w.app.settings.lang = lang;
        let t = |id: &str| w.app.i18n.t(id);
        // The page's main action, as its button reads.
        let action = |p: Page| -> String {
            match p {
                Page::Today => t("org-todo"),
                Page::Deals => format!("{} ⏎", t("org-publish-go")),
                Page::Sorting => t("org-print"),
                Page::Arrival => format!("{} ⏎", t("org-arrival-confirm")),
                Page::Desk => format!("{} ⏎", t("org-desk-check")),
                Page::Members => format!("{} ⏎", t("org-pay-save")),
                Page::Stock => format!("{} ⏎", t("org-loss-save")),
                Page::Complaints => format!("{} ⏎", t("org-complaint-send")),
                Page::Notices => format!("{} ⏎", t("org-notice-post")),
                Page::Figures => format!("{} (E)", t("fig-export")),
                Page::Neighbours => t("org-nb-ideas-new"),
                Page::Invite => t("org-invite-address"),
                Page::OrderFor => format!("{} ⏎", t("order-for-read-back-button")),
            }
        };
        // 代下单 (not a tab) with her chosen: its read-back button under the list.
        let actions: Vec<(Page, String)> = Page::ALL
            .iter()
            .chain([&Page::OrderFor])
            .map(|p| (*p, action(*p)))
            .collect();
        let tabs: Vec<String> = Page::ALL.iter().map(|p| t(p.tab_id())).collect();
        let read = format!("🔊 {} (R)", t("read-aloud"));
        for zoom in [100, 125] {
            w.app.settings.zoom = zoom;
            let line = 28.0 * 0.75 * f32::from(zoom) / 100.0 * 1.4;
            for size in [(1024.0, 768.0), (1280.0, 720.0), (1366.0, 768.0)] {
                for (page, action) in &actions {
                    w.send(A::Go(*page));
                    let at = format!("{lang:?} {zoom}% {size:?} {page:?}");
                    let mut ui = screen(&w.app, size);
                    let mut rows = Vec::new();
                    for tab in &tabs {
                        let b = in_window(&mut ui, size, tab)
                            .unwrap_or_else(|| panic!("{at}: the tab {tab:?} in view"));
                        assert!(b.height <= line + 1.0, "{at}: the tab {tab:?} on one line");
                        if !rows.iter().any(|y: &f32| (y - b.y).abs() < 1.0) {
                            rows.push(b.y);
                        }
                    }
                    assert!(rows.len() <= 2, "{at}: tabs in {} rows", rows.len());
                    assert!(
                        in_window(&mut ui, size, &read).is_some(),
                        "{at}: Read aloud"
                    );
                    assert!(
                        in_window(&mut ui, size, action).is_some(),
                        "{at}: {action:?} in view"
                    );
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_publish_says_why_beside_the_field_and_nothing_moves() {
    let mut w = OrgWorld::new().await;
    w.publish_tomatoes(10, 1).await;
    let size = (1280.0, 720.0);
    // Where the form's parts are, as she sees them.
    let places = |w: &OrgWorld| -> Vec<iced::Rectangle> {
        let mut ui = screen(&w.app, size);
        ["单价（元）", "成团数量", "截单时间", "发布 ⏎"]
            .iter()
            .map(|t| ui.find(*t).unwrap_or_else(|e| panic!("{t}: {e}")).bounds())
            .collect()
    };
    let before = places(&w);

    // Nothing chosen: the words are under the products, and beside Publish.
    w.click("发布 ⏎");
    assert!(w.shows("请先选一个商品。"));
    assert_eq!(places(&w), before, "nothing moved under her pointer");

    // A product chosen: its suggestion takes the room kept for it.
    let tomato = w.deal_named("西红柿").product_id;
    w.send(A::Deals(deals::Message::Product(tomato)));
    assert!(!w.shows("请先选一个商品。"));
    assert_eq!(places(&w), before);

    // A price that is not money: said under the price, in short, and in full by Publish.
    w.send(A::Deals(deals::Message::Price("三块八".into())));
    w.click("发布 ⏎");
    assert!(w.shows("请写数字，比如 3.80"), "beside the price field");
    assert!(w.shows("单价请写数字，比如 3.80。"), "beside Publish");
    assert_eq!(places(&w), before);
    let mut ui = screen(&w.app, size);
    let price = ui.find("单价（元）").unwrap().bounds();
    let why = ui.find("请写数字，比如 3.80").unwrap().bounds();
    assert!(
        (why.x - price.x).abs() < 1.0 && why.y > price.y && why.y - price.y < 150.0,
        "under the price field: {why:?} vs {price:?}"
    );
}
