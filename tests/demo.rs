//! `linli --demo`, the README's quick start: the first screen is full (deals, the member's
//! order, a notice), and within seconds the tomatoes arrive by themselves through the hub,
//! so the pickup code is ready and "goods arrived" is a notice.

use linli::i18n::Lang;
use linli::view_model::ViewModel;
use linli_core::model::OrderState;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::Syncer;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn the_demo_group_is_full_at_once_and_its_goods_arrive_by_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(dir.path().join("linli.db"), Durability::Normal).unwrap(),
    ));
    let started = Instant::now();
    let url = linli::demo::start(dir.path(), &store, Lang::ZhCn).unwrap();
    let ready_in = started.elapsed();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let load = || {
        let s = store.lock().unwrap();
        let me = s.identity().unwrap().expect("joined the demo group");
        ViewModel::load(&s, &me, ViewModel::today()).unwrap()
    };
    let first = load();
    assert!(first.deals.len() >= 5, "{} deals", first.deals.len());
    assert!(first.deals.iter().any(|d| d.name == "土鸡蛋"));
    let tomatoes = first
        .orders
        .iter()
        .find(|l| l.name == "西红柿")
        .expect("李奶奶 has ordered tomatoes");
    assert_eq!(tomatoes.order.qty, 2);
    assert_eq!(first.notices.len(), 1);

    // The app's sync keeps going; here the syncer does the same until the goods arrive.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let syncer = Syncer::new(store.clone()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let arrived = loop {
        rt.block_on(syncer.sync_once()).unwrap();
        let vm = load();
        // The goods arrive, then the organiser's notice: one sync may fall between them.
        if vm.orders.iter().any(|l| l.order.state == OrderState::Ready)
            && vm.notices.iter().any(|n| n.title == "西红柿到了")
        {
            break vm;
        }
        assert!(Instant::now() < deadline, "the tomatoes never arrived");
        std::thread::sleep(Duration::from_millis(300));
    };
    let titles: Vec<&str> = arrived.notices.iter().map(|n| n.title.as_str()).collect();
    assert!(titles.contains(&"西红柿到了"), "{titles:?}");
    let pickup = arrived.pickup.expect("a pickup to show");
    assert_eq!(pickup.place, "3号楼门口");
    assert!(
        pickup.code.len() == 6 && pickup.code.chars().all(|c| c.is_ascii_digit()),
        "{}",
        pickup.code
    );
    eprintln!(
        "demo ready in {:.2} s; goods arrived {:.1} s after start",
        ready_in.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
