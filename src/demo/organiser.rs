//! The organiser's demo: a hub on a loopback port with a group that has weeks behind it,
//! and this device joined to it as the organiser (团长), so every screen of hers has
//! something to show at once:
//!
//! - **the past**: five weeks of a generated group ([`linli_core::demo`]: ~60 neighbours,
//!   four deals a day, shortages, unclaimed goods, payments) created in the hub with
//!   [`SqliteHub::import_group`], which publishes it to the change feed, so it reaches
//!   this device through its ordinary first sync;
//! - **today**: six deals open until 22:00 (tomorrow's if it is past 21:00), with orders
//!   from eight neighbours; the tomatoes are three short of forming;
//! - **at the desk**: three deals collected today. Their cutoff is a second ahead when
//!   they are published (the hub refuses a cutoff in the past), neighbours order, the hub
//!   closes them by its own clock (which issues pickup codes) and the goods are recorded
//!   as arrived, the cucumbers four short (the last in line get less and are refunded);
//! - **arriving**: oranges closed the same way for tomorrow's pickup, their goods not yet
//!   recorded: the Arrival page's work;
//! - **live**: six neighbours join through `POST /v1/join` and, every 3–6 seconds, one of
//!   them orders on an open deal through `POST /v1/push`, so her Today screen fills by
//!   itself.

use crate::i18n::Lang;
use chrono::{Duration, Local, NaiveDate, Utc};
use linli_core::Fen;
use linli_core::command::{Command, Envelope};
use linli_core::demo::{Dataset, DemoConfig, generate};
use linli_core::model::*;
use linli_core::store::sync::Identity;
use linli_core::sync::client::{HubClient, SharedStore, Syncer};
use linli_core::sync::protocol::{Reason, Verdict};
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{Actor, HubStorage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

/// What `linli --demo` prints for the organiser's demo: where the hub is and how others
/// join (a second computer, or a member's app on this one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganiserDemo {
    /// The hub on this computer's loopback (what this device and tests use).
    pub url: String,
    /// The same hub as another computer on the network reaches it.
    pub lan_url: String,
    pub group: String,
    pub member_invite: String,
    pub volunteer_invite: String,
}

/// Neighbours in the generated group.
const MEMBERS: usize = 60;
/// Days of history; the last one's goods were collected yesterday.
const HISTORY_DAYS: u32 = 35;
/// How long the live neighbours keep ordering (they stop sooner when all is sold or closed).
const LIVE_FOR: std::time::Duration = std::time::Duration::from_secs(3 * 60 * 60);

/// A deal of the demo, by its product's emoji (each product of `linli_core::demo` has its own).
struct Offer {
    emoji: &'static str,
    price: i64,
    stock: u32,
    min_total: u32,
    limit: u32,
}

/// Open today. The first (tomatoes, by the jin) is made three short of forming.
const TODAY: [Offer; 6] = [
    Offer {
        emoji: "🍅",
        price: 380,
        stock: 80,
        min_total: 0,
        limit: 10,
    },
    Offer {
        emoji: "🥚",
        price: 2590,
        stock: 30,
        min_total: 10,
        limit: 2,
    },
    Offer {
        emoji: "🍎",
        price: 690,
        stock: 60,
        min_total: 15,
        limit: 10,
    },
    Offer {
        emoji: "🥬",
        price: 450,
        stock: 40,
        min_total: 8,
        limit: 3,
    },
    Offer {
        emoji: "🥛",
        price: 4990,
        stock: 12,
        min_total: 4,
        limit: 2,
    },
    Offer {
        emoji: "🍌",
        price: 550,
        stock: 40,
        min_total: 10,
        limit: 6,
    },
];

/// Collected today. The last arrives four short.
const DESK: [Offer; 3] = [
    Offer {
        emoji: "🥩",
        price: 1680,
        stock: 40,
        min_total: 5,
        limit: 4,
    },
    Offer {
        emoji: "🧈",
        price: 300,
        stock: 30,
        min_total: 5,
        limit: 5,
    },
    Offer {
        emoji: "🥒",
        price: 350,
        stock: 40,
        min_total: 5,
        limit: 5,
    },
];

/// Formed today for tomorrow's pickup, its goods not yet here: the Arrival page's work.
const ARRIVING: Offer = Offer {
    emoji: "🍊",
    price: 480,
    stock: 30,
    min_total: 5,
    limit: 5,
};

