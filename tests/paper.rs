//! Paper for neighbours without a computer, against a real hub on loopback: the order form
//! lists the open deals numbered as `Store::order_form_deals` numbers them (the 代下单 page
//! goes down the same list), with prices and the shop price, a closed deal left out; the
//! pickup slips carry each neighbour's code and total, `--member` gives hers alone; the
//! link sheet carries her name, the address and the code. Each PDF is read back with
//! `pdftotext -layout`, as a viewer would.

mod common;

use chrono::{Duration, Local, Utc};
use common::org::OrgWorld;
use linli::advanced::{self, Message as A, Page, PrintJob, desk};
use linli::files::pdf;
use linli::i18n::{I18n, Lang};
use linli_core::Fen;
use linli_core::command::Command;
use linli_core::model::*;
use std::path::Path;

/// `pdftotext -layout` of the PDF at `path`, and its page count.
fn read_back(path: &Path) -> (String, usize) {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8(info.stdout).unwrap();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (text, pages)
}

/// The text without its whitespace: pdftotext keeps or drops the spaces between Chinese
/// and digits as it likes.
fn squeeze(t: &str) -> String {
    t.split_whitespace().collect()
}

/// Renders `job` from the organiser's store into the world's folder and reads it back.
fn print(
    w: &OrgWorld,
    job: &PrintJob,
    host: Option<&linli::system::host::HostInfo>,
) -> (String, usize) {
    let me = w.app.identity.clone().unwrap();
    let i18n = I18n::new(Lang::ZhCn);
    let bytes = {
        let s = w.store.lock().unwrap();
        pdf::render(&s, &me, &i18n, job, host).unwrap()
    };
    let path = w.dir.path().join(job.file_name());
    std::fs::write(&path, &bytes).unwrap();
    read_back(&path)
}

