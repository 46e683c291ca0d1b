//! A deterministic generator of a living group: members with Chinese and English names,
//! realistic produce, and `days` of deals run through the real rules (orders, cutoff,
//! arrivals with shortages, pickups, unclaimed goods, losses, payments, complaints), plus
//! notices, tips, suggestions and help requests. Same config, same dataset, bit for bit.

use crate::model::*;
use crate::money::Fen;
use crate::rules::{arrival, cutoff, ledger, orders, pickup};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use uuid::Uuid;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoConfig {
    pub seed: u64,
    pub members: usize,
    pub days: u32,
    /// First day of deals.
    pub start: NaiveDate,
    /// Mean orders per member per day.
    pub orders_per_member_day: f64,
}

impl DemoConfig {
    /// The demo group: 120 neighbours, 60 days ending 2026-11-24.
    pub fn standard() -> Self {
        DemoConfig {
            seed: 2026,
            members: 120,
            days: 60,
            start: NaiveDate::from_ymd_opt(2026, 9, 25).expect("valid date"),
            orders_per_member_day: 0.9,
        }
    }

    /// The benchmarks' group: ~1M order lines (3,000 neighbours, 400 days), or ~32k with
    /// `quick` (300 neighbours, 200 days). Every benchmark measures on this one.
    pub fn bench(quick: bool) -> Self {
        if quick {
            DemoConfig {
                members: 300,
                days: 200,
                ..DemoConfig::standard()
            }
        } else {
            DemoConfig {
                members: 3000,
                days: 400,
                orders_per_member_day: 1.65,
                ..DemoConfig::standard()
            }
        }
    }
}

/// Everything a group's store holds, final states only.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub group: Group,
    pub members: Vec<Member>,
    pub products: Vec<Product>,
    pub deals: Vec<Deal>,
    pub orders: Vec<Order>,
    pub pickup_codes: Vec<PickupCode>,
    pub ledger: Vec<LedgerEntry>,
    pub movements: Vec<StockMovement>,
    pub complaints: Vec<Complaint>,
    pub notices: Vec<Notice>,
    pub tips: Vec<Tip>,
    pub suggestions: Vec<Suggestion>,
    pub help_requests: Vec<HelpRequest>,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: &[&str] = &[
    "秀英", "桂兰", "建国", "淑珍", "德明", "玉兰", "国强", "凤英", "志强", "桂芳", "秀兰", "建华",
    "丽华", "文华", "振华", "美华", "秀珍", "春生", "海燕", "宝珍",
];
const ENGLISH_FIRST: &[&str] = &[
    "Margaret", "Tom", "Dorothy", "George", "Helen", "Arthur", "Betty", "Frank", "Joan", "Harold",
    "Ruth", "Walter",
];
const ENGLISH_LAST: &[&str] = &[
    "Lee", "Baker", "Wong", "Smith", "Chan", "Taylor", "Brown", "Li", "Evans", "Green",
];
/// (name, emoji, unit, typical price in fen, popularity, perishable)
const PRODUCTS: &[(&str, &str, &str, i64, f64, bool)] = &[
    ("西红柿", "🍅", "斤", 380, 1.4, true),
    ("鸡蛋", "🥚", "盒(30个)", 2590, 1.5, false),
    ("大白菜", "🥬", "棵", 450, 1.0, true),
    ("土豆", "🥔", "斤", 250, 1.1, false),
    ("苹果", "🍎", "斤", 690, 1.2, false),
    ("香蕉", "🍌", "斤", 550, 1.0, true),
    ("猪肉", "🥩", "斤", 1680, 1.3, true),
    ("豆腐", "🧈", "斤", 300, 0.9, true),
    ("牛奶", "🥛", "箱", 4990, 0.7, false),
    ("大米", "🍚", "袋(10斤)", 3990, 0.6, false),
    ("挂面", "🍜", "包", 590, 0.5, false),
    ("鲫鱼", "🐟", "条", 1580, 0.4, true),
    ("橙子", "🍊", "斤", 590, 0.9, false),
    ("黄瓜", "🥒", "斤", 350, 1.0, true),
    ("胡萝卜", "🥕", "斤", 280, 0.7, false),
    ("葡萄", "🍇", "斤", 990, 0.5, true),
    ("玉米", "🌽", "根", 200, 0.6, false),
    ("蘑菇", "🍄", "盒", 650, 0.4, true),
    ("西兰花", "🥦", "颗", 480, 0.5, true),
    ("速冻饺子", "🥟", "袋", 1890, 0.6, false),
];
const PLACES: &[&str] = &["3号楼门口", "小区东门", "活动中心"];
const TIPS: &[(&str, &str)] = &[
    (
        "青菜怎么保鲜",
        "买回来的青菜别洗，用报纸包好放冰箱下层，能多放两三天。",
    ),
    ("西红柿挑选", "挑颜色均匀、摸着有弹性的，蒂是绿的更新鲜。"),
    ("鸡蛋怎么放", "鸡蛋大头朝上放，别跟葱姜蒜放一起。"),
    ("取货别忘带袋子", "自提点不提供塑料袋，出门带个布袋子。"),
    ("看清截单时间", "每天晚上十点截单，想买的早点下单。"),
    (
        "土豆发芽不能吃",
        "土豆发芽或者变绿就别吃了，放阴凉处避光保存。",
    ),
    ("香蕉别放冰箱", "香蕉放冰箱会变黑，挂起来放常温就好。"),
    ("猪肉分装冷冻", "买回来的肉按一顿的量分装，冻起来随吃随取。"),
    (
        "取货码念给团长听",
        "取货时把六位数字慢慢念给团长，或者把屏幕给他看。",
    ),
    (
        "不会用就按求助",
        "遇到不会的，按屏幕上的“求助”，志愿者会来帮您。",
    ),
];
const SUGGESTIONS: &[(&str, SuggestionTopic, SuggestionState, Option<&str>)] = &[
    (
        "希望多团一些新鲜鱼",
        SuggestionTopic::Products,
        SuggestionState::Adopted,
        Some("每周三加一次鲫鱼团"),
    ),
    (
        "取货时间能不能晚一点",
        SuggestionTopic::PickupTime,
        SuggestionState::Adopted,
        Some("取货延长到晚上七点"),
    ),
    (
        "字再大一点",
        SuggestionTopic::Other,
        SuggestionState::Adopted,
        Some("已请志愿者帮大家调大字号"),
    ),
    (
        "能不能送货上门",
        SuggestionTopic::Other,
        SuggestionState::Declined,
        Some("人手不够，行动不便的邻居可以请志愿者代取"),
    ),
    (
        "多团点杂粮",
        SuggestionTopic::Products,
        SuggestionState::New,
        None,
    ),
    (
        "鸡蛋能不能按半盒卖",
        SuggestionTopic::LessWaste,
        SuggestionState::Declined,
        Some("供货商只按盒供应"),
    ),
    (
        "周末也开团",
        SuggestionTopic::PickupTime,
        SuggestionState::New,
        None,
    ),
    (
        "水果能先尝再买吗",
        SuggestionTopic::Products,
        SuggestionState::New,
        None,
    ),
];