/// English names and units of the generated products, by emoji.
const PRODUCTS_EN: &[(&str, &str, &str)] = &[
    ("🍅", "Tomatoes", "kg"),
    ("🥚", "Eggs", "box of 30"),
    ("🥬", "Chinese cabbage", "head"),
    ("🥔", "Potatoes", "kg"),
    ("🍎", "Apples", "kg"),
    ("🍌", "Bananas", "kg"),
    ("🥩", "Pork", "kg"),
    ("🧈", "Tofu", "kg"),
    ("🥛", "Milk", "case"),
    ("🍚", "Rice", "5 kg bag"),
    ("🍜", "Noodles", "pack"),
    ("🐟", "Carp", "fish"),
    ("🍊", "Oranges", "kg"),
    ("🥒", "Cucumbers", "kg"),
    ("🥕", "Carrots", "kg"),
    ("🍇", "Grapes", "kg"),
    ("🌽", "Sweetcorn", "cob"),
    ("🍄", "Mushrooms", "box"),
    ("🥦", "Broccoli", "head"),
    ("🥟", "Frozen dumplings", "bag"),
];

/// The generator's words and their English.
const WORDS_EN: &[(&str, &str)] = &[
    ("3号楼门口", "Block 3 front door"),
    ("小区东门", "East gate"),
    ("活动中心", "Community centre"),
    ("今天的货到了", "Today's goods are here"),
    ("青菜怎么保鲜", "Keeping greens fresh"),
    (
        "买回来的青菜别洗，用报纸包好放冰箱下层，能多放两三天。",
        "Don't wash greens before you store them: wrap them in newspaper on the bottom shelf of the fridge and they keep two or three days longer.",
    ),
    ("西红柿挑选", "Choosing tomatoes"),
    (
        "挑颜色均匀、摸着有弹性的，蒂是绿的更新鲜。",
        "Pick evenly coloured ones that give a little; a green stalk means fresher.",
    ),
    ("鸡蛋怎么放", "Storing eggs"),
    (
        "鸡蛋大头朝上放，别跟葱姜蒜放一起。",
        "Keep eggs big end up, away from onions, ginger and garlic.",
    ),
    ("取货别忘带袋子", "Bring a bag to pickup"),
    (
        "自提点不提供塑料袋，出门带个布袋子。",
        "There are no plastic bags at the pickup desk: bring a cloth bag.",
    ),
    ("看清截单时间", "Mind the cutoff"),
    (
        "每天晚上十点截单，想买的早点下单。",
        "Deals close at 10 pm every day; order early.",
    ),
    ("土豆发芽不能吃", "Sprouted potatoes are not for eating"),
    (
        "土豆发芽或者变绿就别吃了，放阴凉处避光保存。",
        "Don't eat potatoes that sprout or turn green; keep them somewhere cool and dark.",
    ),
    ("香蕉别放冰箱", "Bananas stay out of the fridge"),
    (
        "香蕉放冰箱会变黑，挂起来放常温就好。",
        "Bananas turn black in the fridge; hang them up at room temperature.",
    ),
    ("猪肉分装冷冻", "Freeze meat in portions"),
    (
        "买回来的肉按一顿的量分装，冻起来随吃随取。",
        "Split meat into one-meal portions and freeze them; take out one at a time.",
    ),
    ("取货码念给团长听", "Read your code to the organiser"),
    (
        "取货时把六位数字慢慢念给团长，或者把屏幕给他看。",
        "At pickup, read the six digits slowly to the organiser, or show her the screen.",
    ),
    ("不会用就按求助", "Press Help when stuck"),
    (
        "遇到不会的，按屏幕上的“求助”，志愿者会来帮您。",
        "If something is unclear, press Help on the screen and a volunteer will come.",
    ),
    ("希望多团一些新鲜鱼", "More fresh fish, please"),
    ("每周三加一次鲫鱼团", "A carp deal every Wednesday"),
    ("取货时间能不能晚一点", "Could pickup be a little later?"),
    ("取货延长到晚上七点", "Pickup now lasts until 7 pm"),
    ("字再大一点", "Bigger letters, please"),
    (
        "已请志愿者帮大家调大字号",
        "Volunteers will help everyone set larger text",
    ),
    ("能不能送货上门", "Could goods be brought to the door?"),
    (
        "人手不够，行动不便的邻居可以请志愿者代取",
        "Not enough hands; a volunteer can collect for neighbours who can't get about",
    ),
    ("多团点杂粮", "More whole grains"),
    ("鸡蛋能不能按半盒卖", "Could eggs come in half boxes?"),
    ("供货商只按盒供应", "The supplier sells whole boxes only"),
    ("周末也开团", "Deals at weekends too"),
    ("水果能先尝再买吗", "Could we taste fruit before buying?"),
    ("不会下单", "I don't know how to order"),
    ("取货码找不到了", "I can't find my pickup code"),
    ("字太小看不清", "The letters are too small to read"),
    ("有几个坏了", "A few were bad"),
    ("下次取货补上", "Made up at the next pickup"),
    ("已和供货商反映", "Passed on to the supplier"),
    ("退一份的钱", "One unit refunded"),
];

