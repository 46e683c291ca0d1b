//! `--demo`: a hub on a loopback port with a living group, and this device joined to it as
//! a member, so a newcomer sees today's deals, a notice and a pickup code at once.

pub mod organiser;

use crate::i18n::Lang;
use chrono::{Duration, Local, NaiveTime, TimeZone, Utc};
use linli_core::Fen;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::store::sync::Identity;
use linli_core::sync::client::{HubClient, SharedStore, Syncer};
use linli_core::sync::protocol::Verdict;
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{Actor, HubStorage};
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

struct Item {
    zh: (&'static str, &'static str),
    en: (&'static str, &'static str),
    emoji: &'static str,
    price: i64,
    stock: u32,
    limit: u32,
}

const ITEMS: [Item; 6] = [
    Item {
        zh: ("西红柿", "斤"),
        en: ("Tomatoes", "kg"),
        emoji: "🍅",
        price: 380,
        stock: 60,
        limit: 10,
    },
    Item {
        zh: ("土鸡蛋", "盒"),
        en: ("Eggs", "box"),
        emoji: "🥚",
        price: 1290,
        stock: 30,
        limit: 3,
    },
    Item {
        zh: ("东北大米", "袋"),
        en: ("Rice", "bag"),
        emoji: "🌾",
        price: 4500,
        stock: 12,
        limit: 2,
    },
    Item {
        zh: ("苹果", "斤"),
        en: ("Apples", "kg"),
        emoji: "🍎",
        price: 650,
        stock: 40,
        limit: 10,
    },
    Item {
        zh: ("嫩豆腐", "块"),
        en: ("Tofu", "piece"),
        emoji: "🧈",
        price: 250,
        stock: 8,
        limit: 4,
    },
    Item {
        zh: ("小白菜", "斤"),
        en: ("Greens", "kg"),
        emoji: "🥬",
        price: 300,
        stock: 25,
        limit: 5,
    },
];

fn apply(hub: &SqliteHub, who: &Actor, command: Command) {
    let env = Envelope {
        id: Uuid::new_v4(),
        command,
    };
    if let Err(e) = hub.apply(who, &env, Utc::now()) {
        tracing::warn!("demo: {e}");
    }
}

fn actor(j: &linli_core::sync::protocol::Joined) -> Actor {
    Actor {
        member_id: j.member_id,
        group_id: j.group_id,
        role: j.role,
    }
}

/// A demo hub made afresh in `dir` (`demo-hub.db`), the runtime that will serve it, and its
/// listener on `addr`.
pub(crate) fn fresh_hub(
    dir: &Path,
    addr: &str,
) -> Result<
    (
        Arc<SqliteHub>,
        tokio::runtime::Runtime,
        tokio::net::TcpListener,
    ),
    String,
> {
    let hub_db = dir.join("demo-hub.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", hub_db.display()));
    }
    let hub = Arc::new(SqliteHub::open(&hub_db).map_err(|e| e.to_string())?);
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| e.to_string())?;
    Ok((hub, rt, listener))
}

/// When a demo's deals close: 22:00 today, or tomorrow's if that is within the hour (so a
/// demo never closes under a newcomer); and that cutoff's day.
pub fn tonight() -> (Timestamp, chrono::NaiveDate) {
    let today = Local::now().date_naive();
    let ten_pm = NaiveTime::from_hms_opt(22, 0, 0).expect("valid");
    let mut cutoff_day = today;
    if Local::now().naive_local().time() > NaiveTime::from_hms_opt(21, 0, 0).expect("valid") {
        cutoff_day = today + Duration::days(1);
    }
    let cutoff = Local
        .from_local_datetime(&cutoff_day.and_time(ten_pm))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(Utc::now() + Duration::hours(6));
    (cutoff, cutoff_day)
}

