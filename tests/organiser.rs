//! The organiser's day in the real app (iced_test's simulator) against a real hub on
//! loopback, with neighbours ordering from their own computers over HTTP: publish → orders
//! arrive on Today → close → arrival with a shortage (who gets less shown first) → the desk
//! hands over by code; a wrong code; calling off refunds every charge; the sort sheet's PDF
//! holds every member and total.

mod common;

use common::org::OrgWorld;
use linli::advanced::{self, Message as A, Page, arrival, deals, desk};
use linli_core::Fen;
use linli_core::model::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organisers_day_from_publishing_to_the_pickup_desk() {
    let mut w = OrgWorld::new().await;
    assert!(w.app.is_advanced(), "the organiser invite opens her pages");
    assert!(w.shows("现在没有正在接龙的团购。"));
    let deal = w.publish_tomatoes(10, 5).await;

    // Neighbours order from their own computers; Today shows how far the deal is.
    let li = w.neighbour("李奶奶").await;
    let zhang = w.neighbour("张大爷").await;
    let li_order = li.order(deal.id, 3).await;
    w.sync().await;
    w.click("今天");
    assert!(w.shows("还差 2 斤成团"), "progress to forming in words");
    assert!(w.shows("已订 3 斤，还剩 7 斤，1 单"));
    let zhang_order = zhang.order(deal.id, 4).await;
    w.sync().await;
    assert!(w.shows("已经够成团了"));
    w.send(A::ReadAloud);
    assert_eq!(
        w.app.speaker.last[1], "今天有 1 个团购，一共 2 单。",
        "Read aloud starts with the one-sentence summary"
    );

    // She closes it early: it forms, everyone is charged and gets a pickup code.
    w.click("团购");
    w.click("提前截单");
    w.sync().await;
    li.sync().await;
    assert_eq!(li.order_state(li_order).state, OrderState::Confirmed);
    assert_eq!(li.balance(), Fen(-3 * 380));

    // Only 5 of 7 arrived: the page shows who gets less before she confirms.
    w.click("到货");
    // Each deal has its field, filled with what was ordered, and its own button.
    assert_eq!(
        w.app
            .advanced
            .arrival
            .arrived
            .get(&deal.id)
            .map(String::as_str),
        Some("7")
    );
    assert!(
        w.shows("够分：每个人都拿到订的数量。"),
        "what the ordered number means, before anything is pressed"
    );
    assert!(w.shows("确定到货，通知大家 ⏎"));
    w.send(A::Arrival(arrival::Message::Arrived(deal.id, "5".into())));
    assert!(
        w.shows("不够分：1 位邻居拿得少，一共退 ¥7.60。先下单的先拿。"),
        "the shortage in words before confirming"
    );
    assert!(w.shows("张大爷：订了 4 斤，能拿 2 斤，退 ¥7.60"));
    w.click("确定到货，通知大家 ⏎");
    w.sync().await;
    zhang.sync().await;
    let z = zhang.order_state(zhang_order);
    assert_eq!((z.state, z.allocated), (OrderState::Ready, Some(2)));
    assert_eq!(
        zhang.balance(),
        Fen(-2 * 380),
        "refunded what did not arrive"
    );
    let notices = zhang
        .store
        .lock()
        .unwrap()
        .notices(deal.group_id, 10)
        .unwrap();
    assert!(
        notices.iter().any(|n| n.title == "西红柿到了"),
        "members are told"
    );

    // The desk: a wrong code never hands anything over; her code shows her goods.
    w.eve_of(deal.pickup_day);
    w.click("取货");
    w.click("明天");
    let code = {
        let s = li.store.lock().unwrap();
        s.read(|c| linli_core::store::rows::pickup_codes(c, deal.group_id, deal.pickup_day))
            .unwrap()
            .into_iter()
            .find(|c| c.member_id == li.me.member_id)
            .expect("李奶奶's code")
            .code
    };
    let wrong: String = code
        .chars()
        .map(|c| if c == '9' { '0' } else { '9' })
        .collect();
    w.send(A::Desk(desk::Message::Code(wrong.clone())));
    assert!(w.shows(&format!("取货码 {wrong} 不对。请再看一下，或者按名字找。")));
    assert!(!w.shows("交货 ⏎"), "nothing to hand over on a wrong code");
    // Full-width digits, as a Chinese keyboard may type them.
    let wide: String = code
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect();
    w.send(A::Desk(desk::Message::Code(wide)));
    assert!(w.shows("李奶奶"), "her name in very large text");
    assert!(w.shows("西红柿 3 斤"));
    assert!(w.shows("取货时请收 ¥11.40"), "what to collect from her");
    assert_eq!(
        w.app.speaker.last,
        ["李奶奶：西红柿 3 斤", "取货时请收 ¥11.40"],
        "her goods and the money to collect, said"
    );
    w.click("交货 ⏎");
    w.sync().await;
    li.sync().await;
    assert_eq!(li.order_state(li_order).state, OrderState::PickedUp);
    assert!(w.shows("明天还没取的：1 位"), "张大爷 still to come");

    // By keyboard only: F1 and F5 change pages, digits type 张大爷's code, Enter checks
    // it, Enter hands over.
    let zhang_code = {
        let s = zhang.store.lock().unwrap();
        s.read(|c| linli_core::store::rows::pickup_codes(c, deal.group_id, deal.pickup_day))
            .unwrap()
            .into_iter()
            .find(|c| c.member_id == zhang.me.member_id)
            .unwrap()
            .code
    };
    // A lost code: found by the pinyin initials of his name.
    w.send(A::Desk(desk::Message::Name("zdy".into())));
    assert!(
        w.shows(&format!("张大爷  {zhang_code} · 西红柿 2 斤")),
        "found by pinyin initials"
    );
    w.send(A::Desk(desk::Message::Name(String::new())));
    use iced::keyboard::{Key, key::Named};
    common::press(&mut w.app, Key::Named(Named::F1));
    assert_eq!(w.app.advanced.page, Page::Today);
    common::press(&mut w.app, Key::Named(Named::F5));
    assert_eq!(w.app.advanced.page, Page::Desk);
    for d in zhang_code.chars() {
        common::press(&mut w.app, common::char_key(&d.to_string()));
    }
    assert!(w.shows("西红柿 2 斤"), "his goods (2 of the 4 he ordered)");
    common::press(&mut w.app, Key::Named(Named::Enter));
    w.sync().await;
    zhang.sync().await;
    assert_eq!(zhang.order_state(zhang_order).state, OrderState::PickedUp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calling_off_a_formed_deal_refunds_every_charge_and_tells_the_members() {
    let mut w = OrgWorld::new().await;
    let (deal, li, order) = w.tomatoes_charged(2).await;
    assert_eq!(li.balance(), Fen(-760), "charged when it formed");

    w.click("取消这个团");
    w.click("确定取消，通知大家");
    assert!(
        w.shows("请先写上为什么取消，大家会看到和听到。"),
        "a reason is asked for"
    );
    w.send(A::Deals(deals::Message::CallOffReason(
        "供货商今天没有货".into(),
    )));
    w.click("确定取消，通知大家");
    w.sync().await;
    li.sync().await;
    assert_eq!(li.balance(), Fen(0), "everything charged is refunded");
    assert!(matches!(
        li.order_state(order).state,
        OrderState::Cancelled(CancelReason::CalledOff)
    ));
    let notices = li.store.lock().unwrap().notices(deal.group_id, 10).unwrap();
    assert!(
        notices.iter().any(|n| n.body.contains("供货商今天没有货")),
        "the reason reaches her"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sort_sheet_pdf_holds_every_member_and_every_total() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(20, 1).await;
    // Two neighbours with the same name stay two households.
    let a = w.neighbour("李奶奶").await;
    let b = w.neighbour("李奶奶").await;
    let c = w.neighbour("Mr Brown").await;
    a.order(deal.id, 1).await;
    b.order(deal.id, 2).await;
    c.order(deal.id, 5).await;
    w.sync().await;
    w.click("提前截单");
    w.sync().await;

    let me = w.app.identity.clone().unwrap();
    let i18n = linli::i18n::I18n::new(linli::i18n::Lang::ZhCn);
    for by_member in [true, false] {
        let job = advanced::PrintJob::Sort {
            day: deal.pickup_day,
            by_member,
            large: !by_member,
        };
        let pdf = {
            let s = w.store.lock().unwrap();
            linli::files::pdf::render(&s, &me, &i18n, &job, None).unwrap()
        };
        let path = w.dir.path().join(job.file_name());
        std::fs::write(&path, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", path.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let text = String::from_utf8(out.stdout).unwrap();
        // pdftotext keeps or drops the spaces between Chinese and digits as it likes.
        let has = |s: &str| {
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            squeeze(&text).contains(&squeeze(s))
        };
        assert!(has("幸福里3号楼"), "{text}");
        if by_member {
            assert_eq!(text.matches("李奶奶").count(), 2, "two households: {text}");
            assert!(has("Mr Brown"));
            for total in ["¥3.80", "¥7.60", "¥19.00"] {
                assert!(has(&format!("合计 {total}")), "{total}: {text}");
            }
            assert!(has("共 3 户，合计 ¥30.40"), "{text}");
        } else {
            assert!(has("共 8 斤"), "{text}");
            assert!(has("Mr Brown") && has("5 斤"), "{text}");
        }
    }
}

/// "I run a group" on first run: the app makes the group, hosts its hub on the port she
/// chose, opens the invite page with the codes and the certificate's fingerprint in large
/// text, and a neighbour's computer joins it over HTTPS with the member code shown there,
/// trusting the fingerprint shown there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i_run_a_group_hosts_the_hub_in_the_app_and_neighbours_join_it() {
    use linli::app::{App, Message, Paths};
    use linli::basic::Message as B;
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(std::sync::Mutex::new(
        linli_core::store::Store::open(
            dir.path().join("linli.db"),
            linli_core::store::Durability::Normal,
        )
        .unwrap(),
    ));
    let paths = Paths {
        settings: dir.path().join("settings.toml"),
        dir: dir.path().to_path_buf(),
    };
    let mut app = App::new(
        store.clone(),
        linli::system::settings::Settings::default(),
        linli::system::speech::Speaker::silent(),
        Some(paths),
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    common::click_any(&mut app, "我是团长，建一个团");
    let _ = app.update(Message::Basic(B::SetupGroup("幸福里3号楼".into())));
    let _ = app.update(Message::Basic(B::SetupName("王阿姨".into())));
    let _ = app.update(Message::Basic(B::SetupPort(port.to_string())));
    common::click_any(&mut app, "建团");
    assert!(app.is_advanced(), "she lands on her own pages");
    assert_eq!(app.advanced.page, Page::Invite);
    let host = app
        .host
        .as_ref()
        .expect("the hub runs in the app")
        .info()
        .clone();
    assert!(
        host.address.ends_with(&format!(":{port}")),
        "{}",
        host.address
    );
    assert!(
        common::simulator_of(&app)
            .find(host.member_invite.as_str())
            .is_ok()
    );
    assert!(
        common::simulator_of(&app)
            .find("团在这台电脑上：这台电脑开着，大家的订单才传得过来。关着的时候，大家的电脑照样能用，等这台开机再发过来。")
            .is_ok(),
        "says plainly when members sync"
    );
    let settings = std::fs::read_to_string(dir.path().join("settings.toml")).unwrap();
    assert!(
        settings.contains(&format!("host_port = {port}")),
        "{settings}"
    );

    let neighbour = std::sync::Arc::new(std::sync::Mutex::new(
        linli_core::store::Store::open_in_memory().unwrap(),
    ));
    // Her hub speaks HTTPS with its own certificate: the invite page shows the fingerprint
    // a neighbour's computer will show, and the neighbour's computer pins it.
    let fp = host.fingerprint.expect("the hosted hub made a certificate");
    assert!(host.address.starts_with("https://"), "{}", host.address);
    for line in fp.lines() {
        assert!(
            common::simulator_of(&app).find(line.as_str()).is_ok(),
            "{line}"
        );
    }
    assert!(
        common::simulator_of(&app)
            .find("加入时请核对这串指纹")
            .is_ok()
    );
    let me = linli_core::sync::client::join_pinned(
        &neighbour,
        &format!("https://127.0.0.1:{port}"),
        Some(fp),
        &host.member_invite,
        "李奶奶",
    )
    .await
    .expect("a neighbour joins the hosted hub");
    assert_eq!(me.role, Role::Member);
    assert_eq!(Some(me.group_id), app.identity.as_ref().map(|i| i.group_id));
}

/// English counts on the organiser's pages take their plural (issue 20, Words): "1 head
/// ordered", "14 heads ordered", "1 order", "2 orders", on Today, the deals page, the sort
/// page and arrival; Chinese keeps the unit as she typed it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_counts_of_her_unit_take_their_plural_on_her_pages() {
    use linli::i18n::{I18n, Lang};
    let mut w = OrgWorld::new().await;
    w.click("团购");
    w.send(A::Deals(deals::Message::NewName("Cabbage".into())));
    w.send(A::Deals(deals::Message::NewUnit("head".into())));
    w.click("🍅");
    w.click("加到商品里");
    w.sync().await;
    for m in [
        deals::Message::Price("2.5".into()),
        deals::Message::Stock("20".into()),
        deals::Message::Min("14".into()),
        deals::Message::Limit("20".into()),
        deals::Message::Place("Block 3".into()),
    ] {
        w.send(A::Deals(m));
    }
    w.click("发布 ⏎");
    w.sync().await;
    let deal = w.deal_named("Cabbage");
    let english = |w: &mut OrgWorld| {
        w.app.i18n = I18n::new(Lang::EnUs);
        w.app.settings.lang = Lang::EnUs;
    };
    let chinese = |w: &mut OrgWorld| {
        w.app.i18n = I18n::new(Lang::ZhCn);
        w.app.settings.lang = Lang::ZhCn;
    };

    let li = w.neighbour("李奶奶").await;
    li.order(deal.id, 1).await;
    w.sync().await;
    english(&mut w);
    w.send(A::Go(Page::Today));
    assert!(
        w.shows("1 head ordered, 19 heads left, 1 order"),
        "one of her unit, and one order"
    );
    assert!(w.shows("13 heads more to form"));
    w.send(A::ReadAloud);
    assert_eq!(
        w.app.speaker.last[1], "Today 1 deal, 1 order. Cabbage: 13 heads more to form.",
        "the summary read aloud counts in the singular too"
    );

    let zhang = w.neighbour("张大爷").await;
    zhang.order(deal.id, 12).await;
    w.sync().await;
    english(&mut w);
    assert!(w.shows("13 heads ordered, 7 heads left, 2 orders"));
    assert!(w.shows("1 head more to form"));
    let wang = w.neighbour("王奶奶").await;
    wang.order(deal.id, 1).await;
    w.sync().await;
    english(&mut w);
    assert!(w.shows("14 heads ordered, 6 heads left, 3 orders"));
    chinese(&mut w);
    assert!(
        w.shows("已订 14 head，还剩 6 head，3 单"),
        "Chinese has no plural"
    );

    // Closed and formed: arrival and the sort page count in heads too.
    w.click("团购");
    w.click("提前截单");
    w.sync().await;
    english(&mut w);
    w.send(A::Go(Page::Arrival));
    let day = w.app.i18n.day(deal.pickup_day, w.app.now.date());

    assert!(
        w.shows(&format!("🍅 Cabbage: 14 heads ordered, pickup {day}")),
        "arrival counts what was ordered"
    );
    assert!(w.shows("How many heads arrived?"));
    w.send(A::Go(Page::Sorting));
    let offset = (deal.pickup_day - w.app.now.date()).num_days();
    w.send(A::Sorting(advanced::sorting::Message::Day(offset)));
    w.send(A::Sorting(advanced::sorting::Message::ByProduct(true)));
    assert!(
        w.shows("1 head") && w.shows("12 heads"),
        "each neighbour's line"
    );
}