const FIRST_EN: [&str; 24] = [
    "Margaret", "Tom", "Dorothy", "George", "Helen", "Arthur", "Betty", "Frank", "Joan", "Harold",
    "Ruth", "Walter", "Edith", "Albert", "Irene", "Stanley", "Mabel", "Leonard", "Vera", "Ernest",
    "Gladys", "Bernard", "Doris", "Cyril",
];
const LAST_EN: [&str; 16] = [
    "Lee", "Baker", "Wong", "Smith", "Chan", "Taylor", "Brown", "Li", "Evans", "Green", "Hughes",
    "Wood", "Clarke", "Hall", "Turner", "Hill",
];

/// The neighbours who join today and order live.
const LIVE_ZH: [&str; 6] = ["张大爷", "赵阿姨", "刘叔叔", "陈奶奶", "孙爷爷", "周婶"];
const LIVE_EN: [&str; 6] = [
    "Uncle Zhang",
    "Auntie Zhao",
    "Mr Liu",
    "Granny Chen",
    "Grandpa Sun",
    "Mrs Zhou",
];

/// Surnames and given names for the Chinese demo's members who came out of the generator
/// with English names.
const SURNAMES_ZH: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN_ZH: [&str; 12] = [
    "秀英", "桂兰", "建国", "淑珍", "德明", "玉兰", "国强", "凤英", "志强", "桂芳", "秀兰", "建华",
];

/// Chinese names none of `taken` has, in a fixed order (the demo is the same every time).
fn chinese_names(taken: &[&str]) -> Vec<String> {
    GIVEN_ZH
        .iter()
        .flat_map(|g| SURNAMES_ZH.iter().map(move |s| format!("{s}{g}")))
        .filter(|n| !taken.contains(&n.as_str()))
        .collect()
}

fn en_word(zh: &str) -> Option<&'static str> {
    WORDS_EN.iter().find(|(z, _)| *z == zh).map(|(_, e)| *e)
}

fn en_text(s: &mut String) {
    if let Some(e) = en_word(s) {
        *s = e.to_string();
    }
}

/// Names the group, its organiser and (in English) everything the generator wrote in
/// Chinese: members, products, units, places, notices, tips, help notes, suggestions and
/// complaints.
fn localise(data: &mut Dataset, lang: Lang) {
    let en = lang == Lang::EnUs;
    data.group.name = if en {
        "Happy Lane, Block 3"
    } else {
        "幸福里3号楼"
    }
    .into();
    let taken: Vec<&str> = data
        .members
        .iter()
        .map(|m| m.display_name.as_str())
        .collect();
    let mut chinese = chinese_names(&taken).into_iter();
    for (i, m) in data.members.iter_mut().enumerate() {
        if m.role == Role::Organiser {
            m.display_name = if en { "Auntie Wang" } else { "王阿姨" }.into();
        } else if !en && m.display_name.chars().any(|c| c.is_ascii_alphabetic()) {
            // The generator mixes in English names; a Chinese group has Chinese names only.
            m.display_name = chinese.next().unwrap_or_else(|| format!("邻居{i}"));
        } else if en {
            // Distinct for up to 24 × 16 members.
            m.display_name = format!(
                "{} {}",
                FIRST_EN[i % FIRST_EN.len()],
                LAST_EN[(i / FIRST_EN.len() + i) % LAST_EN.len()]
            );
        }
    }
    if !en {
        return;
    }
    let mut units: HashMap<ProductId, &str> = HashMap::new();
    for p in &mut data.products {
        if let Some((_, name, unit)) = PRODUCTS_EN.iter().find(|(e, ..)| *e == p.emoji) {
            p.name = (*name).into();
            p.unit = (*unit).into();
            units.insert(p.id, unit);
        }
    }
    for d in &mut data.deals {
        if let Some(u) = units.get(&d.product_id) {
            d.unit = (*u).into();
        }
        en_text(&mut d.pickup_place);
    }
    for n in &mut data.notices {
        en_text(&mut n.title);
        if let Some((_, place)) = WORDS_EN[..3]
            .iter()
            .find(|(zh, _)| n.body == format!("今天的货到了，请带好取货码到{zh}取货。"))
        {
            n.body = format!("Today's goods are here: bring your pickup code to the {place}.");
        }
    }
    for t in &mut data.tips {
        en_text(&mut t.title);
        en_text(&mut t.body);
    }
    for s in &mut data.suggestions {
        en_text(&mut s.body);
        if let Some(r) = &mut s.response {
            en_text(r);
        }
    }
    for h in &mut data.help_requests {
        en_text(&mut h.note);
    }
    for c in &mut data.complaints {
        en_text(&mut c.text);
        match &mut c.resolution {
            Some(
                Resolution::Refunded { note, .. }
                | Resolution::Replaced { note }
                | Resolution::Explained { note },
            ) => en_text(note),
            None => {}
        }
    }
}

