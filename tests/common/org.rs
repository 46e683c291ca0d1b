//! The organiser's side: a real hub on loopback, the organiser's app joined with the
//! organiser invite (advanced mode), and neighbours' devices that join with the member
//! invite and order through their own stores and the hub's HTTP API, as real members do.

use super::{click_any, simulator_of};
use chrono::Utc;
use linli::app::{App, Message};
use linli::system::settings::{Mode, Settings as AppSettings};
use linli::system::speech::Speaker;
use linli_core::model::*;
use linli_core::store::sync::Identity;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, SharedStore, Syncer};
use linli_hub::storage::HubStorage;
use linli_hub::storage::sqlite::SqliteHub;
use std::sync::{Arc, Mutex};

pub struct OrgWorld {
    pub url: String,
    pub hub: Arc<SqliteHub>,
    pub invites: linli_hub::storage::Invites,
    pub store: SharedStore,
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The organiser's clock, when a test pins it (a sync's tick would move it to now).
    pub clock: Option<chrono::NaiveDateTime>,
}

/// A neighbour's computer.
pub struct Device {
    pub store: SharedStore,
    pub me: Identity,
}

impl Device {
    /// Says on her computer that `order` had a problem, and sends it (one sync round).
    pub async fn complains(&self, order: OrderId, kind: ComplaintKind, note: &str) {
        self.store
            .lock()
            .unwrap()
            .file_complaint(self.me.member_id, order, kind, note, Utc::now())
            .unwrap();
        self.sync().await;
    }

    /// Orders `qty` of `deal` on her computer and sends it (one sync round).
    pub async fn order(&self, deal: DealId, qty: u32) -> OrderId {
        self.sync().await;
        let id = OrderId::new();
        self.store
            .lock()
            .unwrap()
            .place_order(self.me.member_id, deal, id, qty, Utc::now())
            .unwrap();
        self.sync().await;
        id
    }

    pub async fn sync(&self) {
        Syncer::new(self.store.clone())
            .unwrap()
            .sync_once()
            .await
            .unwrap();
    }

    pub fn order_state(&self, id: OrderId) -> Order {
        let s = self.store.lock().unwrap();
        s.orders_of_member(self.me.member_id, 100)
            .unwrap()
            .into_iter()
            .find(|o| o.id == id)
            .expect("her order")
    }

    pub fn balance(&self) -> linli_core::Fen {
        self.store
            .lock()
            .unwrap()
            .balance(self.me.member_id)
            .unwrap()
    }

    /// Her complaints as her own store has them.
    pub fn complaints(&self) -> Vec<linli_core::store::complaints::ComplaintLine> {
        self.store
            .lock()
            .unwrap()
            .complaints_of_member(self.me.member_id)
            .unwrap()
    }
}

impl OrgWorld {
    /// A hub with a group, and the organiser's app joined to it in advanced mode.
    pub async fn new() -> OrgWorld {
        let dir = tempfile::tempdir().unwrap();
        let hub = Arc::new(SqliteHub::open(dir.path().join("hub.db")).unwrap());
        let invites = hub
            .create_group("幸福里3号楼", "王阿姨", Utc::now())
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let storage: Arc<dyn HubStorage> = hub.clone();
        tokio::spawn(linli_hub::serve(listener, storage, std::future::pending()));
        let store: SharedStore = Arc::new(Mutex::new(
            Store::open(dir.path().join("organiser.db"), Durability::Normal).unwrap(),
        ));
        client::join(&store, &url, &invites.organiser_invite, "王阿姨")
            .await
            .unwrap();
        let settings = AppSettings {
            mode: Mode::Advanced,
            ..AppSettings::default()
        };
        let app = App::new(store.clone(), settings, Speaker::silent(), None);
        let mut w = OrgWorld {
            url,
            hub,
            invites,
            store,
            app,
            dir,
            clock: None,
        };
        w.sync().await;
        w
    }

    /// A neighbour joins from her own computer.
    pub async fn neighbour(&self, name: &str) -> Device {
        let store: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
        let me = client::join(&store, &self.url, &self.invites.member_invite, name)
            .await
            .unwrap();
        Device { store, me }
    }

    /// One sync round of the organiser's computer, its news handed to the app.
    pub async fn sync(&mut self) {
        super::sync_app(&mut self.app, &self.store).await;
        if let Some(t) = self.clock {
            self.app.set_clock(t);
        }
    }

    /// Pins the organiser's clock to 10 am the day before `pickup`, so "明天" is the
    /// pickup day whatever the hour (after 10 pm tonight's cutoff is tomorrow's, and
    /// pickup two days away).
    pub fn eve_of(&mut self, pickup: chrono::NaiveDate) {
        let t = (pickup - chrono::Duration::days(1))
            .and_hms_opt(10, 0, 0)
            .unwrap();
        self.clock = Some(t);
        self.app.set_clock(t);
    }

