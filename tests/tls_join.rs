//! Joining a hub that serves HTTPS with a self-signed certificate, on the first-run
//! screen in iced_test's simulator against a real hub on loopback: the fingerprint shown
//! large and said, "和邀请单上的一样吗？"; 不一样，停下 joins nothing; 一样，继续 pins it
//! and joins, and the app syncs over HTTPS; later, another certificate stops syncing with
//! words. Plain http to the internet is refused at the address step. The organiser's
//! invite sheet carries the same fingerprint.

mod common;

use chrono::Utc;
use linli::app::{App, Message, SyncEvent};
use linli::basic::{Message as B, Screen};
use linli::system::settings::Settings;
use linli::system::speech::Speaker;
use linli_core::store::Store;
use linli_core::sync::client::{SharedStore, SyncError, Syncer};
use linli_core::sync::tls::Fingerprint;
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{HubStorage, Invites};
use std::sync::{Arc, Mutex};

struct Hub {
    url: String,
    invites: Invites,
    fingerprint: Fingerprint,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// The group's file in a new folder, and a loopback port for its hub.
async fn group_on_loopback() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Arc<dyn HubStorage>,
    Invites,
    tokio::net::TcpListener,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = Arc::new(SqliteHub::open(&db).unwrap());
    let invites = hub
        .create_group("幸福里3号楼", "王阿姨", Utc::now())
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    (dir, db, hub, invites, listener)
}

/// A hub serving HTTPS only on 127.0.0.1 with a self-signed certificate made now.
async fn tls_hub() -> Hub {
    let (dir, db, storage, invites, listener) = group_on_loopback().await;
    linli_hub::tls::write_self_signed(dir.path(), &["127.0.0.1".to_string()]).unwrap();
    let tls = linli_hub::tls::load(
        &dir.path().join(linli_hub::tls::CERT_FILE),
        &dir.path().join(linli_hub::tls::KEY_FILE),
    )
    .unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let fingerprint = tls.fingerprint;
    tokio::spawn(async move {
        linli_hub::serve_tls(listener, storage, std::future::pending(), &tls, false).await
    });
    Hub {
        url,
        invites,
        fingerprint,
        db,
        _dir: dir,
    }
}

fn members(hub: &Hub) -> i64 {
    rusqlite::Connection::open(&hub.db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

fn first_run() -> (App, SharedStore) {
    let store: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    let app = App::new(store.clone(), Settings::default(), Speaker::silent(), None);
    (app, store)
}

/// Clicks `text` and runs what the app asks for one step deep (a join's request; not the
/// sync task a join starts, which runs for ever).
async fn click_and_run(app: &mut App, text: &str) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(app);
        ui.click(text)
            .unwrap_or_else(|e| panic!("can't click {text:?} on {:?}: {e}", app.basic.screen));
        ui.into_messages().collect()
    };
    assert!(!messages.is_empty(), "clicking {text:?} did nothing");
    for m in messages {
        let task = app.update(m);
        for out in common::outputs(task).await {
            let _ = app.update(out);
        }
    }
}

