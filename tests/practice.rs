//! Practice (练一练) in the real app (iced_test's simulator): from Help she enters a practice
//! group of its own (a demo hub on loopback, a store in a fresh folder), sees and hears that
//! it is practice, orders the whole way to done, and goes back to her real group as it was,
//! its store file unchanged byte for byte; from first run, practice returns to the setup
//! form. And the large-print guide, read back with pdftotext in both languages.

mod common;

use chrono::Duration;
use common::{Offer, World, char_key, click, pdf_text, press, shows};
use iced::futures::StreamExt;
use linli::app::{App, Paths};
use linli::basic::{Message as B, Screen};
use linli::i18n::{I18n, Lang};
use linli::system::settings::Settings;
use linli::system::speech::Speaker;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::SharedStore;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const BANNER: &str = "练习 · 这里买的东西不算数";
const LEAVE: &str = "回到真的团";

/// The store's file, and its bytes with those of its write-ahead log (what a write would
/// change; the shared-memory index is not data).
fn file_of(store: &SharedStore) -> PathBuf {
    store
        .lock()
        .unwrap()
        .read(|c| Ok::<_, ()>(c.path().map(PathBuf::from)))
        .unwrap()
        .expect("a store on disk")
}

fn bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (
        std::fs::read(db).unwrap(),
        std::fs::read(&wal).unwrap_or_default(),
    )
}

/// Runs `task` to its end (or a second's silence), as iced would; returns its messages.
async fn messages_of(task: iced::Task<linli::app::Message>) -> Option<usize> {
    let stream = iced_runtime::task::into_stream(task)?;
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.count())
        .await
        .expect("an aborted task ends at once");
    Some(n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_from_help_orders_on_its_own_group_and_her_real_store_is_untouched() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8))],
        Settings::default(),
    )
    .await;
    // Her real order, confirmed by her real hub.
    click(&mut w.app, "西红柿");
    click(&mut w.app, "＋ 多一点");
    click(&mut w.app, "确定 ⏎");
    click(&mut w.app, "1  确定");
    w.sync().await;
    click(&mut w.app, "回到首页 ⏎");
    assert!(shows(&w.app, "您订了 2 斤"));
    let real_me = w.app.identity.clone().unwrap();
    let real_vm_orders = w.app.vm.orders.len();
    let real_news = w.app.announcement.clone();
    assert!(real_news.is_some());
    // Her real sync runs (as in the app); practice stops it.
    let real_sync = w.app.start_sync();
    let db = file_of(&w.store);
    let before = bytes(&db);

    click(&mut w.app, "请人帮忙");
    assert!(!shows(&w.app, BANNER));
    click(&mut w.app, "练一练");
    assert!(w.app.practising());
    let dir = w.app.practice.as_ref().unwrap().dir.clone();
    assert!(dir.join("linli.db").exists() && dir.join("demo-hub.db").exists());
    assert_ne!(file_of(&w.app.store), db, "a store of its own");
    assert_eq!(w.app.basic.screen, Screen::Deals);
    assert!(shows(&w.app, BANNER), "the banner says it is practice");
    assert!(shows(&w.app, LEAVE), "and shows the way back");
    assert!(shows(&w.app, "土鸡蛋"), "the practice group's deals");
    assert_ne!(w.app.identity.as_ref().unwrap().hub, real_me.hub);
    // Her real sync task ends without running again.
    assert!(messages_of(real_sync).await.is_some());

    // Read aloud starts with the practice words.
    press(&mut w.app, char_key("r"));
    assert_eq!(w.app.speaker.last.first().map(String::as_str), Some(BANNER));

    // An order the whole way: deal, how many, confirm, done — on the practice hub.
    click(&mut w.app, "土鸡蛋");
    assert!(matches!(w.app.basic.screen, Screen::Order(_)));
    assert!(shows(&w.app, BANNER), "on every screen");
    click(&mut w.app, "确定 ⏎");
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    assert!(shows(&w.app, BANNER));
    click(&mut w.app, "1  确定");
    assert!(matches!(w.app.basic.screen, Screen::Done(_)));
    assert!(shows(
        &w.app,
        "1 盒土鸡蛋，共 ¥12.90。正在发给团长，确认后会告诉您。"
    ));
    let practice_store = w.app.store.clone();
    common::sync_app(&mut w.app, &practice_store).await;
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("土鸡蛋：团长那边已经收到了"),
        "the practice hub answered"
    );
    click(&mut w.app, "请人帮忙");
    assert!(shows(&w.app, BANNER), "Help too");

    // Back to her real group: where she left it, with her data.
    click(&mut w.app, LEAVE);
    assert!(!w.app.practising());
    assert!(!shows(&w.app, BANNER));
    assert_eq!(w.app.basic.screen, Screen::Help { sent: false });
    assert_eq!(w.app.identity.as_ref(), Some(&real_me));
    assert_eq!(file_of(&w.app.store), db);
    assert_eq!(w.app.speaker.last, vec!["练习结束了，这是您自己的团。"]);
    assert_eq!(
        w.app.announcement, real_news,
        "her news, not the practice hub's"
    );
    click(&mut w.app, "← 返回");
    assert_eq!(w.app.basic.screen, Screen::Deals);
    assert!(shows(&w.app, "您订了 2 斤"));
    assert!(shows(&w.app, "¥3.80 一斤 · 还剩 18 斤"));
    assert!(!shows(&w.app, "土鸡蛋"), "nothing of the practice group");
    assert_eq!(w.app.vm.orders.len(), real_vm_orders);
    assert!(!dir.exists(), "the temp practice folder is gone");
    assert_eq!(
        bytes(&db),
        before,
        "her real store is unchanged byte for byte"
    );
    // Nothing reached her real group's hub.
    w.sync().await;
    let mine: Vec<_> = w.app.vm.orders.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(mine, ["西红柿"]);
}

