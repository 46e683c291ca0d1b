//! The organiser's Members page in the real app (iced_test's simulator) against a real hub
//! on loopback: a payment she records changes the balance on her page and, after sync, on
//! the member's own computer; who still owes before a pickup day; the group's computers
//! from the hub, and a neighbour's computer shut out at once while the others keep syncing.
//! The page's hub requests are iced tasks; [`common::settle`] runs them as the iced runtime would.

mod common;

use common::org::OrgWorld;
use linli::advanced::members::{Devices, Message as M};
use linli::advanced::{Message as A, Page};
use linli::app::Message;
use linli_core::Fen;
use linli_core::model::PaymentMethod;
use linli_core::sync::client::{SyncError, Syncer};

/// Sends a Members page message and runs what the app asked for.
async fn send(w: &mut OrgWorld, m: M) {
    let t = w.app.update(Message::Advanced(A::Members(m)));
    common::settle(&mut w.app, t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_changes_her_balance_here_and_on_her_computer_and_who_owes_before_pickup() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    let li = w.neighbour("李奶奶").await;
    let zhang = w.neighbour("张大爷").await;
    li.order(deal.id, 2).await;
    zhang.order(deal.id, 1).await;
    w.sync().await;
    w.click("提前截单");
    w.sync().await;
    li.sync().await;
    assert_eq!(li.balance(), Fen(-760), "charged when the deal formed");

    w.click_and_run("成员和账").await;
    assert_eq!(w.app.advanced.page, Page::Members);
    assert!(w.shows("3 位成员，2 位欠钱，一共欠 ¥11.40。"));
    assert!(w.shows("李奶奶：欠 ¥7.60"), "negative balances in words");
    assert!(w.shows("王阿姨：不欠钱"));

    // Who owes before the pickup day (→; then 1 today, 2 tomorrow): most owed first.
    // Pickup is tomorrow, or the day after once tonight's 10 pm cutoff has passed: her
    // clock is set to the day before pickup (then back), so the page offers that day.
    w.eve_of(deal.pickup_day);
    let (day, key, other_day, other_key) = ("明天", "2", "今天", "1");
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::ArrowRight),
    );
    common::press(&mut w.app, common::char_key(key));
    assert!(w.shows(&format!("{day}取货的人里，2 位还欠钱。")));
    let owing: Vec<&str> = w
        .app
        .advanced
        .members
        .owing
        .iter()
        .map(|o| o.member.display_name.as_str())
        .collect();
    assert_eq!(owing, ["李奶奶", "张大爷"]);
    assert!(
        w.shows(&format!(
            "李奶奶：取货时请收 ¥7.60（{day}要取的东西值 ¥7.60）"
        )),
        "what to collect from her, in so many words"
    );
    common::press(&mut w.app, common::char_key(other_key));
    assert!(w.shows(&format!("{other_day}取货的人都不欠钱。")));
    common::press(&mut w.app, common::char_key(key));

    // 张大爷 pays ¥10 cash in advance: he has credit and drops off the owing list.
    w.click_and_run("每个人的账").await;
    w.click_and_run("张大爷：欠 ¥3.80").await;
    send(&mut w, M::Amount("10".into())).await;
    w.click_and_run("记下收款 ⏎").await;
    assert!(w.shows("收到张大爷现金 ¥10.00。张大爷现在余 ¥6.20。"));
    w.sync().await;
    assert!(
        w.shows("张大爷：余 ¥6.20"),
        "the hub's ledger line synced back"
    );
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::ArrowRight),
    );
    assert!(w.shows(&format!("{day}取货的人里，1 位还欠钱。")));
    w.clock = None;
    w.app.set_clock(chrono::Local::now().naive_local());

    // 李奶奶: her ledger, read aloud with her balance first.
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::ArrowLeft),
    );
    w.click_and_run("李奶奶：欠 ¥7.60").await;
    assert!(w.shows("李奶奶现在欠 ¥7.60。"));
    assert!(w.shows("今天 扣款 🍅 西红柿 ¥7.60"));
    common::press(&mut w.app, common::char_key("r"));
    assert_eq!(
        w.app.speaker.last[1..],
        [
            "李奶奶现在欠 ¥7.60。",
            "取货时请收 ¥7.60",
            "今天 扣款 🍅 西红柿 ¥7.60"
        ]
    );

    // No amount: told in words, nothing sent.
    w.click_and_run("记下收款 ⏎").await;
    assert!(w.shows("请写收到多少钱，比如 20 或 12.50。"));
    assert_eq!(w.store.lock().unwrap().outbox_len().unwrap(), 0);

    // By keyboard: 2 is transfer, Enter records.
    send(&mut w, M::Amount("20".into())).await;
    common::press(&mut w.app, common::char_key("2"));
    assert_eq!(w.app.advanced.members.method, PaymentMethod::Transfer);
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
    );
    assert!(
        w.shows("收到李奶奶转账 ¥20.00。李奶奶现在余 ¥12.40。"),
        "a plain-words confirmation"
    );
    w.sync().await;
    assert!(w.shows("李奶奶：余 ¥12.40"));
    assert!(w.shows("李奶奶现在余 ¥12.40。"));
    assert!(w.shows("今天 交了 ¥20.00（转账）"));
    assert!(w.shows("3 位成员，没有人欠钱。"));
    common::press(
        &mut w.app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::ArrowRight),
    );
    assert!(w.shows(&format!("{day}取货的人都不欠钱。")));

    // On her own computer, after its sync.
    li.sync().await;
    assert_eq!(li.balance(), Fen(1240));
    let hers = li.store.lock().unwrap().ledger(li.me.member_id).unwrap();
    assert_eq!(hers.last().unwrap().method, Some(PaymentMethod::Transfer));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_neighbours_computer_is_shut_out_at_once_and_the_others_keep_syncing() {
    let mut w = OrgWorld::new().await;
    let li = w.neighbour("李奶奶").await;
    let zhang = w.neighbour("张大爷").await;
    li.sync().await;
    zhang.sync().await;

    // The page asks the hub for the list when its part is first shown.
    w.click_and_run("成员和账").await;
    assert_eq!(w.app.advanced.members.devices, Devices::NotAsked);
    w.click_and_run("加入的电脑").await;
    let Devices::Listed(list) = w.app.advanced.members.devices.clone() else {
        panic!("listed: {:?}", w.app.advanced.members.devices)
    };
    assert_eq!(list.len(), 3);
    assert!(
        w.shows("就是您正在用的这台"),
        "hers can't be stopped from here"
    );
    let of = |name: &str| list.iter().find(|d| d.display_name == name).unwrap();
    let (zhangs, mine) = (of("张大爷").device_id, of("王阿姨").device_id);
    assert!(of("王阿姨").this_device);

    // Asked once more in plain words; "don't" leaves it.
    send(&mut w, M::AskRevoke(zhangs)).await;
    let ask = "停用张大爷的这台电脑后，它就不能再收发订单，要重新用邀请码加入。确定吗？";
    assert!(w.shows(ask));
    w.click_and_run("不停用 ⏎").await;
    assert!(!w.shows(ask));
    zhang.sync().await;

    // By keyboard: the number of his line asks; Enter keeps his computer (the safe
    // answer); only a click on the red button stops it.
    let n = list.iter().position(|d| d.device_id == zhangs).unwrap() + 1;
    common::press(&mut w.app, common::char_key(&n.to_string()));
    assert!(w.shows(ask));
    assert!(w.shows("不停用 ⏎") && w.shows("确定停用"));
    let t = w.app.update(Message::Key(linli::ui::keys::Key::Enter));
    common::settle(&mut w.app, t).await;
    assert!(!w.shows(ask), "Enter answered no");
    zhang.sync().await;
    common::press(&mut w.app, common::char_key(&n.to_string()));
    w.click_and_run("确定停用").await;
    assert!(w.shows("已停用张大爷的电脑，它现在不能收发订单了。"));
    let Devices::Listed(list) = &w.app.advanced.members.devices else {
        panic!("still listed")
    };
    assert_eq!(list.len(), 2);

    // His next sync is refused (401) at once; hers and the organiser's go on.
    let r = Syncer::new(zhang.store.clone()).unwrap().sync_once().await;
    assert!(
        matches!(r, Err(SyncError::Hub { status: 401, .. })),
        "{r:?}"
    );
    li.sync().await;
    w.sync().await;

    // Her own computer: the hub refuses (409) and she is told why.
    send(&mut w, M::Revoke(mine)).await;
    assert!(w.shows("没停用成：这是您正在用的电脑，不能停用。"));
    w.sync().await;

    // Looking again lists the two left.
    w.click_and_run("重新看一遍").await;
    let Devices::Listed(list) = &w.app.advanced.members.devices else {
        panic!("listed again")
    };
    assert_eq!(list.len(), 2);
    // Not hosted here: the codes are on the printed sheet.
    assert!(w.shows("团在志愿者的电脑上。邀请码在建团时打印的那张纸上。"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_listed_by_name_and_found_by_pinyin_initials() {
    let mut w = OrgWorld::new().await;
    for name in ["张大爷", "李奶奶", "陈奶奶"] {
        w.neighbour(name).await.sync().await;
    }
    w.sync().await;
    w.click_and_run("成员和账").await;
    let listed: Vec<&str> = w
        .app
        .advanced
        .members
        .shown()
        .iter()
        .map(|b| b.member.display_name.as_str())
        .collect();
    assert_eq!(
        listed,
        ["陈奶奶", "李奶奶", "王阿姨", "张大爷"],
        "by name, as a phone lists them"
    );

    // "lnn": only 李奶奶 is left, and her account opens.
    send(&mut w, M::Search("lnn".into())).await;
    assert!(w.shows("李奶奶：不欠钱"));
    assert!(!w.shows("陈奶奶：不欠钱") && !w.shows("张大爷：不欠钱"));
    assert!(w.shows("李奶奶现在不欠钱。"), "the one found is opened");
    // Full pinyin finds him too; nothing found says so.
    send(&mut w, M::Search("zhangdaye".into())).await;
    assert!(w.shows("张大爷：不欠钱") && !w.shows("李奶奶：不欠钱"));
    send(&mut w, M::Search("xyz".into())).await;
    assert!(w.shows("没找到“xyz”。请少写几个字再试。"));
}

/// When the group's computer fails her, the computers' list says so in her words with what
/// to do next; the technical words are on a small line of their own for a family member,
/// never in her sentence (issue 20, Words).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hubs_failures_are_said_in_her_words_with_the_detail_apart() {
    use linli::advanced::members::HubTrouble;
    let mut w = OrgWorld::new().await;
    w.click_and_run("成员和账").await;
    w.click_and_run("加入的电脑").await;
    let detail = "hub said 500 Internal Server Error: database is locked";
    send(&mut w, M::Devices(Err(HubTrouble::Other(detail.into())))).await;
    let sentence =
        "没拿到电脑名单：团里的电脑这次没有回应，请过一会儿再试；还不行的话，请家人帮忙看看。";
    assert!(w.shows(sentence), "what happened and what to do");
    assert!(w.shows(&format!("给家人看：{detail}")), "the detail apart");
    send(
        &mut w,
        M::Devices(Err(HubTrouble::Offline(
            "error sending request for url (http://192.168.1.9:8080/v1/devices)".into(),
        ))),
    )
    .await;
    assert!(
        w.shows("没拿到电脑名单：现在连不上团里的电脑。请看看那台电脑开着没有，过一会儿再试。")
    );
    assert!(
        w.shows("给家人看：error sending request for url (http://192.168.1.9:8080/v1/devices)")
    );

    // A computer that was not stopped: said, and shown on the list with the detail under it.
    w.click_and_run("重新看一遍").await;
    assert!(matches!(w.app.advanced.members.devices, Devices::Listed(_)));
    let id = uuid::Uuid::new_v4();
    send(&mut w, M::Revoked(Err(HubTrouble::Other(detail.into())))).await;
    let sentence = "没停用成：团里的电脑这次没有回应，请过一会儿再试；还不行的话，请家人帮忙看看。";
    assert!(w.shows(sentence));
    assert!(w.shows(&format!("给家人看：{detail}")));
    assert_eq!(
        w.app.speaker.last,
        [sentence],
        "and said, without the detail"
    );
    send(&mut w, M::AskRevoke(id)).await;
    assert!(!w.shows(sentence), "gone when she asks again");

    // In English too.
    w.app.i18n = linli::i18n::I18n::new(linli::i18n::Lang::EnUs);
    send(&mut w, M::Devices(Err(HubTrouble::Other(detail.into())))).await;
    assert!(w.shows("Could not get the list of computers: the group's computer did not answer this time; please try again in a while, and if it still does not work, ask a family member to look."));
    assert!(w.shows(&format!("For a family member: {detail}")));
}

/// 代下单 on F8: she adds 王大爷, who has no computer (a blank name is refused in words and
/// nothing is queued); the hub accepts him; the computers' list marks him 没有电脑; she asks
/// for his link code and it shows on the page in large type and is said; she takes his
/// order on the telephone. Later his own new computer joins with that code as him: his
/// order comes with the first sync, marked as entered by her, and his balance once the
/// deal has formed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_neighbour_without_a_computer_is_added_gets_a_link_code_and_joins_with_her_order() {
    use linli_core::store::orders::Want;
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(10, 1).await;
    w.click_and_run("成员和账").await;
    assert!(w.shows("添加没有电脑的邻居 ⏎"));

    // A blank name: said in words, nothing written or sent.
    send(&mut w, M::Neighbour("   ".into())).await;
    send(&mut w, M::AddNeighbour).await;
    assert!(w.shows("请写上邻居的名字。"));
    send(&mut w, M::Neighbour("王".repeat(41))).await;
    w.click_and_run("添加没有电脑的邻居 ⏎").await;
    assert!(w.shows("名字太长了，最多 40 个字。"));
    assert_eq!(w.store.lock().unwrap().outbox_len().unwrap(), 0);

    // Enter in the field adds him: announced, chosen, queued; the hub accepts him.
    send(&mut w, M::Neighbour("王大爷".into())).await;
    let ui_messages: Vec<Message> = {
        let mut ui = common::simulator_of(&w.app);
        ui.click("王大爷")
            .expect("the name field, by what she typed");
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
        ui.into_messages().collect()
    };
    for m in ui_messages {
        let t = w.app.update(m);
        common::settle(&mut w.app, t).await;
    }
    assert!(w.shows("已添加王大爷"), "announced");
    let wang = w.app.advanced.members.chosen.expect("he is chosen");
    assert!(
        w.shows("王大爷现在不欠钱。"),
        "his account is open beside the list"
    );
    assert_eq!(
        w.app.advanced.members.neighbour, "",
        "the form is empty again"
    );
    w.sync().await;
    assert_eq!(
        w.store.lock().unwrap().outbox_len().unwrap(),
        0,
        "the hub took him"
    );

    // The computers' list: he has none, so the members' list says so.
    w.click_and_run("加入的电脑").await;
    assert!(matches!(w.app.advanced.members.devices, Devices::Listed(_)));
    w.click_and_run("每个人的账").await;
    assert!(w.shows("没有电脑"), "marked without a computer");
    send(&mut w, M::Choose(wang)).await;

    // His link code, from the hub, in large type with its sentence, and said.
    w.click_and_run("打印连接码").await;
    let linli::advanced::members::Link::Shown { member, code } =
        w.app.advanced.members.link.clone()
    else {
        panic!("no code: {:?}", w.app.advanced.members.link)
    };
    assert_eq!(member, wang);
    for group in linli::advanced::members::code_groups(&code) {
        assert!(w.shows(&group), "{group} in large type");
    }
    let sentence = "用这个码，王大爷以后可以在自己的电脑上加入，订单和余额都在。只能用一次。";
    assert!(w.shows(sentence));
    // Said, then its sheet printed to hand to him: the code on it, read back.
    let printed = w.app.announcement.clone().unwrap_or_default();
    let file = printed
        .strip_prefix("已经存好：")
        .unwrap_or_else(|| panic!("the link sheet printed: {printed:?}"));
    let sheet = common::pdf_text(std::path::Path::new(file));
    assert!(sheet.contains("王大爷"), "{sheet}");
    // (Its groups may break over two lines after a dash, which pdftotext joins without it.)
    let bare = |t: &str| t.replace('-', "");
    assert!(
        bare(&sheet).contains(&bare(&code)),
        "the code on the sheet: {sheet}"
    );
    common::press(&mut w.app, common::char_key("r"));
    assert!(
        w.app.speaker.last.iter().any(|l| l == sentence),
        "in Read aloud"
    );

    // She takes his order on the telephone: 2 斤.
    let organiser = w
        .store
        .lock()
        .unwrap()
        .identity()
        .unwrap()
        .unwrap()
        .member_id;
    w.store
        .lock()
        .unwrap()
        .enter_orders(
            wang,
            &[Want {
                deal: deal.id,
                qty: 2,
            }],
            chrono::Utc::now(),
        )
        .unwrap();
    w.sync().await;

    // His own computer joins with the code, as him.
    let store: linli_core::sync::client::SharedStore = std::sync::Arc::new(std::sync::Mutex::new(
        linli_core::store::Store::open_in_memory().unwrap(),
    ));
    let me = linli_core::sync::client::join(&store, &w.url, &code, "王大爷")
        .await
        .unwrap();
    assert_eq!(me.member_id, wang, "joined as the neighbour she added");
    let his = common::org::Device { store, me };
    his.sync().await;
    let orders = his
        .store
        .lock()
        .unwrap()
        .orders_of_member(wang, 10)
        .unwrap();
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!((orders[0].qty, orders[0].entered_by), (2, Some(organiser)));
    // His app on that computer: news of the order she took, naming her as the organiser,
    // and My orders saying who ordered it.
    let mut app = linli::app::App::new(
        his.store.clone(),
        linli::system::settings::Settings::default(),
        linli::system::speech::Speaker::silent(),
        None,
    );
    let news = app.announcement.clone().unwrap_or_default();
    assert!(
        news.starts_with("团长王阿姨帮您订了：2 斤西红柿，") && news.ends_with("在3号楼门口取"),
        "{news}"
    );
    let _ = app.update(Message::Basic(linli::basic::Message::Go(
        linli::basic::Screen::Orders,
    )));
    assert!(common::shows(&app, "订好了，等截单 · 团长王阿姨帮您订的"));

    let again: linli_core::sync::client::SharedStore = std::sync::Arc::new(std::sync::Mutex::new(
        linli_core::store::Store::open_in_memory().unwrap(),
    ));
    assert!(
        linli_core::sync::client::join(&again, &w.url, &code, "王大爷")
            .await
            .is_err(),
        "the code works once"
    );

    // The deal forms: he owes 2 × ¥3.80 on his own computer.
    w.click("团购");
    w.click("提前截单");
    w.sync().await;
    his.sync().await;
    assert_eq!(his.balance(), Fen(-760));
}
