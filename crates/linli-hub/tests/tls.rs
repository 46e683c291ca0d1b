//! HTTPS (issue 11): a hub serving a self-signed certificate made at test time on
//! loopback. A device with the right fingerprint pinned joins, orders and pulls; without
//! a pin it is told the exact fingerprint; with a wrong one it is refused and sends
//! nothing. The binary serves `/v1/health` over https with `--tls-cert/--tls-key`, makes
//! a certificate with `linli-hub cert`, and refuses to start with a missing key.

mod common;

use chrono::{Duration, Utc};
use common::{Device, publish};
use linli_core::model::Role;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, HubClient, SyncError};
use linli_core::sync::protocol::Verdict;
use linli_core::sync::tls::{Fingerprint, client_config};
use linli_hub::storage::sqlite::SqliteHub;
use linli_hub::storage::{HubStorage, Invites};
use linli_hub::tls::HubTls;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tempfile::TempDir;
use tokio::sync::oneshot;

const BIN: &str = env!("CARGO_BIN_EXE_linli-hub");

/// A hub serving HTTPS only, on 127.0.0.1, with a certificate made now.
struct TlsHub {
    url: String,
    db: PathBuf,
    invites: Invites,
    tls: HubTls,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: TempDir,
}

impl TlsHub {
    async fn start(also_plain: bool) -> TlsHub {
        let dir = tempfile::tempdir().unwrap();
        let fp = linli_hub::tls::write_self_signed(
            dir.path(),
            &["127.0.0.1".to_string(), "localhost".to_string()],
        )
        .unwrap();
        let tls = linli_hub::tls::load(
            &dir.path().join(linli_hub::tls::CERT_FILE),
            &dir.path().join(linli_hub::tls::KEY_FILE),
        )
        .unwrap();
        assert_eq!(
            tls.fingerprint, fp,
            "the fingerprint made is the one served"
        );
        let db = dir.path().join("hub.db");
        let invites = SqliteHub::open(&db)
            .unwrap()
            .create_group("幸福里3号楼", "王阿姨", Utc::now())
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let storage: Arc<dyn HubStorage> = Arc::new(SqliteHub::open(&db).unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let served = tls.clone();
        let task = tokio::spawn(async move {
            linli_hub::serve_tls(
                listener,
                storage,
                async {
                    let _ = rx.await;
                },
                &served,
                also_plain,
            )
            .await
        });
        TlsHub {
            url,
            db,
            invites,
            tls,
            stop: Some(tx),
            task: Some(task),
            _dir: dir,
        }
    }

    fn fingerprint(&self) -> Fingerprint {
        self.tls.fingerprint
    }

    /// Members the hub's file knows (read beside the running hub).
    fn members(&self) -> i64 {
        let c = rusqlite::Connection::open(&self.db).unwrap();
        c.query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))
            .unwrap()
    }

    async fn counters(&self) -> serde_json::Value {
        let http = pinned_http(self.fingerprint());
        http.get(format!("{}/v1/health", self.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// A plain reqwest client trusting exactly `pin`.
fn pinned_http(pin: Fingerprint) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(client_config(Some(pin), Default::default()))
        .build()
        .unwrap()
}

async fn device(url: &str, pin: Option<Fingerprint>, invite: &str, name: &str) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linli.db");
    let store = Arc::new(Mutex::new(Store::open(&path, Durability::Normal).unwrap()));
    let id = client::join_pinned(&store, url, pin, invite, name)
        .await
        .unwrap();
    Device::from_parts(store, id, path, dir)
}

/// (a) The right pin: the organiser and a member join over HTTPS, an order goes up and
/// the organiser pulls it; the pin is kept with each identity.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_with_the_right_fingerprint_joins_pushes_and_pulls() {
    let hub = TlsHub::start(false).await;
    let fp = Some(hub.fingerprint());
    let boss = device(&hub.url, fp, &hub.invites.organiser_invite, "王阿姨").await;
    assert_eq!(boss.id.role, Role::Organiser);
    let gran = device(&hub.url, fp, &hub.invites.member_invite, "李奶奶").await;
    assert_eq!(gran.id.pin, fp, "the pin is saved with her identity");
    assert_eq!(
        gran.store.lock().unwrap().identity().unwrap().unwrap().pin,
        fp,
        "and read back from her store"
    );

    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    gran.syncer().sync_once().await.unwrap();
    let open = gran
        .store
        .lock()
        .unwrap()
        .open_deals(gran.id.group_id)
        .unwrap();
    assert_eq!(open.len(), 1, "the deal reached her over HTTPS");
    let order = gran.order(deal.id, 2).unwrap();
    let report = gran.syncer().sync_once().await.unwrap();
    assert_eq!(report.answered[0].verdict, Verdict::Applied);
    boss.syncer().sync_once().await.unwrap();
    let seen = boss.store.lock().unwrap().orders_of_deal(deal.id).unwrap();
    assert_eq!((seen.len(), seen[0].id, seen[0].qty), (1, order.id, 2));
}