/// A fresh App over an on-disk store in `dir` that has not joined a group.
fn first_run(dir: &Path) -> (App, SharedStore) {
    let store: SharedStore = Arc::new(Mutex::new(
        Store::open(dir.join("linli.db"), Durability::Normal).unwrap(),
    ));
    let paths = Paths {
        settings: dir.join("settings.toml"),
        dir: dir.to_path_buf(),
    };
    let app = App::new(
        store.clone(),
        Settings::default(),
        Speaker::silent(),
        Some(paths),
    );
    (app, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_on_first_run_returns_to_the_setup_form_and_starts_afresh_each_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut app, store) = first_run(tmp.path());
    assert_eq!(app.basic.screen, Screen::Setup);
    let _ = app.update(linli::app::Message::Basic(B::SetupName("李奶奶".into())));
    let db = file_of(&store);
    let before = bytes(&db);

    click(&mut app, "练一练");
    assert!(app.practising());
    let dir = tmp.path().join("practice");
    assert_eq!(
        app.practice.as_ref().unwrap().dir,
        dir,
        "<data dir>/practice"
    );
    assert!(dir.join("linli.db").exists() && dir.join("demo-hub.db").exists());
    assert_eq!(app.basic.screen, Screen::Deals);
    assert!(shows(&app, BANNER));
    // She changes the size while practising: it stays there.
    let _ = app.update(linli::app::Message::Basic(B::SetZoom(150)));
    assert_eq!(app.settings.zoom, 150);
    assert!(dir.join("settings.toml").exists());
    assert!(!tmp.path().join("settings.toml").exists());
    // An order in the practice group.
    click(&mut app, "土鸡蛋");
    click(&mut app, "确定 ⏎");
    click(&mut app, "1  确定");
    assert!(matches!(app.basic.screen, Screen::Done(_)));
    let ordered = app.vm.orders.len();

    click(&mut app, LEAVE);
    assert!(!app.practising());
    assert_eq!(
        app.basic.screen,
        Screen::Setup,
        "back to the first-run form"
    );
    assert_eq!(app.basic.setup.name, "李奶奶", "as she left it");
    assert_eq!(app.identity, None);
    assert_eq!(app.settings.zoom, Settings::default().zoom, "her own size");
    assert!(!tmp.path().join("settings.toml").exists());
    assert_eq!(bytes(&db), before, "her store is unchanged byte for byte");

    // Again: a fresh practice group, without the last one's order.
    click(&mut app, "练一练");
    assert!(app.practising());
    assert_eq!(app.vm.orders.len(), ordered - 1, "the egg order is gone");
    assert!(app.vm.orders.iter().all(|l| l.name != "土鸡蛋"));
    // And practising again while practising starts over too.
    let hub = app.identity.as_ref().unwrap().hub.clone();
    let _ = app.update(linli::app::Message::Basic(B::Practise));
    assert_ne!(
        app.identity.as_ref().unwrap().hub,
        hub,
        "a new practice hub"
    );
    click(&mut app, LEAVE);
    assert_eq!(app.basic.screen, Screen::Setup);
    assert_eq!(bytes(&db), before);
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Every step of the guide (and its title) is in `text`, in order.
fn has_the_guide(text: &str, lang: Lang) {
    let i = I18n::new(lang);
    let mut at = 0;
    for id in std::iter::once("guide-title").chain(linli::files::pdf::GUIDE_STEPS) {
        let words = squeeze(&i.t(id));
        let found = text[at..]
            .find(&words)
            .unwrap_or_else(|| panic!("{id} ({words}) missing after {at} in {text}"));
        at += found + words.len();
    }
}

#[test]
fn linli_print_guide_writes_the_large_print_guide_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    for (lang, tag) in [(Lang::ZhCn, "zh-CN"), (Lang::EnUs, "en-US")] {
        let out = tmp.path().join(format!("guide-{tag}.pdf"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
            .args(["print", "guide", "--lang", tag, "--out"])
            .arg(&out)
            .arg("--data-dir")
            .arg(tmp.path().join("data"))
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = pdf_text(&out);
        has_the_guide(&text, lang);
    }
    let zh = pdf_text(&tmp.path().join("guide-zh-CN.pdf"));
    for words in [
        "按“确定”",
        "取货码",
        "按“朗读”",
        "按“练一练”",
        "按“回到真的团”",
    ] {
        assert!(zh.contains(words), "{words}: {zh}");
    }
    let en = pdf_text(&tmp.path().join("guide-en-US.pdf"));
    for words in [
        "press\"That'sright\"",
        "pickupcode",
        "press\"Readaloud\"",
        "press\"Practice\"",
        "\"Backtomyrealgroup\"",
    ] {
        assert!(en.contains(words), "{words}: {en}");
    }
    assert!(
        !tmp.path().join("data").join("linli.db").exists(),
        "the guide needs no group"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_prints_the_guide_and_says_where_it_is() {
    let mut w = World::new(
        &[Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8))],
        Settings::default(),
    )
    .await;
    click(&mut w.app, "请人帮忙");
    click(&mut w.app, "打印大字说明书");
    let news = w.app.announcement.clone().unwrap();
    let file = news.strip_prefix("已经存好：").expect(&news);
    assert!(file.ends_with("guide-zh-CN.pdf"), "{file}");
    has_the_guide(&pdf_text(Path::new(file)), Lang::ZhCn);
}