/// The group's past: `HISTORY_DAYS` days of deals whose goods were all collected by
/// yesterday (the last day's pickup day is yesterday).
fn history(today: NaiveDate, lang: Lang) -> Dataset {
    let mut data = generate(&DemoConfig {
        seed: 2026,
        members: MEMBERS,
        days: HISTORY_DAYS,
        start: today - Duration::days(i64::from(HISTORY_DAYS) + 1),
        orders_per_member_day: 0.9,
    });
    localise(&mut data, lang);
    data
}

/// Applies a command straight to the hub (before it serves); a refusal is logged.
fn apply(hub: &SqliteHub, who: &Actor, command: Command) -> bool {
    let env = Envelope {
        id: Uuid::new_v4(),
        command,
    };
    match hub.apply(who, &env, Utc::now()) {
        Ok(a) if a.outcome.verdict == Verdict::Applied => true,
        Ok(a) => {
            tracing::warn!("organiser demo: refused: {:?}", a.outcome.verdict);
            false
        }
        Err(e) => {
            tracing::warn!("organiser demo: {e}");
            false
        }
    }
}

fn actor_of(m: &Member) -> Actor {
    Actor {
        member_id: m.id,
        group_id: m.group_id,
        role: m.role,
    }
}

/// A deal of `offer` on its product.
fn deal_of(
    offer: &Offer,
    product: &Product,
    cutoff: Timestamp,
    pickup_day: NaiveDate,
    place: &str,
    now: Timestamp,
) -> Deal {
    Deal {
        id: DealId::new(),
        group_id: product.group_id,
        product_id: product.id,
        price: Fen(offer.price),
        unit: product.unit.clone(),
        stock: offer.stock,
        min_total: offer.min_total.max(1),
        per_member_limit: offer.limit,
        cutoff,
        pickup_day,
        pickup_place: place.into(),
        state: DealState::Open,
        arrived_qty: None,
        created_at: now,
    }
}