/// (b) No pin and a self-signed hub: refused, and the error carries the exact
/// fingerprint the hub serves, for her to compare with the invite sheet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_pin_the_error_carries_the_hubs_fingerprint() {
    let hub = TlsHub::start(false).await;
    let store = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    let err = client::join(&store, &hub.url, &hub.invites.member_invite, "李奶奶")
        .await
        .unwrap_err();
    match err {
        SyncError::Untrusted { fingerprint } => assert_eq!(fingerprint, hub.fingerprint()),
        other => panic!("expected an untrusted certificate, got {other:?}"),
    }
    assert!(
        store.lock().unwrap().identity().unwrap().is_none(),
        "nothing joined"
    );
    assert_eq!(
        hub.members(),
        1,
        "the hub made no member (the organiser only)"
    );
    // The same from any request, not only joining.
    let err = HubClient::new(&hub.url)
        .unwrap()
        .pull(0, 10, 0)
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::Untrusted { fingerprint } if fingerprint == hub.fingerprint())
    );
    // Its words name the fingerprint as it is printed on the invite sheet.
    assert!(err.to_string().contains(&hub.fingerprint().to_string()));
}

/// (c) A wrong pin (a changed certificate): refused before anything is sent — no member
/// made, no command applied, the order still waiting, and the status says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_fingerprint_is_refused_and_nothing_is_sent() {
    let hub = TlsHub::start(false).await;
    let wrong = Fingerprint([0x42; 32]);
    let store = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    let err = client::join_pinned(
        &store,
        &hub.url,
        Some(wrong),
        &hub.invites.member_invite,
        "李奶奶",
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, SyncError::CertificateChanged { pinned, presented }
            if pinned == wrong && presented == hub.fingerprint()),
        "{err:?}"
    );
    assert_eq!(hub.members(), 1, "no member was made");
    assert!(store.lock().unwrap().identity().unwrap().is_none());

    // A device that joined with the right pin, whose hub now shows another certificate.
    let fp = Some(hub.fingerprint());
    let boss = device(&hub.url, fp, &hub.invites.organiser_invite, "王阿姨").await;
    let (_, deal) = publish(&boss, 30, 5, Duration::hours(10)).await;
    let gran = device(&hub.url, fp, &hub.invites.member_invite, "李奶奶").await;
    gran.syncer().sync_once().await.unwrap();
    let applied = hub.counters().await["commands"]["applied"]
        .as_u64()
        .unwrap();
    let mut id = gran.id.clone();
    id.pin = Some(wrong);
    gran.store.lock().unwrap().set_identity(&id).unwrap();
    gran.order(deal.id, 1).unwrap();
    let syncer = gran.syncer();
    let status = syncer.status();
    let err = syncer.sync_once().await.unwrap_err();
    assert!(
        matches!(err, SyncError::CertificateChanged { .. }),
        "{err:?}"
    );
    assert!(
        status.borrow().certificate_changed,
        "the screen is told why"
    );
    assert_eq!(gran.pending(), 1, "her order still waits on her computer");
    let after = hub.counters().await["commands"]["applied"]
        .as_u64()
        .unwrap();
    assert_eq!(after, applied, "the hub received nothing");
    assert_eq!(
        gran.store.lock().unwrap().identity().unwrap().unwrap().pin,
        Some(wrong),
        "and nothing was re-pinned"
    );
}