fn fill(app: &mut App, hub: &str, invite: &str, name: &str) {
    let _ = app.update(Message::Basic(B::SetupHub(hub.into())));
    let _ = app.update(Message::Basic(B::SetupInvite(invite.into())));
    let _ = app.update(Message::Basic(B::SetupName(name.into())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_a_self_signed_hub_asks_her_to_compare_the_fingerprint_first() {
    let hub = tls_hub().await;
    let (mut app, store) = first_run();
    fill(&mut app, &hub.url, &hub.invites.member_invite, "李奶奶");
    click_and_run(&mut app, "加入").await;

    // The fingerprint, large in four lines, the question and the two answers.
    assert_eq!(app.basic.screen, Screen::Setup);
    for line in hub.fingerprint.lines() {
        assert!(common::shows(&app, &line), "shows {line}");
    }
    assert!(common::shows(&app, "和邀请单上的一样吗？"));
    assert!(common::shows(&app, "一样，继续"));
    assert!(common::shows(&app, "不一样，停下"));
    let said = app.speaker.last.join(" ");
    assert!(
        said.contains(&hub.fingerprint.spoken()),
        "read aloud digit by digit: {said}"
    );
    assert!(store.lock().unwrap().identity().unwrap().is_none());
    // Enter does not answer for her.
    common::press(
        &mut app,
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
    );
    assert!(app.identity.is_none() && app.basic.setup.trust.is_some());

    // 不一样，停下: nothing joined, the form again with words.
    click_and_run(&mut app, "不一样，停下").await;
    assert!(store.lock().unwrap().identity().unwrap().is_none());
    assert!(app.identity.is_none());
    assert_eq!(members(&hub), 1, "the hub made no member");
    assert!(common::shows(
        &app,
        "已经停下，没有加入。指纹不一样时请先别加入，问问团长，或者请家人看看地址写对了没有。"
    ));
    assert!(common::shows(&app, "加入"), "the form is back");

    // Again, and this time the same: pinned, joined, her deals over HTTPS.
    click_and_run(&mut app, "加入").await;
    assert!(common::shows(&app, "和邀请单上的一样吗？"));
    click_and_run(&mut app, "一样，继续").await;
    let me = store
        .lock()
        .unwrap()
        .identity()
        .unwrap()
        .expect("she joined");
    assert_eq!(me.pin, Some(hub.fingerprint), "the fingerprint is kept");
    assert_eq!(me.hub, hub.url);
    assert_eq!(app.basic.screen, Screen::Deals);
    assert_eq!(members(&hub), 2);
    common::sync_app(&mut app, &store).await;
    assert!(app.status.last_error.is_none(), "{:?}", app.status);

    // The hub's certificate changes (a different pin is the same thing for her computer):
    // syncing stops, nothing is re-pinned, and the sync line says why.
    let mut changed = me.clone();
    changed.pin = Some(Fingerprint([7; 32]));
    store.lock().unwrap().set_identity(&changed).unwrap();
    let syncer = Syncer::new(store.clone()).unwrap();
    let status = syncer.status();
    let err = syncer.sync_once().await.unwrap_err();
    assert!(matches!(err, SyncError::CertificateChanged { .. }));
    let s = status.borrow().clone();
    let _ = app.update(Message::Synced(SyncEvent::Status(s)));
    let line = linli::basic::sync_words(&app.shared());
    assert!(
        line.starts_with(
            "团长电脑的指纹变了，为了安全，先不和团长那边连。请问问团长。您的订单不会丢。"
        ),
        "{line}"
    );
    assert!(common::shows(&app, &line), "the sync line is on her screen");
    assert_eq!(
        store.lock().unwrap().identity().unwrap().unwrap().pin,
        Some(Fingerprint([7; 32]))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_the_internet_is_refused_at_the_address_step() {
    let (mut app, store) = first_run();
    for bad in ["http://8.8.8.8:7878", "http://example.com"] {
        fill(&mut app, bad, "AAAAA-AAAAA-AAAAA-AAAAA", "李奶奶");
        click_and_run(&mut app, "加入").await;
        assert!(
            common::shows(
                &app,
                "这个地址不安全：请用 https:// 开头的地址，或者照邀请单上的地址写。"
            ),
            "{bad}"
        );
        assert!(!app.basic.setup.joining, "nothing is sent");
    }
    fill(
        &mut app,
        "http://exa mple",
        "AAAAA-AAAAA-AAAAA-AAAAA",
        "李奶奶",
    );
    click_and_run(&mut app, "加入").await;
    assert!(common::shows(
        &app,
        "这个地址写得不对：请照邀请单上的地址写，例如 https://192.168.1.20:7878"
    ));
    assert!(store.lock().unwrap().identity().unwrap().is_none());

    // A computer that joined a plain-http hub on the internet before this rule: it no
    // longer syncs, and her sync line says why rather than "can't reach".
    let store: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    store
        .lock()
        .unwrap()
        .set_identity(&linli_core::store::sync::Identity {
            hub: "http://8.8.8.8:7878".into(),
            token: "t".into(),
            member_id: linli_core::model::MemberId::new(),
            group_id: linli_core::model::GroupId::new(),
            role: linli_core::model::Role::Member,
            pin: None,
        })
        .unwrap();
    let mut app = App::new(store.clone(), Settings::default(), Speaker::silent(), None);
    let _ = app.start_sync();
    let line = linli::basic::sync_words(&app.shared());
    assert!(
        line.starts_with("这个地址不安全：请用 https:// 开头的地址"),
        "{line}"
    );
    assert!(common::shows(&app, &line), "the sync line is on her screen");
}

/// The organiser's own app: "I run a group" makes a certificate; the invite page shows
/// its fingerprint with the line to check it, the printed sheet carries it, and a
/// neighbour's computer sees the same one when she joins over HTTPS.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invite_sheet_carries_the_fingerprint_a_neighbour_sees() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (host, me) =
        linli::system::host::Host::create(dir.path(), "幸福里3号楼", "王阿姨", port).unwrap();
    let fp = host.info().fingerprint.expect("a certificate was made");
    assert!(dir.path().join("hub-cert.pem").exists());
    assert_eq!(me.pin, Some(fp));

    let i18n = linli::i18n::I18n::new(linli::i18n::Lang::ZhCn);
    let pdf =
        linli_print::invite_pdf(&linli::files::pdf::invite_sheet(&i18n, host.info())).unwrap();
    let path = dir.path().join("invite.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(out.stdout).unwrap();
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    for line in fp.lines() {
        assert!(squeeze(&text).contains(&squeeze(&line)), "{line}: {text}");
    }
    assert!(squeeze(&text).contains("加入时请核对这串指纹"), "{text}");
    assert!(text.contains("https://"), "{text}");

    // A neighbour's computer, joining by the address on the sheet (here over loopback).
    let neighbour: SharedStore = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    let err = linli_core::sync::client::join(
        &neighbour,
        &format!("https://127.0.0.1:{port}"),
        &host.info().member_invite,
        "李奶奶",
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, SyncError::Untrusted { fingerprint } if fingerprint == fp),
        "the same fingerprint as on the sheet: {err:?}"
    );
}

/// A hub serving plain HTTP only on 127.0.0.1 (as `linli-hub serve` without a certificate).
async fn plain_hub() -> Hub {
    let (dir, db, storage, invites, listener) = group_on_loopback().await;
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(linli_hub::serve(listener, storage, std::future::pending()));
    Hub {
        url,
        invites,
        fingerprint: Fingerprint([0; 32]),
        db,
        _dir: dir,
    }
}

/// An address typed as it is on the invite sheet, without http:// or https://: a hub that
/// speaks only plain HTTP on her network is reached (https:// tried first, then http://),
/// and a hub that speaks HTTPS is asked about over HTTPS (its fingerprint question).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_typed_without_http_joins_a_hub_that_speaks_either() {
    let hub = plain_hub().await;
    let typed = hub.url.trim_start_matches("http://").to_string();
    assert!(typed.starts_with("127.0.0.1:"), "{typed}");
    let (mut app, store) = first_run();
    fill(&mut app, &typed, &hub.invites.member_invite, "李奶奶");
    click_and_run(&mut app, "加入").await;
    let me = store
        .lock()
        .unwrap()
        .identity()
        .unwrap()
        .unwrap_or_else(|| panic!("she joined: {:?}", app.basic.setup));
    assert_eq!(me.hub, hub.url, "over plain http, the one it speaks");
    assert_eq!(app.basic.screen, Screen::Deals);
    assert_eq!(members(&hub), 2);
    common::sync_app(&mut app, &store).await;
    assert!(app.status.last_error.is_none(), "{:?}", app.status);

    let hub = tls_hub().await;
    let typed = hub.url.trim_start_matches("https://").to_string();
    let (mut app, store) = first_run();
    fill(&mut app, &typed, &hub.invites.member_invite, "李奶奶");
    click_and_run(&mut app, "加入").await;
    assert!(
        common::shows(&app, "和邀请单上的一样吗？"),
        "https first: {:?}",
        app.basic.setup
    );
    click_and_run(&mut app, "一样，继续").await;
    let me = store
        .lock()
        .unwrap()
        .identity()
        .unwrap()
        .expect("she joined");
    assert_eq!(me.hub, hub.url);
    assert_eq!(me.pin, Some(hub.fingerprint));

    // Nothing listening there: her sentence says what to do next, in her words; the
    // network's words are only on the small line for a family member.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let (mut app, store) = first_run();
    fill(
        &mut app,
        &format!("127.0.0.1:{port}"),
        "AAAAA-AAAAA-AAAAA-AAAAA",
        "李奶奶",
    );
    click_and_run(&mut app, "加入").await;
    let said =
        "连不上团长那边的电脑。请看看地址和邀请单上的一样不一样，团长的电脑开着没有，再按“加入”。";
    assert!(common::shows(&app, said), "{:?}", app.basic.setup);
    assert_eq!(
        app.speaker.last,
        vec![said.to_string()],
        "and said, without the detail"
    );
    let detail = app
        .basic
        .setup
        .detail
        .clone()
        .expect("the technical words are kept");
    assert!(
        common::shows(&app, &format!("给家人看：{detail}")),
        "apart, for a family member"
    );
    assert!(detail.contains("can't reach"), "{detail}");
    assert!(store.lock().unwrap().identity().unwrap().is_none());
}