/// Starts the organiser's demo hub in `dir` (made afresh each time) on its own thread,
/// joins `store` to it as the organiser and syncs once, so her first screen is full; then
/// neighbours keep ordering through the hub's API. Returns the hub's address and the
/// invites (printed by the caller). Takes about 1.5 s, most of it waiting a second for
/// the hub to close the deals collected today.
pub fn start_organiser(
    dir: &Path,
    store: &SharedStore,
    lang: Lang,
) -> Result<OrganiserDemo, String> {
    // Listening on the network too, so a second computer can join the demo as a member.
    let (hub, rt, listener) = crate::demo::fresh_hub(dir, "0.0.0.0:0")?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let url = format!("http://127.0.0.1:{port}");
    let lan_url = format!("http://{}:{port}", crate::system::host::lan_ip());
    let en = lang == Lang::EnUs;
    let pick = |zh: &'static str, en_s: &'static str| if en { en_s } else { zh };

    let today = Local::now().date_naive();
    let data = history(today, lang);
    let now = Utc::now();
    let inv = hub.import_group(&data, now).map_err(|e| e.to_string())?;
    let organiser = data
        .members
        .iter()
        .find(|m| m.role == Role::Organiser)
        .ok_or("the demo group has no organiser")?;
    let boss = actor_of(organiser);
    let product = |emoji: &str| {
        data.products
            .iter()
            .find(|p| p.emoji == emoji)
            .ok_or_else(|| format!("the demo has no {emoji}"))
    };
    let neighbours: Vec<Actor> = data
        .members
        .iter()
        .filter(|m| m.role == Role::Member)
        .take(14)
        .map(actor_of)
        .collect();
    let place = pick("3号楼门口", "Block 3 front door");

    // At the desk: published with a cutoff a second ahead, ordered, then closed by the hub.
    let desk_cutoff = Utc::now() + Duration::seconds(1);
    let mut desk = Vec::new();
    for (i, offer) in DESK.iter().chain([&ARRIVING]).enumerate() {
        let pickup = if i < DESK.len() {
            today
        } else {
            today + Duration::days(1)
        };
        let deal = deal_of(
            offer,
            product(offer.emoji)?,
            desk_cutoff,
            pickup,
            place,
            now,
        );
        if !apply(&hub, &boss, Command::PublishDeal { deal: deal.clone() }) {
            continue;
        }
        let mut ordered = 0;
        for (k, n) in neighbours.iter().enumerate().skip(i * 3).take(8) {
            // One millisecond apart, so the line (first ordered, first served) is the
            // order they were placed in, not a tie broken by random ids.
            std::thread::sleep(std::time::Duration::from_millis(2));
            let qty = (k % 3) as u32 + 1;
            if apply(
                &hub,
                n,
                Command::PlaceOrder {
                    order_id: OrderId::new(),
                    deal_id: deal.id,
                    qty: qty.min(offer.limit),
                    member_id: None,
                },
            ) {
                ordered += qty.min(offer.limit);
            }
        }
        // The last (oranges) formed for tomorrow; its goods are not recorded.
        if i < DESK.len() {
            desk.push((deal.id, ordered));
        }
    }

    // Today: open until 22:00 (tomorrow's if that is within the hour); pickup the day after.
    let (cutoff, cutoff_day) = crate::demo::tonight();
    let mut open = Vec::new();
    for (i, offer) in TODAY.iter().enumerate() {
        let mut deal = deal_of(
            offer,
            product(offer.emoji)?,
            cutoff,
            cutoff_day + Duration::days(1),
            place,
            now,
        );
        // The neighbours' orders first, so the tomatoes' minimum can be set 3 above them.
        let orders: Vec<(Actor, u32)> = neighbours
            .iter()
            .take(8)
            .enumerate()
            .filter(|(k, _)| (k + i) % 3 != 0)
            .map(|(k, n)| (*n, ((k * (i + 1)) % 3) as u32 + 1))
            .map(|(n, q)| (n, q.min(offer.limit)))
            .collect();
        if offer.min_total == 0 {
            deal.min_total = orders.iter().map(|(_, q)| q).sum::<u32>() + 3;
        }
        if !apply(&hub, &boss, Command::PublishDeal { deal: deal.clone() }) {
            continue;
        }
        for (n, qty) in orders {
            apply(
                &hub,
                &n,
                Command::PlaceOrder {
                    order_id: OrderId::new(),
                    deal_id: deal.id,
                    qty,
                    member_id: None,
                },
            );
        }
        open.push((deal.id, offer.limit));
    }
    apply(
        &hub,
        &boss,
        notice(
            &boss,
            pick("今晚10点截单", "Deals close at 10 pm"),
            pick(
                "今天的团购晚上10点截单，明天下午3点在3号楼门口取货。",
                "Today's deals close at 10 pm; collect tomorrow at 3 pm at the Block 3 front door.",
            ),
            now,
        ),
    );

    // The hub closes the desk deals by its own clock (forming them issues pickup codes);
    // then their goods arrive, the last four short.
    if let Ok(wait) = (desk_cutoff + Duration::milliseconds(5) - Utc::now()).to_std() {
        std::thread::sleep(wait);
    }
    hub.close_due(Utc::now()).map_err(|e| e.to_string())?;
    let last = desk.len().saturating_sub(1);
    for (i, (deal_id, ordered)) in desk.iter().enumerate() {
        let arrived = if i == last {
            ordered.saturating_sub(4)
        } else {
            *ordered
        };
        apply(
            &hub,
            &boss,
            Command::RecordArrival {
                deal_id: *deal_id,
                arrived,
            },
        );
    }
    apply(
        &hub,
        &boss,
        notice(
            &boss,
            pick("今天的货到了", "Today's goods are here"),
            pick(
                "猪肉、豆腐、黄瓜到了，凭取货码到3号楼门口取。黄瓜少了4斤，没拿到的已退款。",
                "Pork, tofu and cucumbers are here: collect them at the Block 3 front door with your code. The cucumbers came 4 kg short; those who miss out are refunded.",
            ),
            now,
        ),
    );

    // This device joins as the organiser.
    let me = hub
        .join(
            &inv.organiser_invite,
            organiser.display_name.as_str(),
            Utc::now(),
        )
        .map_err(|e| e.to_string())?;
    store
        .lock()
        .map_err(|_| "the store is poisoned".to_string())?
        .set_identity(&Identity::of(&url, me))
        .map_err(|e| e.to_string())?;

    let storage: Arc<dyn HubStorage> = hub;
    rt.spawn(linli_hub::serve(listener, storage, std::future::pending()));
    let syncer = Syncer::new(store.clone()).map_err(|e| e.to_string())?;
    rt.block_on(syncer.sync_once()).map_err(|e| e.to_string())?;

    let live = if en { LIVE_EN } else { LIVE_ZH };
    rt.spawn(neighbours_order(
        url.clone(),
        inv.member_invite.clone(),
        live,
        open,
    ));
    std::thread::spawn(move || rt.block_on(std::future::pending::<()>()));
    Ok(OrganiserDemo {
        url,
        lan_url,
        group: data.group.name.clone(),
        member_invite: inv.member_invite,
        volunteer_invite: inv.volunteer_invite,
    })
}