    /// Sends one of the organiser's page messages, as typing in a field does.
    pub fn send(&mut self, m: linli::advanced::Message) {
        let _ = self.app.update(Message::Advanced(m));
    }

    pub fn click(&mut self, text: &str) {
        click_any(&mut self.app, text);
    }

    /// Clicks the widget showing `text`, then runs the tasks the app asked for (the device
    /// list and stopping a computer are iced tasks).
    pub async fn click_and_run(&mut self, text: &str) {
        let messages: Vec<Message> = {
            let mut ui = simulator_of(&self.app);
            ui.click(text)
                .unwrap_or_else(|e| panic!("can't click {text:?}: {e}"));
            ui.into_messages().collect()
        };
        for m in messages {
            let t = self.app.update(m);
            super::settle(&mut self.app, t).await;
        }
    }

    pub fn shows(&self, text: &str) -> bool {
        simulator_of(&self.app).find(text).is_ok()
    }

    /// The deal of the product named `name` as the hub has it.
    pub fn deal_named(&self, name: &str) -> Deal {
        let s = self.store.lock().unwrap();
        let me = s.identity().unwrap().unwrap();
        let product = s
            .products(me.group_id)
            .unwrap()
            .into_iter()
            .find(|p| p.name == name)
            .expect("the product");
        let far = chrono::Local::now().date_naive() + chrono::Duration::days(30);
        s.read(|c| linli_core::store::rows::deals_of_product(c, product.id, far))
            .unwrap()
            .into_iter()
            .next_back()
            .expect("a deal of it")
    }

    /// Puts 西红柿 on the catalogue and publishes a deal of `stock` with `min` to form, the
    /// way she does it on the Products and deals page.
    pub async fn publish_tomatoes(&mut self, stock: u32, min: u32) -> Deal {
        let w = self;
        w.click("团购");
        assert_eq!(w.app.advanced.page, linli::advanced::Page::Deals);
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::NewName("西红柿".into()),
        ));
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::NewUnit("斤".into()),
        ));
        w.click("🍅");
        w.click("加到商品里");
        assert!(
            w.shows("已加上西红柿。"),
            "she is told the product is added"
        );
        w.sync().await;
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::Price("3.8".into()),
        ));
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::Stock(stock.to_string()),
        ));
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::Min(min.to_string()),
        ));
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::Limit("5".into()),
        ));
        w.send(linli::advanced::Message::Deals(
            linli::advanced::deals::Message::Place("3号楼门口".into()),
        ));
        w.click("发布 ⏎");
        assert!(w.shows("西红柿已发布，邻居们马上就能看到。"));
        w.sync().await;
        let deal = w.deal_named("西红柿");
        assert_eq!(deal.price, linli_core::Fen(380));
        assert_eq!((deal.stock, deal.min_total), (stock, min));
        deal
    }

    /// 西红柿 published (10 斤, forms at 1), 李奶奶 orders `qty` from her computer and the
    /// organiser closes it early: it forms and she is charged. Both sides synced.
    pub async fn tomatoes_charged(&mut self, qty: u32) -> (Deal, Device, OrderId) {
        let deal = self.publish_tomatoes(10, 1).await;
        let li = self.neighbour("李奶奶").await;
        let order = li.order(deal.id, qty).await;
        self.sync().await;
        self.click("提前截单");
        self.sync().await;
        li.sync().await;
        (deal, li, order)
    }

    /// [`OrgWorld::tomatoes_charged`], then all `qty` 斤 arrive (recorded on the Arrival page).
    pub async fn tomatoes_arrived(&mut self, qty: u32) -> (Deal, Device, OrderId) {
        use linli::advanced::{Message as A, arrival};
        let (deal, li, order) = self.tomatoes_charged(qty).await;
        self.click("到货");
        self.send(A::Arrival(arrival::Message::Arrived(
            deal.id,
            qty.to_string(),
        )));
        self.click("确定到货，通知大家 ⏎");
        self.sync().await;
        (deal, li, order)
    }
}

/// Presses `key` with Ctrl held (Ctrl+1 … Ctrl+= change the organiser's page), as a
/// laptop keyboard sends it, and lets the app handle it.
pub fn press_ctrl(app: &mut App, key: &str) {
    use iced::keyboard::{self, Key};
    let messages: Vec<Message> = {
        let mut ui = super::simulator_of(app);
        let typed = key;
        let key = Key::Character(key.into());
        let _ = ui.simulate([iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: keyboard::key::Physical::Unidentified(
                keyboard::key::NativeCode::Unidentified,
            ),
            location: keyboard::Location::Standard,
            modifiers: keyboard::Modifiers::CTRL,
            repeat: false,
            // X11 types the digit even with Ctrl held: a focused field would take it.
            text: Some(typed.into()),
        })]);
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}
