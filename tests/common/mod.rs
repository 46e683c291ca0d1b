//! A real hub on a loopback port with a group and deals, and the app (as a member) joined
//! to it; helpers to click, type keys and sync the way a member's computer would.
#![allow(dead_code)]

pub mod org;

use chrono::{Duration, Local, Utc};
use iced::futures::StreamExt;
use iced::{Font, Settings, Task};
use iced_test::Simulator;
use linli::app::{App, Message, SyncEvent};
use linli::system::settings::Settings as AppSettings;
use linli::system::speech::Speaker;
use linli_core::Fen;
use linli_core::command::{Command, Envelope};
use linli_core::model::*;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, SharedStore, Syncer};
use linli_core::sync::protocol::Verdict;
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{Actor, HubStorage};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

pub struct World {
    pub url: String,
    pub hub: Arc<SqliteHub>,
    pub boss: Actor,
    pub invites: linli_hub::storage::Invites,
    pub deals: Vec<Deal>,
    pub store: SharedStore,
    pub app: App,
    _dir: tempfile::TempDir,
}

/// One product on offer: name, unit, price in fen, stock, per-member limit, cutoff from now.
pub struct Offer(
    pub &'static str,
    pub &'static str,
    pub i64,
    pub u32,
    pub u32,
    pub Duration,
);

fn actor(j: &linli_core::sync::protocol::Joined) -> Actor {
    Actor {
        member_id: j.member_id,
        group_id: j.group_id,
        role: j.role,
    }
}

impl World {
    /// A hub with `offers` published, and the app joined as 李奶奶, synced once.
    pub async fn new(offers: &[Offer], settings: AppSettings) -> World {
        let dir = tempfile::tempdir().unwrap();
        let hub = Arc::new(SqliteHub::open(dir.path().join("hub.db")).unwrap());
        let invites = hub
            .create_group("幸福里3号楼", "王阿姨", Utc::now())
            .unwrap();
        let boss = actor(
            &hub.join(&invites.organiser_invite, "王阿姨", Utc::now())
                .unwrap(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let storage: Arc<dyn HubStorage> = hub.clone();
        tokio::spawn(linli_hub::serve(listener, storage, std::future::pending()));
        let mut w = World {
            url,
            hub,
            boss,
            invites,
            deals: Vec::new(),
            store: Arc::new(Mutex::new(
                Store::open(dir.path().join("linli.db"), Durability::Normal).unwrap(),
            )),
            app: App::new(
                Arc::new(Mutex::new(Store::open_in_memory().unwrap())),
                settings.clone(),
                Speaker::silent(),
                None,
            ),
            _dir: dir,
        };
        for o in offers {
            w.offer(o);
        }
        client::join(&w.store, &w.url, &w.invites.member_invite, "李奶奶")
            .await
            .unwrap();
        w.app = App::new(w.store.clone(), settings, Speaker::silent(), None);
        w.sync().await;
        w
    }

    /// Publishes one more deal as the organiser (straight into the hub).
    pub fn offer(&mut self, o: &Offer) -> Deal {
        let product = Product {
            id: ProductId::new(),
            group_id: self.boss.group_id,
            name: o.0.into(),
            emoji: "🍅".into(),
            unit: o.1.into(),
            shop_price: None,
        };
        self.as_boss(Command::PutProduct {
            product: product.clone(),
        });
        let now = Utc::now();
        let deal = Deal {
            id: DealId::new(),
            group_id: self.boss.group_id,
            product_id: product.id,
            price: Fen(o.2),
            unit: o.1.into(),
            stock: o.3,
            min_total: 1,
            per_member_limit: o.4,
            cutoff: now + o.5,
            pickup_day: Local::now().date_naive() + Duration::days(1),
            pickup_place: "3号楼门口".into(),
            state: DealState::Open,
            arrived_qty: None,
            created_at: now,
        };
        self.as_boss(Command::PublishDeal { deal: deal.clone() });
        self.deals.push(deal.clone());
        deal
    }

    pub fn as_boss(&self, command: Command) {
        let a = self
            .hub
            .apply(
                &self.boss,
                &Envelope {
                    id: Uuid::new_v4(),
                    command,
                },
                Utc::now(),
            )
            .unwrap();
        assert_eq!(a.outcome.verdict, Verdict::Applied);
    }

    /// Another neighbour, who orders straight at the hub.
    pub fn neighbour_orders(&self, deal: DealId, qty: u32) {
        let n = actor(
            &self
                .hub
                .join(&self.invites.member_invite, "张大爷", Utc::now())
                .unwrap(),
        );
        let env = Envelope {
            id: Uuid::new_v4(),
            command: Command::PlaceOrder {
                order_id: OrderId::new(),
                deal_id: deal,
                qty,
                member_id: None,
            },
        };
        assert_eq!(
            self.hub
                .apply(&n, &env, Utc::now())
                .unwrap()
                .outcome
                .verdict,
            Verdict::Applied
        );
    }

    /// One sync round of the member's computer, its news handed to the app as the running
    /// app would get them.
    pub async fn sync(&mut self) {
        sync_app(&mut self.app, &self.store).await;
    }
}

/// One sync round of the computer holding `store`, its news handed to `app` as the
/// running app would get them.
pub async fn sync_app(app: &mut App, store: &SharedStore) {
    let mut syncer = Syncer::new(store.clone()).unwrap();
    let mut answers = syncer.answers();
    let status = syncer.status();
    syncer.sync_once().await.unwrap();
    while let Ok(a) = answers.try_recv() {
        let _ = app.update(Message::Synced(SyncEvent::Answer(a)));
    }
    let s = status.borrow().clone();
    let _ = app.update(Message::Synced(SyncEvent::Status(s)));
    let _ = app.update(Message::Tick);
}

pub fn simulator_of(app: &App) -> Simulator<'_, Message> {
    simulator(app)
}

/// Clicks the widget showing exactly `text` (either mode) and lets the app handle it.
pub fn click_any(app: &mut App, text: &str) {
    let messages: Vec<Message> = {
        let mut ui = simulator(app);
        ui.click(text).unwrap_or_else(|e| {
            panic!(
                "can't click {text:?} on {:?}/{:?}: {e}",
                app.basic.screen, app.advanced.page
            )
        });
        ui.into_messages().collect()
    };
    assert!(!messages.is_empty(), "clicking {text:?} did nothing");
    for m in messages {
        let _ = app.update(m);
    }
}

fn simulator(app: &App) -> Simulator<'_, Message> {
    Simulator::with_size(
        Settings {
            fonts: linli::ui::fonts::bundled(),
            default_font: Font::with_name(linli::FONT_NAME),
            ..Settings::default()
        },
        (1280.0, 2400.0),
        app.view(),
    )
}