/// The organiser's notice to everyone.
fn notice(boss: &Actor, title: &str, body: &str, at: Timestamp) -> Command {
    Command::PostNotice {
        notice: Notice {
            id: NoticeId::new(),
            group_id: boss.group_id,
            author_id: boss.member_id,
            title: title.into(),
            body: body.into(),
            created_at: at,
        },
    }
}

/// Neighbours join through the hub's API and, every 3–6 seconds, one of them orders a
/// little on an open deal, until everything is sold out or closed, or `LIVE_FOR` passes.
/// Refusals (over the limit, sold out, too late) are normal and logged at debug.
async fn neighbours_order(
    url: String,
    invite: String,
    names: [&'static str; 6],
    mut open: Vec<(DealId, u32)>,
) {
    let mut clients = Vec::new();
    for name in names {
        let Ok(client) = HubClient::new(&url) else {
            return;
        };
        match client.join(&invite, name).await {
            Ok(j) => clients.push(client.clone().with_token(&j.token)),
            Err(e) => tracing::debug!("organiser demo: {name} could not join: {e}"),
        }
    }
    let mut rng = StdRng::seed_from_u64(rand::random());
    let mut bought: HashMap<(usize, DealId), u32> = HashMap::new();
    let until = tokio::time::Instant::now() + LIVE_FOR;
    while !clients.is_empty() && !open.is_empty() && tokio::time::Instant::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(
            rng.random_range(3000..=6000),
        ))
        .await;
        let who = rng.random_range(0..clients.len());
        let (deal_id, limit) = open[rng.random_range(0..open.len())];
        let had = bought.get(&(who, deal_id)).copied().unwrap_or(0);
        if had >= limit {
            continue;
        }
        let qty = rng.random_range(1..=2).min(limit - had);
        let order = Envelope {
            id: Uuid::new_v4(),
            command: Command::PlaceOrder {
                order_id: OrderId::new(),
                deal_id,
                qty,
                member_id: None,
            },
        };
        match clients[who].push(vec![order]).await {
            Ok(outcomes) => match outcomes.first().map(|o| &o.verdict) {
                Some(Verdict::Applied) => {
                    *bought.entry((who, deal_id)).or_default() += qty;
                }
                Some(Verdict::Rejected { reason, .. }) => {
                    tracing::debug!("organiser demo: a neighbour's order was refused: {reason:?}");
                    match reason {
                        Reason::OverLimit => {
                            bought.insert((who, deal_id), limit);
                        }
                        Reason::SoldOut | Reason::TooLate | Reason::DealClosed => {
                            open.retain(|(d, _)| *d != deal_id);
                        }
                        _ => {}
                    }
                }
                None => tracing::debug!("organiser demo: the hub answered nothing"),
            },
            Err(e) => tracing::debug!("organiser demo: a neighbour's order failed: {e}"),
        }
    }
}