/// The join limiter still sees each caller's address over TLS (ConnectInfo), graceful
/// shutdown frees the port, and plain HTTP gets a sentence, not a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_the_limiter_sees_addresses_and_shutdown_is_graceful() {
    let mut hub = TlsHub::start(false).await;
    let c = HubClient::pinned(&hub.url, Some(hub.fingerprint())).unwrap();
    let mut last = None;
    for _ in 0..11 {
        last = Some(c.join("AAAAA-AAAAA-AAAAA-AAAAA", "x").await.unwrap_err());
    }
    assert!(
        matches!(last, Some(SyncError::Hub { status: 429, .. })),
        "{last:?}"
    );

    let plain = reqwest::get(hub.url.replace("https://", "http://"))
        .await
        .unwrap();
    assert_eq!(plain.status(), 400);
    assert!(plain.text().await.unwrap().contains("https://"));

    let addr = hub.url.trim_start_matches("https://").to_string();
    let _ = hub.stop.take().unwrap().send(());
    hub.task.take().unwrap().await.unwrap().unwrap();
    // The accept loop lets go of the port once the server stopped.
    let t0 = Instant::now();
    while std::net::TcpListener::bind(&addr).is_err() {
        assert!(t0.elapsed().as_secs() < 5, "the port stayed taken");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The organiser's in-app hub answers both: HTTPS for new devices, plain HTTP on the
/// local network for devices that joined before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_that_also_takes_plain_http_serves_both_on_one_port() {
    let hub = TlsHub::start(true).await;
    let plain_url = hub.url.replace("https://", "http://");
    let old = Device::join(&plain_url, &hub.invites.member_invite, "老邻居").await;
    old.syncer().sync_once().await.unwrap();
    let new = device(
        &hub.url,
        Some(hub.fingerprint()),
        &hub.invites.member_invite,
        "新邻居",
    )
    .await;
    new.syncer().sync_once().await.unwrap();
    assert_eq!(hub.members(), 3);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(args: &[&str], dirs: &[&Path]) -> std::process::Output {
    let mut c = Command::new(BIN);
    c.args(args);
    for d in dirs {
        c.arg(d);
    }
    c.output().unwrap()
}

/// (e) The binary: `cert` prints the fingerprint; `serve --tls-cert --tls-key` logs the
/// same one and answers `/v1/health` over https; a missing key stops the start in words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_makes_a_certificate_and_serves_https_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let certs = dir.path().join("certs");
    let out = Command::new(BIN)
        .args([
            "cert",
            "--host",
            "127.0.0.1",
            "--host",
            "localhost",
            "--out",
        ])
        .arg(&certs)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Four lines of four groups of four hex digits, after the heading.
    let lines: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Fingerprint"))
        .skip(1)
        .take(4)
        .map(str::trim)
        .collect();
    let fp: Fingerprint = lines.join(" ").parse().expect(&stdout);
    let cert = certs.join("hub-cert.pem");
    let key = certs.join("hub-key.pem");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key is hers alone");
    }
    // A second run would change every device's fingerprint: refused.
    let again = run(&["cert", "--host", "x", "--out"], &[&certs]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let db = dir.path().join("hub.db");
    let made = run(
        &[
            "group",
            "create",
            "--name",
            "幸福里3号楼",
            "--organiser",
            "王阿姨",
            "--db",
        ],
        &[&db],
    );
    assert!(made.status.success());

    // A missing key: the start is refused, saying which file.
    let missing = dir.path().join("nope.pem");
    let bad = Command::new(BIN)
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let words = String::from_utf8_lossy(&bad.stderr);
    assert!(
        words.contains("can't read the key file") && words.contains("nope.pem"),
        "{words}"
    );
    // One without the other: refused by the command line.
    let half = Command::new(BIN)
        .args(["serve", "--db"])
        .arg(&db)
        .arg("--tls-cert")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(!half.status.success());
    assert!(String::from_utf8_lossy(&half.stderr).contains("--tls-key"));
    // A key that is not a key.
    let bad_key = Command::new(BIN)
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(!bad_key.status.success());
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("no private key"));

    let port = free_port();
    let log = dir.path().join("hub.log");
    let mut child = Command::new(BIN)
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .unwrap();
    let http = pinned_http(fp);
    let t0 = Instant::now();
    let health = loop {
        match http
            .get(format!("https://127.0.0.1:{port}/v1/health"))
            .send()
            .await
        {
            Ok(r) => break r,
            Err(_) => {
                assert!(t0.elapsed().as_secs() < 20, "hub did not start");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    };
    assert!(health.status().is_success());
    let v: serde_json::Value = health.json().await.unwrap();
    assert!(v["commands"]["applied"].is_u64(), "{v}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains(&fp.to_string()), "{logged}");
    assert!(
        logged.contains(&format!("https://127.0.0.1:{port}")),
        "{logged}"
    );

    // SIGTERM stops it cleanly (Unix; on Windows scripts/check-windows stops the hub with
    // Ctrl-C in a console of its own, which a test's child process does not have).
    if cfg!(unix) {
        let _ = Command::new("kill")
            .arg(child.id().to_string())
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        assert!(
            std::fs::read_to_string(&log)
                .unwrap()
                .contains("stopped cleanly")
        );
    } else {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
