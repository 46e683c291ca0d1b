//! `linli`: the desktop app. `linli --demo` starts a demo group on this computer and joins it.

use clap::Parser;
use linli::app::{App, Message, Paths, Screen};
use linli::i18n::Lang;
use linli::settings::Settings;
use linli::speech::Speaker;
use linli_core::store::{Durability, Store};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

#[derive(Parser)]
#[command(
    name = "linli",
    version,
    about = "Linli (邻里): neighbourhood group buying, in large text and read aloud"
)]
struct Args {
    /// Where Linli keeps its data (default: the system's data folder for Linli).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Start a demo group on this computer (a hub on a loopback port) and join it.
    #[arg(long)]
    demo: bool,
    /// Language for this run: zh-CN or en-US (Settings changes it for good).
    #[arg(long)]
    lang: Option<String>,
    /// Open on a screen (for screenshots): deals, order, confirm, done, orders, notices,
    /// help, settings.
    #[arg(long)]
    screen: Option<String>,
    /// Colours for this run: light, dark or yellow (Settings changes them for good).
    #[arg(long)]
    theme: Option<String>,
}

fn main() -> std::process::ExitCode {
    linli::probe::start();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "linli=info,linli_core=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Args::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linli: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let mut dir = match args.data_dir {
        Some(d) => d,
        None => directories::ProjectDirs::from("org", "Linli", "linli")
            .ok_or("no home folder to keep Linli's data in; pass --data-dir")?
            .data_dir()
            .to_path_buf(),
    };
    if args.demo {
        dir = dir.join("demo");
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("can't use {}: {e}", dir.display()))?;
    let paths = Paths {
        settings: dir.join("settings.toml"),
    };
    let (mut settings, note) = Settings::load(&paths.settings);
    if let Some(l) = args.lang.as_deref() {
        settings.lang = match l {
            "en" | "en-US" => Lang::EnUs,
            "zh" | "zh-CN" => Lang::ZhCn,
            other => return Err(format!("unknown language {other:?}: use zh-CN or en-US")),
        };
    }
    if let Some(t) = args.theme {
        if !linli::theme::builtin().iter().any(|p| p.id == t) {
            return Err(format!("unknown theme {t:?}: use light, dark or yellow"));
        }
        settings.theme = t;
    }
    let db = dir.join("linli.db");
    if args.demo {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
    }
    let store = Arc::new(Mutex::new(
        Store::open(&db, Durability::Normal).map_err(|e| e.to_string())?,
    ));
    if args.demo {
        eprintln!("linli: starting the demo group…");
        let url = linli::demo::start(&dir, &store, settings.lang)?;
        eprintln!("linli: demo hub at {url}");
    }
    let screen = args.screen;
    let boot = move || {
        let mut app = App::new(
            store.clone(),
            settings.clone(),
            Speaker::new(),
            Some(paths.clone()),
        );
        app.settings_note = note.clone();
        let task = app.start_sync();
        for m in screen_path(&app, screen.as_deref()) {
            let _ = app.update(m);
        }
        (app, task)
    };
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .font(linli::FONT)
        .default_font(iced::Font::with_name(linli::FONT_NAME))
        .window_size((1280.0, 960.0))
        .run()
        .map_err(|e| e.to_string())
}

/// The steps to a screen, for screenshots and the docs.
fn screen_path(app: &App, screen: Option<&str>) -> Vec<Message> {
    // A deal that stays open while the screenshot is taken (the demo's tomatoes close
    // seconds after start).
    let later = chrono::Utc::now() + chrono::Duration::minutes(10);
    let first = app
        .vm
        .deals
        .iter()
        .find(|d| d.deal.cutoff > later)
        .map(|d| Message::OpenDeal(d.deal.id));
    let order = || first.clone().into_iter().chain([Message::More]);
    match screen {
        Some("order") => order().collect(),
        Some("confirm") => order().chain([Message::Next]).collect(),
        Some("done") => order().chain([Message::Next, Message::Buy]).collect(),
        Some("orders") => vec![Message::Go(Screen::Orders)],
        Some("notices") => vec![Message::Go(Screen::Notices)],
        Some("help") => vec![Message::Go(Screen::Help { sent: false })],
        Some("settings") => vec![Message::Go(Screen::Settings)],
        _ => vec![],
    }
}
