//! Time to first frame and peak memory of the app, beside an empty iced window on the same
//! machine (what any iced app costs at least); also the app with a stuck speech service (a
//! socket that accepts and never answers, through SPEECHD_ADDRESS), which once cost 2 s.
//! Needs a display: run it as `xvfb-run -a cargo bench --bench startup`. Each figure is the
//! median of 5 runs.

use chrono::Utc;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, Syncer};
use linli_hub::storage::HubStorage;
use linli_hub::storage::sqlite::SqliteHub;
use std::process::Command;
use std::sync::{Arc, Mutex};

const RUNS: usize = 5;

fn empty_view(_: &()) -> iced::Element<'_, ()> {
    iced::widget::text("").into()
}

/// This same binary, run with `--empty-window`, is the baseline: an iced window with
/// nothing in it, reporting on its first frame like the app does.
fn empty_window() {
    linli::system::probe::start();
    let _ = iced::application(
        || ((), iced::Task::none()),
        |_: &mut (), _: ()| {
            linli::system::probe::report();
            iced::exit()
        },
        empty_view,
    )
    .subscription(|_: &()| iced::window::frames().map(|_| ()))
    .window_size((1280.0, 960.0))
    .run();
}

fn figures(out: &[u8]) -> (f64, f64) {
    let s = String::from_utf8_lossy(out);
    let line = s
        .lines()
        .find(|l| l.starts_with("first_frame_ms="))
        .unwrap_or_else(|| panic!("no figures in {s:?}"));
    let (mut ms, mut kib) = (0.0, 0.0);
    for part in line.split_whitespace() {
        if let Some(v) = part.strip_prefix("first_frame_ms=") {
            ms = v.parse().unwrap();
        }
        if let Some(v) = part.strip_prefix("peak_rss_kib=") {
            kib = v.parse().unwrap();
        }
    }
    (ms, kib)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--empty-window") {
        return empty_window();
    }
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("startup bench: no display; run it under xvfb-run");
        return;
    }
    // A member's data folder, joined and synced with a hub that keeps running meanwhile.
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hub = Arc::new(SqliteHub::open(dir.path().join("hub.db")).unwrap());
    let inv = hub
        .create_group("幸福里3号楼", "王阿姨", Utc::now())
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let storage: Arc<dyn HubStorage> = hub.clone();
    rt.spawn(linli_hub::serve(listener, storage, std::future::pending()));
    let data = dir.path().join("member");
    std::fs::create_dir_all(&data).unwrap();
    let store = Arc::new(Mutex::new(
        Store::open(data.join("linli.db"), Durability::Normal).unwrap(),
    ));
    rt.block_on(client::join(&store, &url, &inv.member_invite, "李奶奶"))
        .unwrap();
    rt.block_on(Syncer::new(store.clone()).unwrap().sync_once())
        .unwrap();
    drop(store);

    // A speech service that takes connections and never answers.
    let sock = dir.path().join("stuck-speechd.sock");
    let stuck = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in stuck.incoming().flatten() {
            held.push(c);
        }
    });

    let me = std::env::current_exe().unwrap();
    let app = env!("CARGO_BIN_EXE_linli");
    let (mut base_ms, mut base_kib, mut our_ms, mut our_kib) = (vec![], vec![], vec![], vec![]);
    let mut stuck_ms = vec![];
    for _ in 0..RUNS {
        let out = Command::new(app)
            .arg("--data-dir")
            .arg(&data)
            .env("LINLI_PROBE", "1")
            .env("SPEECHD_ADDRESS", format!("unix_socket:{}", sock.display()))
            .output()
            .unwrap();
        stuck_ms.push(figures(&out.stdout).0);
        let out = Command::new(&me).arg("--empty-window").output().unwrap();
        let (ms, kib) = figures(&out.stdout);
        base_ms.push(ms);
        base_kib.push(kib);
        let out = Command::new(app)
            .arg("--data-dir")
            .arg(&data)
            .env("LINLI_PROBE", "1")
            .output()
            .unwrap();
        let (ms, kib) = figures(&out.stdout);
        our_ms.push(ms);
        our_kib.push(kib);
    }
    let (bm, bk) = (median(base_ms), median(base_kib));
    let (om, ok) = (median(our_ms), median(our_kib));
    println!("start-up to first frame, median of {RUNS} runs (1280x960 window):");
    println!(
        "  empty iced window : {bm:>7.1} ms  {:>7.1} MiB peak",
        bk / 1024.0
    );
    println!(
        "  linli, basic mode : {om:>7.1} ms  {:>7.1} MiB peak   ({:.2}x the time, {:.2}x the memory)",
        ok / 1024.0,
        om / bm,
        ok / bk
    );
    let sm = median(stuck_ms);
    println!(
        "  linli, speech stuck: {sm:>6.1} ms               ({:.2}x the time; it used to wait 2 s)",
        sm / bm
    );
}