/// The organiser puts `name` on the catalogue with a shop price of `shop` fen (if any) and
/// publishes a deal at `price` fen a 斤, closing in `hours`, picked up `days` from today.
fn publish(w: &OrgWorld, name: &str, price: i64, shop: Option<i64>, hours: i64, days: i64) -> Deal {
    let me = w.app.identity.clone().unwrap();
    let product = Product {
        id: ProductId::new(),
        group_id: me.group_id,
        name: name.into(),
        emoji: "🥬".into(),
        unit: "斤".into(),
        shop_price: shop.map(Fen),
    };
    let now = Utc::now();
    let deal = Deal {
        id: DealId::new(),
        group_id: me.group_id,
        product_id: product.id,
        price: Fen(price),
        unit: "斤".into(),
        stock: 50,
        min_total: 1,
        per_member_limit: 10,
        cutoff: now + Duration::hours(hours),
        pickup_day: Local::now().date_naive() + Duration::days(days),
        pickup_place: "3号楼门口".into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: now,
    };
    let mut s = w.store.lock().unwrap();
    s.send(&Command::PutProduct { product }, now).unwrap();
    s.send(&Command::PublishDeal { deal: deal.clone() }, now)
        .unwrap();
    deal
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_order_form_lists_the_open_deals_numbered_as_the_store_numbers_them() {
    let mut w = OrgWorld::new().await;
    // Picked up in two days: 苹果 closes first, then 白菜 (a shop price on both); 鸡蛋 is
    // picked up a day later though it closes sooner; 大米 is closed early.
    let cabbage = publish(&w, "白菜", 200, Some(350), 3, 2);
    let apples = publish(&w, "苹果", 690, Some(830), 2, 2);
    let eggs = publish(&w, "鸡蛋", 1290, None, 1, 3);
    let rice = publish(&w, "大米", 5000, None, 3, 2);
    w.sync().await;
    let li = w.neighbour("李奶奶").await;
    li.order(rice.id, 1).await;
    li.order(cabbage.id, 2).await;
    w.sync().await;
    w.store
        .lock()
        .unwrap()
        .send(&Command::CloseDeal { deal_id: rice.id }, Utc::now())
        .unwrap();
    w.sync().await;
    assert_eq!(w.deal_named("大米").state, DealState::Formed);

    let today = Local::now().date_naive();
    let me = w.app.identity.clone().unwrap();
    let lines = w
        .store
        .lock()
        .unwrap()
        .order_form_deals(
            me.group_id,
            linli::system::local_time::day_start(today),
            Utc::now(),
        )
        .unwrap();
    let order: Vec<(u32, DealId)> = lines.iter().map(|l| (l.number, l.deal.id)).collect();
    assert_eq!(
        order,
        vec![(1, apples.id), (2, cabbage.id), (3, eggs.id)],
        "pickup day, then cutoff; the closed deal left out"
    );
    assert_eq!(lines[1].sold, 2);

    let (text, pages) = print(&w, &PrintJob::OrderForm { day: today }, None);
    let flat = squeeze(&text);
    assert!(flat.contains("幸福里3号楼订货单"), "{text}");
    assert!(flat.contains("姓名："), "the line for her name: {text}");
    assert!(
        !flat.contains("大米"),
        "the closed deal is not on the form: {text}"
    );
    // Numbered down the page in the store's order, each with its price and shop price.
    let mut at = 0;
    for l in &lines {
        let item = format!("{}{}", l.number, l.product.name);
        let found = flat[at..]
            .find(&item)
            .unwrap_or_else(|| panic!("{item} after the one before: {text}"));
        at += found + item.len();
    }
    for words in [
        "每斤¥6.90·超市价¥8.30",
        "每斤¥2.00·超市价¥3.50",
        "每斤¥12.90",
        "3号楼门口取货",
        "截单",
        "数量",
        "交给团长，或者放回取货点",
    ] {
        assert!(flat.contains(words), "{words}: {text}");
    }
    assert!(
        !flat.contains("每斤¥12.90·超市价"),
        "no shop price given for eggs"
    );
    assert_eq!(pages, 1, "three deals fit on one page");

    // The deals page prints it with one press, into the prints folder.
    w.send(A::Go(Page::Deals));
    w.click("打印订货单");
    let said = w.app.announcement.clone().unwrap_or_default();
    let file = std::env::temp_dir().join(PrintJob::OrderForm { day: today }.file_name());
    assert!(said.contains(&file.display().to_string()), "{said}");
    let (again, _) = read_back(&file);
    assert!(squeeze(&again).contains("1苹果"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pickup_slips_carry_each_neighbours_code_and_total_and_one_can_be_printed_alone() {
    let mut w = OrgWorld::new().await;
    let deal = w.publish_tomatoes(20, 1).await;
    let li = w.neighbour("李奶奶").await;
    let brown = w.neighbour("Mr Brown").await;
    li.order(deal.id, 2).await;
    brown.order(deal.id, 5).await;
    w.sync().await;
    w.click("提前截单");
    w.sync().await;
    let me = w.app.identity.clone().unwrap();
    let sheet = w
        .store
        .lock()
        .unwrap()
        .day_sheet(me.group_id, deal.pickup_day)
        .unwrap();
    let code_of = |m: MemberId| {
        sheet
            .baskets
            .iter()
            .find(|b| b.member_id == m)
            .and_then(|b| b.code.clone())
            .expect("a code once the deal formed")
    };
    let (li_code, brown_code) = (code_of(li.me.member_id), code_of(brown.me.member_id));

    let all = PrintJob::Slips {
        day: deal.pickup_day,
        member: None,
    };
    let (text, _) = print(&w, &all, None);
    let flat = squeeze(&text);
    for words in [
        "李奶奶",
        "Mr Brown",
        li_code.as_str(),
        brown_code.as_str(),
        "合计¥7.60",
        "合计¥19.00",
        "取货码",
        "3号楼门口取货",
        "西红柿",
        "5斤",
    ] {
        assert!(flat.contains(&squeeze(words)), "{words}: {text}");
    }

    // --member: her name exactly, her slip alone.
    let hers = {
        let s = w.store.lock().unwrap();
        assert!(
            pdf::member_by_name(&s, &me, "王大爷").is_err(),
            "no one of that name"
        );
        pdf::member_by_name(&s, &me, "李奶奶").unwrap()
    };
    assert_eq!(hers, li.me.member_id);
    let (one, pages) = print(
        &w,
        &PrintJob::Slips {
            day: deal.pickup_day,
            member: Some(hers),
        },
        None,
    );
    let flat = squeeze(&one);
    assert!(
        flat.contains(&li_code) && flat.contains("合计¥7.60"),
        "{one}"
    );
    assert!(
        !flat.contains("Brown") && !flat.contains(&brown_code),
        "{one}"
    );
    assert_eq!(pages, 1);

    // At the desk: the day's slips with one press.
    w.eve_of(deal.pickup_day);
    w.send(A::Go(Page::Desk));
    w.send(A::Desk(desk::Message::Day(1)));
    assert_eq!(w.app.advanced.desk.slips, 2, "two neighbours have a slip");
    w.click("打印取货条");
    let said = w.app.announcement.clone().unwrap_or_default();
    let file = std::env::temp_dir().join(all.file_name());
    assert!(said.contains(&file.display().to_string()), "{said}");
    let (printed, _) = read_back(&file);
    assert!(squeeze(&printed).contains(&brown_code), "{printed}");

    // The goods arrive; at the desk her code finds her, and her slip prints alone.
    w.click("到货");
    w.send(A::Arrival(advanced::arrival::Message::Arrived(
        deal.id,
        "7".into(),
    )));
    w.click("确定到货，通知大家 ⏎");
    w.sync().await;
    w.send(A::Go(Page::Desk));
    w.send(A::Desk(desk::Message::Code(li_code.clone())));
    let found = w.app.advanced.desk.found.as_ref().map(|f| f.member.id);
    assert_eq!(found, Some(li.me.member_id), "her code finds her");
    w.click("只打印李奶奶的取货条");
    let job = PrintJob::Slips {
        day: deal.pickup_day,
        member: Some(li.me.member_id),
    };
    let file = std::env::temp_dir().join(job.file_name());
    let said = w.app.announcement.clone().unwrap_or_default();
    assert!(said.contains(&file.display().to_string()), "{said}");
    let (hers, _) = read_back(&file);
    let flat = squeeze(&hers);
    assert!(
        flat.contains(&li_code) && !flat.contains(&brown_code),
        "{hers}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_sheet_shows_her_name_the_address_and_the_code_on_one_page() {
    let w = OrgWorld::new().await;
    let me = w.app.identity.clone().unwrap();
    let job = PrintJob::LinkSheet {
        member_name: "王大爷".into(),
        code: "7KQ2-M9XD-4HPA".into(),
    };
    assert_eq!(job.file_name(), "link-code.pdf");
    // Not hosted here: the address this computer joined with.
    let (text, pages) = print(&w, &job, None);
    let flat = squeeze(&text);
    for words in [
        "王大爷的邻里连接码",
        "7KQ2-M9XD-4HPA",
        me.hub.as_str(),
        "连接码",
        "加入一个团",
        "这个码只能用一次；用过后请撕掉",
    ] {
        assert!(flat.contains(&squeeze(words)), "{words}: {text}");
    }
    assert_eq!(pages, 1);

    // Hosted here: the hub's address and fingerprint, as the invite sheet shows them.
    let fp = linli_core::sync::tls::Fingerprint::of(b"a certificate");
    let host = linli::system::host::HostInfo {
        group: "幸福里3号楼".into(),
        address: "https://192.168.1.20:7878".into(),
        member_invite: "X".into(),
        volunteer_invite: "Y".into(),
        fingerprint: Some(fp),
    };
    let (text, pages) = print(&w, &job, Some(&host));
    let flat = squeeze(&text);
    assert!(flat.contains("https://192.168.1.20:7878"), "{text}");
    assert!(flat.contains(&squeeze(&fp.lines()[0])), "{text}");
    assert!(
        flat.contains("7KQ2-M9XD-4HPA") && flat.contains("指纹"),
        "{text}"
    );
    assert_eq!(pages, 1, "{text}");
}