/// `--demo volunteer` and `--demo coordinator`: the organiser's demo group (five weeks of
/// history, volunteers, open help requests, suggestions) with this device joined as a new
/// volunteer (小张), or as a neighbour (周奶奶) whom the organiser's computer then names
/// elderly coordinator. Returns the hub address.
pub fn start_helper(
    dir: &Path,
    store: &SharedStore,
    lang: Lang,
    coordinator: bool,
) -> Result<String, String> {
    let en = lang == Lang::EnUs;
    let pick = |zh: &'static str, en_s: &'static str| if en { en_s } else { zh };
    let boss: SharedStore = Arc::new(std::sync::Mutex::new(
        linli_core::store::Store::open_in_memory().map_err(|e| e.to_string())?,
    ));
    let d = start_organiser(dir, &boss, lang)?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let (invite, name) = if coordinator {
        (&d.member_invite, pick("周奶奶", "Grandma Zhou"))
    } else {
        (&d.volunteer_invite, pick("小张", "Xiao Zhang"))
    };
    let me = rt
        .block_on(linli_core::sync::client::join(store, &d.url, invite, name))
        .map_err(|e| e.to_string())?;
    if coordinator {
        let sync = |s: &SharedStore| -> Result<(), String> {
            let syncer = Syncer::new(s.clone()).map_err(|e| e.to_string())?;
            rt.block_on(syncer.sync_once())
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        sync(&boss)?;
        boss.lock()
            .map_err(|_| "the store is poisoned".to_string())?
            .send(
                &Command::SetStrengths {
                    member_id: me.member_id,
                    expert: false,
                    coordinator: true,
                },
                Utc::now(),
            )
            .map_err(|e| e.to_string())?;
        sync(&boss)?;
    }
    let syncer = Syncer::new(store.clone()).map_err(|e| e.to_string())?;
    rt.block_on(syncer.sync_once()).map_err(|e| e.to_string())?;
    Ok(d.url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_core::store::{Store, rows};
    use linli_core::sync::client;
    use std::sync::Mutex;
    use std::time::Instant;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    #[test]
    fn the_chinese_group_has_chinese_names_only() {
        let d = history(Local::now().date_naive(), Lang::ZhCn);
        let english: Vec<&str> = d
            .members
            .iter()
            .map(|m| m.display_name.as_str())
            .filter(|n| n.chars().any(|c| c.is_ascii_alphabetic()) || !has_cjk(n))
            .collect();
        assert!(english.is_empty(), "{english:?}");
        let names: std::collections::HashSet<_> =
            d.members.iter().map(|m| &m.display_name).collect();
        assert_eq!(names.len(), d.members.len(), "names are distinct");
        // The generator does mix English names in: this test would see them.
        let raw = generate(&DemoConfig {
            seed: 2026,
            members: MEMBERS,
            days: 1,
            start: Local::now().date_naive(),
            orders_per_member_day: 0.9,
        });
        assert!(
            raw.members
                .iter()
                .any(|m| m.display_name.chars().any(|c| c.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn english_history_has_no_chinese_words_left() {
        let d = history(Local::now().date_naive(), Lang::EnUs);
        let mut words: Vec<&str> = vec![d.group.name.as_str()];
        words.extend(d.members.iter().map(|m| m.display_name.as_str()));
        words.extend(
            d.products
                .iter()
                .flat_map(|p| [p.name.as_str(), p.unit.as_str()]),
        );
        words.extend(
            d.deals
                .iter()
                .flat_map(|x| [x.unit.as_str(), x.pickup_place.as_str()]),
        );
        words.extend(
            d.notices
                .iter()
                .flat_map(|n| [n.title.as_str(), n.body.as_str()]),
        );
        words.extend(
            d.tips
                .iter()
                .flat_map(|t| [t.title.as_str(), t.body.as_str()]),
        );
        words.extend(d.help_requests.iter().map(|h| h.note.as_str()));
        words.extend(d.suggestions.iter().map(|s| s.body.as_str()));
        words.extend(d.suggestions.iter().filter_map(|s| s.response.as_deref()));
        words.extend(d.complaints.iter().map(|c| c.text.as_str()));
        let left: Vec<&&str> = words.iter().filter(|w| has_cjk(w)).collect();
        assert!(left.is_empty(), "still Chinese: {left:?}");
        let names: std::collections::HashSet<_> =
            d.members.iter().map(|m| &m.display_name).collect();
        assert_eq!(names.len(), d.members.len(), "names are distinct");
        let zh = history(Local::now().date_naive(), Lang::ZhCn);
        assert!(zh.products.iter().all(|p| has_cjk(&p.name)));
    }

    fn count(store: &SharedStore, sql: &str, arg: i64) -> i64 {
        store
            .lock()
            .unwrap()
            .read(|c| c.query_row(sql, [arg], |r| r.get::<_, i64>(0)))
            .unwrap()
    }

    /// Orders on deals still open, as this device knows them.
    fn open_orders(store: &SharedStore, group: GroupId) -> usize {
        let s = store.lock().unwrap();
        s.open_deals(group)
            .unwrap()
            .iter()
            .map(|d| s.orders_of_deal(d.id).unwrap().len())
            .sum()
    }

    #[test]
    fn the_organiser_sees_a_living_group_with_a_past() {
        let dir = tempfile::tempdir().unwrap();
        let store: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
        let t = Instant::now();
        let demo = start_organiser(dir.path(), &store, Lang::ZhCn).unwrap();
        eprintln!("start_organiser took {:?}", t.elapsed());
        assert!(demo.url.starts_with("http://127.0.0.1:"));
        let id = store.lock().unwrap().identity().unwrap().unwrap();
        assert_eq!(id.role, Role::Organiser);
        let g = id.group_id;
        let today = Local::now().date_naive();

        // Today: open deals with neighbours' orders; the tomatoes three short of forming.
        let open = store.lock().unwrap().open_deals(g).unwrap();
        assert!(open.len() >= 5, "{} open deals", open.len());
        assert!(open.iter().all(|d| d.cutoff > Utc::now()));
        assert!(open_orders(&store, g) >= 20);
        let short = open.iter().any(|d| {
            let sold: u32 = store
                .lock()
                .unwrap()
                .orders_of_deal(d.id)
                .unwrap()
                .iter()
                .map(|o| o.qty)
                .sum();
            d.min_total == sold + 3
        });
        assert!(short, "a deal three short of forming");

        // At the desk: Ready orders collected today, with their owners' pickup codes,
        // and someone who got less than ordered.
        let (codes, ready) = store
            .lock()
            .unwrap()
            .read(|c| {
                let codes = rows::pickup_codes(c, g, today)?;
                let mut ready = Vec::new();
                for code in &codes {
                    ready.extend(rows::ready_orders(c, code.member_id, today)?);
                }
                Ok::<_, linli_core::store::StoreError>((codes, ready))
            })
            .unwrap();
        assert!(codes.len() >= 5, "{} pickup codes today", codes.len());
        assert!(ready.len() >= 10, "{} ready orders today", ready.len());
        assert!(ready.iter().any(|o| o.allocated.is_some_and(|a| a < o.qty)));
        // Tomorrow's oranges formed and wait for their goods (the Arrival page's work).
        let formed = store
            .lock()
            .unwrap()
            .read(|c| rows::deals_in_state(c, g, DealState::Formed))
            .unwrap();
        assert_eq!(formed.len(), 1, "one deal waits for its arrival");

        // The past: orders more than two weeks old, through the feed.
        let old = (Utc::now() - Duration::days(14)).timestamp_millis();
        assert!(
            count(
                &store,
                "SELECT COUNT(*) FROM orders WHERE placed_at < ?1",
                old
            ) > 500
        );
        assert!(
            count(
                &store,
                "SELECT COUNT(*) FROM members WHERE joined_at < ?1",
                old
            ) >= 40
        );

        // A member joins with the printed invite and sees today's deals.
        let rt = tokio::runtime::Runtime::new().unwrap();
        let member: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
        let joined = rt
            .block_on(client::join(
                &member,
                &demo.url,
                &demo.member_invite,
                "新邻居",
            ))
            .unwrap();
        assert_eq!(joined.role, Role::Member);
        rt.block_on(Syncer::new(member.clone()).unwrap().sync_once())
            .unwrap();
        assert!(member.lock().unwrap().open_deals(g).unwrap().len() >= 5);
        assert_eq!(
            count(&member, "SELECT COUNT(*) FROM orders WHERE ?1 = ?1", 0),
            0,
            "no neighbour's orders"
        );

        // Neighbours keep ordering through the hub: a new order reaches the organiser.
        let before = open_orders(&store, g);
        let syncer = Syncer::new(store.clone()).unwrap();
        let t = Instant::now();
        while open_orders(&store, g) <= before {
            assert!(
                t.elapsed() < std::time::Duration::from_secs(15),
                "no live order"
            );
            std::thread::sleep(std::time::Duration::from_millis(500));
            rt.block_on(syncer.sync_once()).unwrap();
        }
    }
}