/// A demo hub running on its own thread; dropping it stops the hub (its runtime, its
/// server and the goods still to arrive) and closes its file.
pub struct Running {
    /// The hub's address, `http://127.0.0.1:port`.
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    /// Keeps the hub running until the process ends (`--demo`).
    pub fn keep(mut self) -> String {
        std::mem::forget(self.stop.take());
        std::mem::take(&mut self.url)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the demo hub in `dir` (made afresh each time) on its own thread, joins `store`
/// to it as a member and syncs once, so the first screen is full; a few seconds later the
/// first deal's goods arrive. Returns the hub address; the hub runs until the process ends.
pub fn start(dir: &Path, store: &SharedStore, lang: Lang) -> Result<String, String> {
    Ok(start_hub(dir, store, lang)?.keep())
}

/// [`start`], returning the running hub: dropping it stops the hub. Blocks on its own
/// runtime, so call it outside any async runtime (a plain thread).
pub fn start_hub(dir: &Path, store: &SharedStore, lang: Lang) -> Result<Running, String> {
    let (hub, rt, listener) = fresh_hub(dir, "127.0.0.1:0")?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let en = lang == Lang::EnUs;
    let pick = |zh: &'static str, en_s: &'static str| if en { en_s } else { zh };

    let now = Utc::now();
    let inv = hub
        .create_group(
            pick("幸福里3号楼", "Happy Lane, Block 3"),
            pick("王阿姨", "Auntie Wang"),
            now,
        )
        .map_err(|e| e.to_string())?;
    let boss_device = hub
        .join(&inv.organiser_invite, "王阿姨", now)
        .map_err(|e| e.to_string())?;
    let boss = actor(&boss_device);
    let me = hub
        .join(&inv.member_invite, pick("李奶奶", "Grandma Li"), now)
        .map_err(|e| e.to_string())?;
    let neighbours: Vec<Actor> = [
        pick("张大爷", "Grandpa Zhang"),
        pick("赵阿姨", "Auntie Zhao"),
        pick("刘叔叔", "Uncle Liu"),
        pick("陈奶奶", "Grandma Chen"),
    ]
    .iter()
    .filter_map(|n| hub.join(&inv.member_invite, n, now).ok().map(|j| actor(&j)))
    .collect();

    // Today's deals close at 22:00 (tomorrow's if that is within the hour); pickup the day
    // after.
    let (cutoff, cutoff_day) = tonight();
    let place = pick("3号楼门口", "Block 3 front door");
    let mut deal_ids = Vec::new();
    let mut product_ids = Vec::new();
    for (i, it) in ITEMS.iter().enumerate() {
        let (name, unit) = if en { it.en } else { it.zh };
        let product = Product {
            id: ProductId::new(),
            group_id: boss.group_id,
            name: name.into(),
            emoji: it.emoji.into(),
            unit: unit.into(),
            // The organiser's word for the market's price: about a fifth dearer, for
            // most things (the last has none, as some of hers won't).
            shop_price: (i + 1 < ITEMS.len()).then(|| Fen((it.price * 6 / 5 + 5) / 10 * 10)),
        };
        apply(
            &hub,
            &boss,
            Command::PutProduct {
                product: product.clone(),
            },
        );
        let deal = Deal {
            id: DealId::new(),
            group_id: boss.group_id,
            product_id: product.id,
            price: Fen(it.price),
            unit: unit.into(),
            stock: it.stock,
            min_total: 3,
            per_member_limit: it.limit,
            cutoff: if i == 0 {
                now + Duration::seconds(3)
            } else {
                cutoff
            },
            pickup_day: cutoff_day + Duration::days(1),
            pickup_place: place.into(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: now,
        };
        apply(&hub, &boss, Command::PublishDeal { deal: deal.clone() });
        deal_ids.push(deal.id);
        product_ids.push(product.id);
        for (k, n) in neighbours.iter().enumerate() {
            let qty = ((i + k) % 3) as u32 + 1;
            apply(
                &hub,
                n,
                Command::PlaceOrder {
                    order_id: OrderId::new(),
                    deal_id: deal.id,
                    qty: qty.min(it.limit),
                    member_id: None,
                },
            );
        }
    }
    // The member already bought tomatoes on the first deal, which closes in a moment and
    // arrives: she has goods to collect and a pickup code.
    apply(
        &hub,
        &actor(&me),
        Command::PlaceOrder {
            order_id: OrderId::new(),
            deal_id: deal_ids[0],
            qty: 2,
            member_id: None,
        },
    );
    apply(
        &hub,
        &boss,
        Command::PostNotice {
            notice: Notice {
                id: NoticeId::new(),
                group_id: boss.group_id,
                author_id: boss.member_id,
                title: pick("明天下午3点取货", "Pickup tomorrow at 3 pm").into(),
                body: pick(
                    "今天的团购晚上10点截单，明天下午3点在3号楼门口取货。带上取货码。",
                    "Today's deals close at 10 pm. Collect tomorrow at 3 pm at the Block 3 front door; bring your pickup code.",
                )
                .into(),
                created_at: now,
            },
        },
    );
    neighbours_part(
        &hub,
        &boss,
        &actor(&me),
        &neighbours,
        (&product_ids, &deal_ids),
        en,
    );
    {
        let mut s = store.lock().expect("store");
        s.set_identity(&Identity::of(&url, me))
            .map_err(|e| e.to_string())?;
    }

    // A volunteer who answers help requests: claims each a few seconds after it arrives.
    let volunteer = hub
        .join(&inv.volunteer_invite, pick("小张", "Xiao Zhang"), now)
        .map_err(|e| e.to_string())?;

    let storage: Arc<dyn HubStorage> = hub.clone();
    let first = deal_ids[0];
    let tomatoes = pick("西红柿到了", "Tomatoes have arrived");
    let body = pick(
        "西红柿已经到了，凭取货码来3号楼门口取。",
        "The tomatoes are here: collect them at the Block 3 front door with your code.",
    );
    rt.spawn(linli_hub::serve(listener, storage, std::future::pending()));
    rt.spawn(volunteer_answers(url.clone(), volunteer.token));
    let syncer = Syncer::new(store.clone()).map_err(|e| e.to_string())?;
    rt.block_on(syncer.sync_once()).map_err(|e| e.to_string())?;
    // The window opens now; once the first deal has closed, the organiser records its goods
    // and tells everyone through the hub's API (so waiting devices are woken), and a newcomer
    // sees (and hears) "goods arrived" reach the screen by itself.
    let organiser = HubClient::new(&url)
        .expect("the demo hub is on loopback")
        .with_token(&boss_device.token);
    let arrival = vec![
        Envelope {
            id: Uuid::new_v4(),
            command: Command::RecordArrival {
                deal_id: first,
                arrived: 60,
            },
        },
        Envelope {
            id: Uuid::new_v4(),
            command: Command::PostNotice {
                notice: Notice {
                    id: NoticeId::new(),
                    group_id: boss.group_id,
                    author_id: boss.member_id,
                    title: tomatoes.into(),
                    body: body.into(),
                    created_at: now + Duration::seconds(5),
                },
            },
        },
    ];
    rt.spawn(async move {
        // The hub closes deals on a one-second tick after their cutoff (now + 3 s).
        if let Ok(wait) = (now + Duration::seconds(5) - Utc::now()).to_std() {
            tokio::time::sleep(wait).await;
        }
        match organiser.push(arrival).await {
            Ok(outcomes) => {
                for o in outcomes.iter().filter(|o| o.verdict != Verdict::Applied) {
                    tracing::warn!("demo: the arrival was refused: {:?}", o.verdict);
                }
            }
            Err(e) => tracing::warn!("demo: recording the arrival failed: {e}"),
        }
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        // Until told to stop, or the sender is gone (the hub was dropped).
        let _ = rt.block_on(stopped);
        rt.shutdown_timeout(std::time::Duration::from_secs(1));
    });
    Ok(Running {
        url,
        stop: Some(stop),
    })
}

// --- Volunteers and help (青银协作) ---

/// The demo's volunteer: watches the hub (long poll) and claims each new help request
/// 8 s after it arrives, then says it is done 90 s later, through the hub's API like any
/// volunteer's computer (so the member's waiting app hears at once). Help with ordering:
/// 12 s after claiming it she orders 1 of the first open deal for her (代下单).
async fn volunteer_answers(url: String, token: String) {
    let client = HubClient::new(&url)
        .expect("the demo hub is on loopback")
        .with_token(&token);
    let mut since = 0;
    let mut open_deal: Option<DealId> = None;
    loop {
        let page = match client.pull(since, 500, 20).await {
            Ok(p) => p,
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                continue;
            }
        };
        since = page.next;
        for change in page.changes {
            if let linli_core::sync::protocol::Change::Deal { deal, .. } = &change
                && deal.state == DealState::Open
                && open_deal.is_none()
            {
                open_deal = Some(deal.id);
            }
            if let linli_core::sync::protocol::Change::HelpRequest(h) = change
                && h.state == HelpState::Open
            {
                let client = client.clone();
                let order = open_deal
                    .filter(|_| h.kind == HelpKind::Ordering)
                    .map(|deal_id| Command::PlaceOrder {
                        order_id: OrderId::new(),
                        deal_id,
                        qty: 1,
                        member_id: Some(h.member_id),
                    });
                tokio::spawn(async move {
                    let steps = [
                        Some((8, Command::ClaimHelp { request_id: h.id })),
                        order.map(|o| (12, o)),
                        Some((78, Command::FinishHelp { request_id: h.id })),
                    ];
                    for (wait, command) in steps.into_iter().flatten() {
                        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                        let env = Envelope {
                            id: Uuid::new_v4(),
                            command,
                        };
                        if let Err(e) = client.push(vec![env]).await {
                            tracing::warn!("demo volunteer: {e}");
                        }
                    }
                });
            }
        }
    }
}

/// The neighbours' part of the demo: she (`me`) and 陈奶奶 are experts with tips (one of
/// hers waits for the organiser); 张大爷's and 赵阿姨's ideas were adopted for a deal, hers is
/// being considered and another waits.
fn neighbours_part(
    hub: &SqliteHub,
    boss: &Actor,
    me: &Actor,
    neighbours: &[Actor],
    (products, deals): (&[ProductId], &[DealId]),
    en: bool,
) {
    let pick = |zh: &'static str, en_s: &'static str| if en { en_s } else { zh };
    let (Some(zhang), Some(zhao), Some(chen)) =
        (neighbours.first(), neighbours.get(1), neighbours.get(3))
    else {
        return;
    };
    for who in [me, chen] {
        apply(
            hub,
            boss,
            Command::SetStrengths {
                member_id: who.member_id,
                expert: true,
                coordinator: false,
            },
        );
    }
    let tips = [
        (
            chen,
            None,
            pick(
                "取货时带个布袋子，省得用塑料袋。",
                "Bring a cloth bag to pickup: no plastic bags needed.",
            ),
        ),
        (
            me,
            products.first(),
            pick(
                "西红柿挑红一点、摸着硬一点的，回家放两天更甜。",
                "Pick tomatoes that are red and a little firm; two days at home make them sweeter.",
            ),
        ),
        (
            chen,
            products.get(1),
            pick(
                "鸡蛋买回来放冰箱，大头朝上，能放得久一点。",
                "Keep the eggs in the fridge, big end up: they last longer.",
            ),
        ),
    ];
    for (who, product, body) in tips {
        apply(
            hub,
            boss,
            Command::WriteTip {
                tip_id: TipId::new(),
                author_id: Some(who.member_id),
                product_id: product.copied(),
                title: String::new(),
                body: body.into(),
            },
        );
    }
    // One of hers waits for the organiser's approval.
    apply(
        hub,
        me,
        Command::WriteTip {
            tip_id: TipId::new(),
            author_id: None,
            product_id: products.get(3).copied(),
            title: String::new(),
            body: pick(
                "苹果和别的水果分开放，不容易坏。",
                "Keep apples away from other fruit; both keep longer.",
            )
            .into(),
        },
    );
    let ideas = [
        (
            me,
            SuggestionTopic::Products,
            pick("能不能多一些时令水果", "Could we have more fruit in season"),
            None,
        ),
        (
            me,
            SuggestionTopic::Other,
            pick(
                "取货的地方放几把椅子就好了",
                "A few chairs at the pickup place would be nice",
            ),
            Some((
                SuggestionState::Considering,
                pick(
                    "我去问问物业能不能借几把椅子",
                    "I will ask the building office to lend us some chairs",
                ),
                None,
            )),
        ),
        (
            zhao,
            SuggestionTopic::LessWaste,
            pick(
                "小白菜少订一点，上次剩下不少。",
                "Order less greens; a lot was left last time.",
            ),
            Some((
                SuggestionState::Adopted,
                pick("小白菜这次少订了10斤", "Ten fewer jin of greens this time"),
                deals.get(5),
            )),
        ),
        (
            zhang,
            SuggestionTopic::PickupTime,
            pick(
                "能不能上午取货？下午要接孙子。",
                "Could pickup be in the morning? I fetch my grandson in the afternoon.",
            ),
            Some((
                SuggestionState::Adopted,
                pick("改到上午9点取货", "Pickup moves to 9 am"),
                deals.get(1),
            )),
        ),
    ];
    for (who, topic, body, answer) in ideas {
        let id = SuggestionId::new();
        apply(
            hub,
            who,
            Command::Suggest {
                suggestion_id: id,
                topic,
                body: body.into(),
            },
        );
        if let Some((state, response, deal)) = answer {
            apply(
                hub,
                boss,
                Command::AnswerSuggestion {
                    suggestion_id: id,
                    state,
                    response: response.into(),
                    deal_id: deal.copied(),
                },
            );
        }
    }
}