/// Clicks the widget showing exactly `text` and lets the app handle what that sends.
pub fn click(app: &mut App, text: &str) {
    click_any(app, text);
}

/// Presses one key and lets the app handle it.
pub fn press(app: &mut App, key: iced::keyboard::Key) {
    let messages: Vec<Message> = {
        let mut ui = simulator(app);
        let _ = ui.tap_key(key);
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}

pub fn char_key(c: &str) -> iced::keyboard::Key {
    iced::keyboard::Key::Character(c.into())
}

/// Whether `text` is in view in a 1280 × 960 window without scrolling.
pub fn in_view(app: &App, text: &str) -> bool {
    let mut ui = Simulator::with_size(
        Settings {
            fonts: linli::ui::fonts::bundled(),
            default_font: Font::with_name(linli::FONT_NAME),
            ..Settings::default()
        },
        (1280.0, 960.0),
        app.view(),
    );
    ui.find(text)
        .ok()
        .and_then(|t| t.visible_bounds())
        .is_some_and(|b| b.y >= 0.0 && b.y + b.height <= 960.0)
}

/// Whether the screen shows exactly `text` somewhere.
pub fn shows(app: &App, text: &str) -> bool {
    simulator(app).find(text).is_ok()
}

/// Runs `task` and every task the app returns while handling its messages.
pub async fn settle(app: &mut App, task: Task<Message>) {
    let mut queue = vec![task];
    while let Some(t) = queue.pop() {
        for m in outputs(t).await {
            queue.push(app.update(m));
        }
    }
}

/// Runs `task` to its end and returns the messages it sent (not the tasks they start).
pub async fn outputs(task: Task<Message>) -> Vec<Message> {
    let Some(stream) = iced_runtime::task::into_stream(task) else {
        return Vec::new();
    };
    stream
        .filter_map(|a| async move {
            match a {
                iced_runtime::Action::Output(m) => Some(m),
                _ => None,
            }
        })
        .collect()
        .await
}

/// pdftotext's text of the PDF at `pdf`, spaces squeezed out (it keeps or drops them between
/// Chinese and digits as it likes).
#[allow(dead_code)]
pub fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect()
}

/// Another computer joined to the world's hub with `invite` as `name`, and its app.
#[allow(dead_code)]
pub async fn computer(w: &World, invite: &str, name: &str) -> (SharedStore, App) {
    let store: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    client::join(&store, &w.url, invite, name).await.unwrap();
    let mut app = App::new(
        store.clone(),
        AppSettings::default(),
        Speaker::silent(),
        None,
    );
    sync_app(&mut app, &store).await;
    (store, app)
}
