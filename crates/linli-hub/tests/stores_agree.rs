//! The two stores decide alike: the same generated commands (orders placed, changed and
//! cancelled, some refused, some sent again) applied to a SQLite hub and a PostgreSQL hub
//! from as many threads as members, so that commands arriving together share transactions,
//! get the same answer each, and what the organiser then pulls is the same. Each member has
//! a deal of her own, so no answer depends on the order threads happen to run in. Needs a
//! PostgreSQL server (`LINLI_TEST_POSTGRES`, see scripts/with-postgres); without one it says
//! so and passes.

use chrono::{Duration, TimeZone, Utc};
use linli_core::Fen;
use linli_core::command::{Command, Envelope};
use linli_core::demo::{DemoConfig, generate};
use linli_core::model::*;
use linli_core::sync::protocol::Verdict;
use linli_hub::storage::{Actor, HubStorage};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// The commands member `i` sends, in order (a resend repeats an earlier envelope).
fn script(i: usize, deal: DealId, steps: usize) -> Vec<Envelope> {
    let mut rng = ChaCha8Rng::seed_from_u64(1000 + i as u64);
    let (mut sent, mut orders): (Vec<Envelope>, Vec<OrderId>) = (Vec::new(), Vec::new());
    for _ in 0..steps {
        let roll: f64 = rng.random();
        let command = if roll < 0.45 || orders.is_empty() {
            let id = OrderId(uuid(&mut rng));
            orders.push(id);
            Command::PlaceOrder {
                order_id: id,
                deal_id: deal,
                qty: rng.random_range(0..=4),
                member_id: None,
            }
        } else if roll < 0.65 {
            Command::ChangeOrder {
                order_id: orders[rng.random_range(0..orders.len())],
                qty: rng.random_range(0..=5),
            }
        } else if roll < 0.75 {
            Command::CancelOrder {
                order_id: orders[rng.random_range(0..orders.len())],
            }
        } else if roll < 0.85 && !sent.is_empty() {
            let again = sent[rng.random_range(0..sent.len())].clone();
            sent.push(again);
            continue;
        } else if roll < 0.92 {
            Command::PlaceOrder {
                order_id: OrderId(uuid(&mut rng)),
                deal_id: DealId(uuid(&mut rng)),
                qty: 1,
                member_id: None,
            }
        } else {
            Command::CancelOrder {
                order_id: OrderId(uuid(&mut rng)),
            }
        };
        sent.push(Envelope {
            id: uuid(&mut rng),
            command,
        });
    }
    sent
}

/// Every answer (by member, in order) and the organiser's pull by entity.
type Result = (Vec<Vec<String>>, BTreeMap<String, serde_json::Value>);

fn run(db: &str, data: &linli_core::demo::Dataset, steps: usize) -> Result {
    let hub: Arc<dyn HubStorage> = linli_hub::open_store(db).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 20, 8, 0, 0).unwrap();
    hub.import_group(data, now).unwrap();
    let g = data.group.id;
    let boss_m = data
        .members
        .iter()
        .find(|m| m.role == Role::Organiser)
        .unwrap();
    let boss = Actor {
        member_id: boss_m.id,
        group_id: g,
        role: Role::Organiser,
    };
    let members: Vec<Actor> = data
        .members
        .iter()
        .filter(|m| m.role == Role::Member && m.left_at.is_none())
        .take(12)
        .map(|m| Actor {
            member_id: m.id,
            group_id: g,
            role: Role::Member,
        })
        .collect();
    let product = data.products[0].id;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let deals: Vec<DealId> = members
        .iter()
        .map(|_| {
            let deal = Deal {
                id: DealId(uuid(&mut rng)),
                group_id: g,
                product_id: product,
                price: Fen(450),
                unit: "斤".into(),
                stock: 9,
                min_total: 1,
                per_member_limit: 6,
                cutoff: now + Duration::hours(10),
                pickup_day: (now + Duration::days(1)).date_naive(),
                pickup_place: "3号楼门口".into(),
                state: DealState::Open,
                arrived_qty: None,
                created_at: now,
            };
            let env = Envelope {
                id: uuid(&mut rng),
                command: Command::PublishDeal { deal },
            };
            let a = hub.apply(&boss, &env, now).unwrap();
            assert_eq!(a.outcome.verdict, Verdict::Applied);
            DealId(match env.command {
                Command::PublishDeal { deal } => deal.id.0,
                _ => unreachable!(),
            })
        })
        .collect();
    let answers: Vec<Vec<String>> = std::thread::scope(|s| {
        let hs: Vec<_> = members
            .iter()
            .zip(&deals)
            .enumerate()
            .map(|(i, (a, deal))| {
                let hub = &hub;
                s.spawn(move || {
                    script(i, *deal, steps)
                        .iter()
                        .enumerate()
                        .map(|(k, env)| {
                            let at = now + Duration::seconds(k as i64);
                            let r = hub.apply(a, env, at).unwrap();
                            serde_json::to_string(&r.outcome).unwrap()
                        })
                        .collect()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut pulled = BTreeMap::new();
    let mut since = 0;
    loop {
        let page = hub.pull(&boss, since, 500).unwrap();
        for c in &page.changes {
            pulled.insert(c.entity(), serde_json::to_value(c).unwrap());
        }
        since = page.next;
        if !page.more {
            break;
        }
    }
    (answers, pulled)
}

#[test]
fn sqlite_and_postgres_answer_the_same_commands_alike() {
    let Ok(server) = std::env::var("LINLI_TEST_POSTGRES") else {
        eprintln!("LINLI_TEST_POSTGRES not set: no PostgreSQL hub to compare with");
        return;
    };
    let data = generate(&DemoConfig {
        seed: 3,
        members: 20,
        days: 4,
        start: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        orders_per_member_day: 0.8,
    });
    let dir = tempfile::tempdir().unwrap();
    let sqlite = run(&dir.path().join("hub.db").to_string_lossy(), &data, 80);

    let name = format!("agree_{}", Uuid::new_v4().simple());
    let mut c = postgres::Client::connect(&server, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let pg = run(&format!("{base}/{name}"), &data, 80);

    let verdicts: Vec<&String> = sqlite.0.iter().flatten().collect();
    assert!(verdicts.iter().any(|v| v.contains("applied")));
    assert!(verdicts.iter().any(|v| v.contains("rejected")));
    for (i, (a, b)) in sqlite.0.iter().zip(&pg.0).enumerate() {
        assert_eq!(a, b, "member {i}'s answers");
    }
    assert_eq!(sqlite.1.len(), pg.1.len());
    for (entity, change) in &sqlite.1 {
        assert_eq!(Some(change), pg.1.get(entity), "{entity}");
    }
}