/// Generates the dataset for `cfg`.
pub fn generate(cfg: &DemoConfig) -> Dataset {
    Gen {
        rng: ChaCha8Rng::seed_from_u64(cfg.seed),
    }
    .run(cfg)
}

struct Gen {
    rng: ChaCha8Rng,
}

impl Gen {
    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.random()).into_uuid()
    }

    fn run(&mut self, cfg: &DemoConfig) -> Dataset {
        let t0 = Utc.from_utc_datetime(&cfg.start.and_hms_opt(0, 0, 0).expect("midnight"))
            - Duration::days(30);
        let group = Group {
            id: GroupId(self.uuid()),
            name: "幸福里社区团购".into(),
            created_at: t0,
        };
        let members = self.members(cfg, &group, t0);
        let products: Vec<Product> = PRODUCTS
            .iter()
            .enumerate()
            .map(|(i, (name, emoji, unit, price, ..))| Product {
                id: ProductId(self.uuid()),
                group_id: group.id,
                name: (*name).into(),
                emoji: (*emoji).into(),
                unit: (*unit).into(),
                // About a fifth dearer at the market, to the ten fen; every fourth
                // product without one (she has not said).
                shop_price: (i % 4 != 3).then(|| Fen((price * 6 / 5 + 5) / 10 * 10)),
            })
            .collect();
        // Activity: some neighbours order almost daily, some rarely.
        let activity: Vec<f64> = members
            .iter()
            .map(|_| self.rng.random_range(0.1f64..1.0).powi(2) * 2.2)
            .collect();
        let organiser = members[0].id;
        let mut out = Dataset {
            group,
            members: members.clone(),
            products: products.clone(),
            deals: Vec::new(),
            orders: Vec::new(),
            pickup_codes: Vec::new(),
            ledger: Vec::new(),
            movements: Vec::new(),
            complaints: Vec::new(),
            notices: Vec::new(),
            tips: Vec::new(),
            suggestions: Vec::new(),
            help_requests: Vec::new(),
        };
        // About 30 members per deal, as in the standard group, however large the group.
        let deals_per_day = 4 * (cfg.members / 120).max(1);
        let mut spent: HashMap<MemberId, i64> = HashMap::new();
        for day in 0..cfg.days {
            let date = cfg.start + Duration::days(i64::from(day));
            let morning = Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("time")); // 08:00 in China
            let cutoff_at = morning + Duration::hours(14); // 22:00 in China
            let mut deals: Vec<(Deal, f64, bool)> = Vec::with_capacity(deals_per_day);
            for _ in 0..deals_per_day {
                let pi = self.rng.random_range(0..products.len());
                let (_, _, _, price, popularity, perishable) = PRODUCTS[pi];
                let deal = Deal {
                    id: DealId(self.uuid()),
                    group_id: out.group.id,
                    product_id: products[pi].id,
                    price: Fen(price * self.rng.random_range(90..=110) / 1000 * 10),
                    unit: products[pi].unit.clone(),
                    stock: self.rng.random_range(20..=80),
                    min_total: self.rng.random_range(5..=25),
                    per_member_limit: self.rng.random_range(2..=6),
                    cutoff: cutoff_at,
                    pickup_day: date + Duration::days(1),
                    pickup_place: PLACES[self.rng.random_range(0..PLACES.len())].into(),
                    state: DealState::Open,
                    arrived_qty: None,
                    created_at: morning,
                };
                deals.push((
                    deal,
                    popularity * self.rng.random_range(0.2..1.6),
                    perishable,
                ));
            }
            let weight_total: f64 = deals.iter().map(|d| d.1).sum();
            let mut book: Vec<Vec<Order>> = vec![Vec::new(); deals.len()];
            // Orders through the day, each member by their activity.
            for (mi, m) in members.iter().enumerate() {
                let mean = cfg.orders_per_member_day * activity[mi];
                let n = (mean.floor() as u32) + u32::from(self.rng.random_bool(mean.fract()));
                for _ in 0..n {
                    let mut pick = self.rng.random_range(0.0..weight_total);
                    let di = deals
                        .iter()
                        .position(|d| {
                            pick -= d.1;
                            pick < 0.0
                        })
                        .unwrap_or(deals.len() - 1);
                    let qty = [1, 1, 1, 2, 2, 3][self.rng.random_range(0..6)];
                    let at = morning + Duration::minutes(self.rng.random_range(0..13 * 60));
                    let tally = orders::Tally::of(&book[di], m.id, None);
                    if let Ok(o) =
                        orders::place(&deals[di].0, tally, OrderId(self.uuid()), m.id, qty, at)
                    {
                        book[di].push(o);
                    }
                }
            }
            for (di, (deal, _, perishable)) in deals.into_iter().enumerate() {
                let mut list = std::mem::take(&mut book[di]);
                list.sort_by_key(|o| (o.queued_at, o.id));
                // A few change their mind before cutoff.
                for o in list.iter_mut() {
                    if self.rng.random_bool(0.03) {
                        let late = o.placed_at + Duration::minutes(30);
                        if let Ok(c) =
                            orders::cancel(&deal, o, late.min(cutoff_at - Duration::minutes(1)))
                        {
                            *o = c;
                        }
                    }
                }
                self.close_and_deliver(&mut out, deal, list, perishable, organiser, &mut spent);
            }
            // Cash handed to the organiser once a week, rounded up to whole ten yuan.
            if day % 7 == 6 {
                let mut owed: Vec<(MemberId, i64)> =
                    spent.drain().filter(|(_, v)| *v > 0).collect();
                owed.sort();
                for (m, v) in owed {
                    let amount = Fen((v + 999) / 1000 * 1000);
                    let at = morning + Duration::hours(2);
                    let mut e =
                        ledger::payment(m, amount, PaymentMethod::Cash, at).expect("positive");
                    e.id = LedgerEntryId(self.uuid());
                    out.ledger.push(e);
                }
            }
        }
        self.community(cfg, &mut out, &members, t0);
        out
    }

    fn members(&mut self, cfg: &DemoConfig, group: &Group, t0: Timestamp) -> Vec<Member> {
        let mut used = std::collections::HashSet::new();
        (0..cfg.members)
            .map(|i| {
                let role = match i {
                    0 => Role::Organiser,
                    1..=5 => Role::Volunteer,
                    _ => Role::Member,
                };
                let mut name = if self.rng.random_bool(0.2) {
                    format!(
                        "{} {}",
                        ENGLISH_FIRST[self.rng.random_range(0..ENGLISH_FIRST.len())],
                        ENGLISH_LAST[self.rng.random_range(0..ENGLISH_LAST.len())]
                    )
                } else {
                    format!(
                        "{}{}",
                        SURNAMES[self.rng.random_range(0..SURNAMES.len())],
                        GIVEN[self.rng.random_range(0..GIVEN.len())]
                    )
                };
                if !used.insert(name.clone()) {
                    name = format!("{name}({}号楼)", i % 30 + 1);
                    used.insert(name.clone());
                }
                Member {
                    // Three experienced neighbours (达人) write the tips; one more is the
                    // elderly coordinator.
                    expert: (6..9).contains(&i),
                    coordinator: i == 9,
                    ..Member::new(
                        MemberId(self.uuid()),
                        group.id,
                        name,
                        role,
                        t0 + Duration::minutes(i as i64),
                    )
                }
            })
            .collect()
    }

    /// Cutoff, arrival, pickup codes, pickup or unclaimed, losses and complaints of one deal.
    fn close_and_deliver(
        &mut self,
        out: &mut Dataset,
        deal: Deal,
        list: Vec<Order>,
        perishable: bool,
        organiser: MemberId,
        spent: &mut HashMap<MemberId, i64>,
    ) {
        let closing = cutoff::close(&deal, &list, deal.cutoff).expect("open deal at cutoff");
        let mut by_id: HashMap<OrderId, Order> = list.into_iter().map(|o| (o.id, o)).collect();
        for o in &closing.orders {
            by_id.insert(o.id, o.clone());
        }
        let mut charges = closing.charges;
        for e in &mut charges {
            e.id = LedgerEntryId(self.uuid());
            *spent.entry(e.member_id).or_default() -= e.amount.0;
        }
        let mut deal = closing.deal;
        if deal.state == DealState::Formed {
            let ordered: u32 = closing.orders.iter().map(|o| o.qty).sum();
            let arrived = if self.rng.random_bool(0.1) {
                ordered * self.rng.random_range(60..=95) / 100
            } else {
                ordered
                    + if self.rng.random_bool(0.2) {
                        self.rng.random_range(1..=2)
                    } else {
                        0
                    }
            };
            let next_morning = deal.cutoff + Duration::hours(10); // 08:00 next day in China
            let a = arrival::record(&deal, &closing.orders, &charges, arrived, next_morning)
                .expect("formed");
            deal = a.deal;
            for mut r in a.refunds {
                r.id = LedgerEntryId(self.uuid());
                *spent.entry(r.member_id).or_default() -= r.amount.0;
                out.ledger.push(r);
            }
            let mut received = a.received;
            received.id = MovementId(self.uuid());
            out.movements.push(received);
            // One code per member per pickup day.
            let day = deal.pickup_day;
            let mut ready: Vec<&Order> = a
                .orders
                .iter()
                .filter(|o| o.state == OrderState::Ready)
                .collect();
            ready.sort_by_key(|o| o.member_id);
            for o in &ready {
                if !out
                    .pickup_codes
                    .iter()
                    .rev()
                    .take_while(|c| c.pickup_day == day)
                    .any(|c| c.member_id == o.member_id)
                {
                    let taken: Vec<&str> = out
                        .pickup_codes
                        .iter()
                        .rev()
                        .take_while(|c| c.pickup_day == day)
                        .map(|c| c.code.as_str())
                        .collect();
                    let code = pickup::new_code(&taken, &mut self.rng).expect("codes left");
                    out.pickup_codes.push(PickupCode {
                        group_id: deal.group_id,
                        member_id: o.member_id,
                        pickup_day: day,
                        code,
                    });
                }
            }
            let product = deal.product_id;
            for o in a.orders {
                let (done, moves) = if o.state != OrderState::Ready {
                    (vec![o], Vec::new())
                } else if self.rng.random_bool(0.94) {
                    let at = next_morning + Duration::minutes(self.rng.random_range(60..600));
                    pickup::hand_over(std::slice::from_ref(&o), &|_| product, at)
                } else {
                    pickup::mark_unclaimed(
                        std::slice::from_ref(&o),
                        &|_| product,
                        next_morning + Duration::hours(12),
                    )
                };
                for mut m in moves {
                    m.id = MovementId(self.uuid());
                    out.movements.push(m);
                }
                for o in done {
                    if o.state == OrderState::PickedUp && self.rng.random_bool(0.01) {
                        self.complaint(out, &o, &charges, organiser);
                    }
                    by_id.insert(o.id, o);
                }
            }
            if perishable && self.rng.random_bool(0.15) {
                out.movements.push(StockMovement {
                    id: MovementId(self.uuid()),
                    product_id: product,
                    deal_id: Some(deal.id),
                    kind: MovementKind::Lost(if self.rng.random_bool(0.7) {
                        LossReason::Spoiled
                    } else {
                        LossReason::Damaged
                    }),
                    qty: self.rng.random_range(1..=3),
                    note: String::new(),
                    at: next_morning + Duration::hours(1),
                });
            }
            if out
                .notices
                .last()
                .is_none_or(|n| n.created_at != next_morning)
            {
                out.notices.push(Notice {
                    id: NoticeId(self.uuid()),
                    group_id: deal.group_id,
                    author_id: organiser,
                    title: "今天的货到了".into(),
                    body: format!("今天的货到了，请带好取货码到{}取货。", deal.pickup_place),
                    created_at: next_morning,
                });
            }
        }
        out.ledger.extend(charges);
        let mut final_orders: Vec<Order> = by_id.into_values().collect();
        final_orders.sort_by_key(|o| (o.queued_at, o.id));
        out.orders.extend(final_orders);
        out.deals.push(deal);
    }

    fn complaint(
        &mut self,
        out: &mut Dataset,
        o: &Order,
        charges: &[LedgerEntry],
        organiser: MemberId,
    ) {
        let _ = organiser;
        let c = Complaint {
            id: ComplaintId(self.uuid()),
            member_id: o.member_id,
            order_id: o.id,
            kind: ComplaintKind::Broken,
            text: "有几个坏了".into(),
            resolution: None,
            created_at: o.updated_at + Duration::hours(2),
            resolved_at: None,
        };
        let resolution = match self.rng.random_range(0..4) {
            0 => None,
            1 => Some(Resolution::Replaced {
                note: "下次取货补上".into(),
            }),
            2 => Some(Resolution::Explained {
                note: "已和供货商反映".into(),
            }),
            _ => Some(Resolution::Refunded {
                amount: o.unit_price,
                note: "退一份的钱".into(),
            }),
        };
        let own: Vec<LedgerEntry> = charges
            .iter()
            .filter(|e| e.order_id == Some(o.id))
            .cloned()
            .collect();
        match resolution
            .map(|r| ledger::resolve_complaint(&c, o, &own, r, c.created_at + Duration::hours(20)))
        {
            Some(Ok((done, refund))) => {
                if let Some(mut e) = refund {
                    e.id = LedgerEntryId(self.uuid());
                    out.ledger.push(e);
                }
                out.complaints.push(done);
            }
            _ => out.complaints.push(c),
        }
    }

    fn community(
        &mut self,
        cfg: &DemoConfig,
        out: &mut Dataset,
        members: &[Member],
        t0: Timestamp,
    ) {
        let end = Utc.from_utc_datetime(&cfg.start.and_hms_opt(0, 0, 0).expect("time"))
            + Duration::days(i64::from(cfg.days));
        let span = (end - t0).num_minutes().max(1);
        let pick = |g: &mut Self| members[g.rng.random_range(0..members.len())].id;
        let experts: Vec<MemberId> = members.iter().filter(|m| m.expert).map(|m| m.id).collect();
        for (i, (title, body)) in TIPS.iter().enumerate() {
            let created_at = t0 + Duration::minutes(self.rng.random_range(0..span));
            let drawn = pick(self);
            // A tip names the product its heading names, if any.
            let product_id = out
                .products
                .iter()
                .find(|p| title.contains(p.name.as_str()))
                .map(|p| p.id);
            out.tips.push(Tip {
                id: TipId(self.uuid()),
                group_id: out.group.id,
                author_id: experts
                    .get(i % experts.len().max(1))
                    .copied()
                    .unwrap_or(drawn),
                product_id,
                title: (*title).into(),
                body: (*body).into(),
                approved: true,
                withdrawn: false,
                created_at,
            });
        }
        for (body, topic, state, response) in SUGGESTIONS {
            let created_at = t0 + Duration::minutes(self.rng.random_range(0..span));
            let author_id = pick(self);
            out.suggestions.push(Suggestion {
                id: SuggestionId(self.uuid()),
                group_id: out.group.id,
                author_id,
                topic: *topic,
                body: (*body).into(),
                state: *state,
                response: response.map(Into::into),
                deal_id: None,
                created_at,
                answered_at: response.map(|_| created_at + Duration::hours(5)),
            });
        }
        let volunteers: Vec<MemberId> = members
            .iter()
            .filter(|m| m.role == Role::Volunteer)
            .map(|m| m.id)
            .collect();
        for i in 0..15 {
            // The last few are recent and still open.
            let created_at = if i >= 12 {
                end - Duration::hours(15 - i as i64)
            } else {
                t0 + Duration::minutes(self.rng.random_range(0..span))
            };
            let v = volunteers
                .get(i as usize % volunteers.len().max(1))
                .copied();
            let state = match (i % 3, v) {
                _ if i >= 12 => HelpState::Open,
                (0, Some(v)) => HelpState::Claimed(v),
                (_, Some(v)) => HelpState::Done(v),
                _ => HelpState::Open,
            };
            let member_id = pick(self);
            out.help_requests.push(HelpRequest {
                id: HelpRequestId(self.uuid()),
                group_id: out.group.id,
                member_id,
                kind: [
                    HelpKind::Ordering,
                    HelpKind::Pickup,
                    HelpKind::Unfamiliar,
                    HelpKind::Other,
                ][i as usize % 4],
                note: ["不会下单", "取货码找不到了", "字太小看不清", ""][i as usize % 4].into(),
                state,
                created_at,
                updated_at: created_at + Duration::minutes(30),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_standard_group_is_alive_and_consistent() {
        let cfg = DemoConfig::standard();
        let d = generate(&cfg);
        assert_eq!(d, generate(&cfg), "deterministic");
        assert_eq!(d.members.len(), 120);
        assert_eq!(
            d.members
                .iter()
                .filter(|m| m.role == Role::Organiser)
                .count(),
            1
        );
        assert!(d.members.iter().any(|m| m.role == Role::Volunteer));
        assert!(
            d.members.iter().any(|m| m.display_name.is_ascii()),
            "English names"
        );
        assert!(
            d.members.iter().any(|m| !m.display_name.is_ascii()),
            "Chinese names"
        );
        assert_eq!(
            d.members
                .iter()
                .map(|m| &m.display_name)
                .collect::<HashSet<_>>()
                .len(),
            120
        );
        let days: HashSet<_> = d.deals.iter().map(|x| x.pickup_day).collect();
        assert_eq!(days.len(), 60);
        assert!(
            (4_000..=8_000).contains(&d.orders.len()),
            "{} orders",
            d.orders.len()
        );
        let failed = d
            .deals
            .iter()
            .filter(|x| x.state == DealState::Failed)
            .count();
        assert!(
            failed > 5 && failed < d.deals.len() / 3,
            "{failed} failed of {}",
            d.deals.len()
        );
        assert!(d.orders.iter().any(|o| o.state == OrderState::Unclaimed));
        assert!(
            d.orders
                .iter()
                .any(|o| o.state == OrderState::Cancelled(CancelReason::Shortage)
                    || o.allocated.is_some_and(|a| a < o.qty))
        );
        assert_eq!(
            d.orders.iter().map(|o| o.id).collect::<HashSet<_>>().len(),
            d.orders.len()
        );
        for deal in &d.deals {
            let taken: u32 = d
                .orders
                .iter()
                .filter(|o| o.deal_id == deal.id && o.state.is_active())
                .map(|o| o.qty)
                .sum();
            assert!(taken <= deal.stock, "oversold");
        }
        let codes: HashSet<_> = d
            .pickup_codes
            .iter()
            .map(|c| (c.pickup_day, c.code.clone()))
            .collect();
        let holders: HashSet<_> = d
            .pickup_codes
            .iter()
            .map(|c| (c.pickup_day, c.member_id))
            .collect();
        assert_eq!(
            (codes.len(), holders.len()),
            (d.pickup_codes.len(), d.pickup_codes.len())
        );
        for o in &d.orders {
            let own: Vec<LedgerEntry> = d
                .ledger
                .iter()
                .filter(|e| e.order_id == Some(o.id))
                .cloned()
                .collect();
            assert!(ledger::net_charged(o.id, &own) >= Fen::ZERO);
        }
        assert!(!d.tips.is_empty() && !d.suggestions.is_empty() && !d.notices.is_empty());
        assert!(d.help_requests.iter().any(|h| h.state == HelpState::Open));
    }
}
