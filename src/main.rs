//! `linli`: the desktop app. `linli --demo` starts a demo group on this computer and joins it
//! as a member; `linli --demo organiser` as its organiser. `linli print
//! sort-sheet|order-form|slip|invite|guide …` prints, `linli export --out FOLDER` writes the
//! figures as CSV files and `linli my-data` what the group holds about the member (JSON and
//! CSV), without a window.

// The Windows release app opens no console window beside hers; started from a console, it
// attaches to that one (see `attach_console`).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use clap::{Parser, Subcommand};
use linli::advanced::PrintJob;
use linli::app::{App, Message, Paths};
use linli::basic::Message as B;
use linli::i18n::Lang;
use linli::system::settings::Settings;
use linli::system::speech::Speaker;
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
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Where Linli keeps its data (default: the system's data folder for Linli).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Start a demo group on this computer (a hub on a loopback port) and join it: as a
    /// member (`--demo`) or as its organiser (`--demo organiser`); `--demo volunteer` and
    /// `--demo coordinator` join the organiser's demo group as a new volunteer, or as a
    /// neighbour the organiser names elderly coordinator.
    #[arg(long, global = true, num_args = 0..=1, default_missing_value = "member", value_parser = ["member", "organiser", "volunteer", "coordinator"])]
    demo: Option<String>,
    /// Language for this run: zh-CN or en-US (Settings changes it for good).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Open on a screen (for screenshots): deals, order, confirm, done, orders, complain, notices,
    /// help, help-claimed, helping, settings, voice, mydata, mydata-ask, mydata-sure, setup, tips,
    /// tips-write, suggest; the organiser's today, deals, sorting, arrival, desk, invite, …,
    /// neighbours (-tips, -people); `practice` (the practice group) or `practice-<screen>` (a
    /// screen there).
    #[arg(long)]
    screen: Option<String>,
    /// Colours for this run: light, dark or yellow (Settings changes them for good).
    #[arg(long)]
    theme: Option<String>,
    /// The window's size for this run, in logical pixels (e.g. 1366x768), to see Linli as
    /// on that screen; not remembered. Without it the first start opens maximised and later
    /// starts at the size she left it.
    #[arg(long, value_name = "WIDTHxHEIGHT", value_parser = linli::system::window::parse_size)]
    window: Option<iced::Size>,
    /// Text size for this run, in percent: 100 to 200 (Settings changes it for good); the
    /// "large text" menu entries start with 150.
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u16).range(100..=200))]
    text_size: Option<u16>,
    /// How the window is drawn: auto (the graphics card, unless it failed here before or
    /// fails a quick test), software (compatible mode: slower, works everywhere; the
    /// "compatible mode" menu entries start with it) or gpu (the graphics card regardless).
    /// Default: the settings' (auto).
    #[arg(long, value_enum)]
    renderer: Option<linli::system::renderer::Choice>,
    /// Tests the graphics card and exits (run by Linli itself in a child process).
    #[arg(long, hide = true)]
    probe_gpu: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print without a window (a PDF file).
    Print {
        #[command(subcommand)]
        what: PrintCmd,
    },
    /// Write the figures and the group's books as CSV files (UTF-8 with a BOM, so Excel
    /// and WPS show Chinese), one per table, header in the chosen language.
    Export {
        /// The folder to write into (made if missing).
        #[arg(long)]
        out: PathBuf,
        /// Which days: this week (Monday to today), the 28 days to today, or all.
        #[arg(long, value_parser = ["week", "4weeks", "all"], default_value = "all")]
        range: String,
    },
    /// Write what the group holds about the member of this data folder: my-data.json and
    /// one CSV file per table (UTF-8 with a BOM, header in the chosen language).
    MyData {
        /// The folder to write into (made if missing); default my-data-YYYY-MM-DD in the
        /// data folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Join a group without a window (over a remote shell, in a script): then one full
    /// catch-up. Exit code 0 joined; 1 the hub could not be reached or refused (a wrong
    /// code); 2 this data folder can't (joined already, a refused address or name); 3 the
    /// hub's certificate needs confirming (--fingerprint).
    Join {
        /// The hub's address, as on the invite sheet (e.g. 192.168.1.20:7878).
        #[arg(long)]
        hub: String,
        /// The invite code, or the link code the organiser printed for her.
        #[arg(long)]
        invite: String,
        /// Her name as the group will see it (a link code keeps the name the organiser
        /// gave her).
        #[arg(long)]
        name: String,
        /// The hub's certificate fingerprint from the invite sheet, for a hub with a
        /// self-signed certificate.
        #[arg(long)]
        fingerprint: Option<String>,
    },
    /// One full catch-up with the group's hub without a window: sends what waits, receives
    /// everything new, says what and how long it took. Exit codes as for `join`.
    Sync,
    /// Voice commands without a window.
    Voice {
        #[command(subcommand)]
        what: VoiceCmd,
    },
}

#[derive(Subcommand)]
enum VoiceCmd {
    /// Records one utterance from the microphone, as the 说话 button does (a tone, then up
    /// to 4 s, ending once she stops talking), into a 16 kHz mono WAV file. With `match`,
    /// for trying a microphone set-up.
    Record {
        #[arg(long, value_name = "FILE.wav")]
        out: PathBuf,
    },
    /// Which phrase a recording is, matched against the enrolled recordings: prints the
    /// phrase's folder name, or `none`. For trying a microphone set-up, and for tests.
    Match {
        /// The enrolment: DIR/<phrase>/*.wav (Linli keeps hers in DATA_DIR/voice).
        #[arg(long, value_name = "DIR")]
        enrolled: PathBuf,
        /// The phrases to choose from, comma-separated (e.g. item-1,item-2,back); default
        /// every phrase enrolled.
        #[arg(long, value_name = "PHRASE,PHRASE…", value_delimiter = ',')]
        only: Vec<String>,
        /// The recording (WAV; any rate, mono or stereo).
        #[arg(long, value_name = "FILE.wav")]
        wav: PathBuf,
    },
}

#[derive(Subcommand)]
enum PrintCmd {
    /// The sort sheet (分拣单) of a pickup day, by member or by product.
    SortSheet {
        /// The pickup day, YYYY-MM-DD.
        #[arg(long)]
        day: chrono::NaiveDate,
        /// One block per household (member) or per product.
        #[arg(long, value_parser = ["member", "product"], default_value = "member")]
        by: String,
        /// Large print.
        #[arg(long)]
        large: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// The large-print order form (订货单) of a day for neighbours without a computer: the
    /// deals still open that day, numbered, each with a box to write how many.
    OrderForm {
        /// The day the form is for, YYYY-MM-DD.
        #[arg(long)]
        day: chrono::NaiveDate,
        #[arg(long)]
        out: PathBuf,
    },
    /// The pickup slips (取货条) of a pickup day: one per neighbour with goods waiting, her
    /// pickup code in very large print, several to a page with cut lines.
    Slip {
        /// The pickup day, YYYY-MM-DD.
        #[arg(long)]
        day: chrono::NaiveDate,
        /// Only this neighbour's slip: her name exactly as the group has it.
        #[arg(long, value_name = "NAME")]
        member: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The invite sheet of the group this computer hosts.
    Invite {
        #[arg(long)]
        out: PathBuf,
    },
    /// The members' large-print guide (大字说明书): ordering, the pickup code, Read aloud,
    /// Help, the practice group. In the language of `--lang` (else the saved settings').
    Guide {
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> std::process::ExitCode {
    linli::system::probe::start();
    #[cfg(windows)]
    attach_console();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "linli=info,linli_core=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // What Linli writes is hers alone (folders 0700, files 0600 on Unix).
    linli_core::file::private_by_default();
    let args = Args::parse();
    if let Some(code) = headless(&args) {
        return code;
    }
    match run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linli: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The data folder: `--data-dir`, or the system's data folder for Linli.
fn data_dir(given: Option<&PathBuf>) -> Result<PathBuf, String> {
    match given {
        Some(d) => Ok(d.clone()),
        None => Ok(directories::ProjectDirs::from("org", "Linli", "linli")
            .ok_or("no home folder to keep Linli's data in; pass --data-dir")?
            .data_dir()
            .to_path_buf()),
    }
}

/// `linli join` and `linli sync` ([`linli::headless`]), with their exit codes; `None` for
/// every other command.
fn headless(args: &Args) -> Option<std::process::ExitCode> {
    let dir = match (&args.command, data_dir(args.data_dir.as_ref())) {
        (Some(Cmd::Join { .. } | Cmd::Sync), Ok(d)) => d,
        (Some(Cmd::Join { .. } | Cmd::Sync), Err(e)) => {
            eprintln!("linli: {e}");
            return Some(std::process::ExitCode::from(2));
        }
        _ => return None,
    };
    if dir.exists() {
        let _ = linli_core::file::tighten(&dir);
    }
    let done = match &args.command {
        Some(Cmd::Join {
            hub,
            invite,
            name,
            fingerprint,
        }) => linli::headless::join(&dir, hub, invite, name, fingerprint.as_deref()),
        _ => linli::headless::sync(&dir),
    };
    Some(match done {
        Ok(words) => {
            println!("{words}");
            std::process::ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("linli: {}", f.message());
            std::process::ExitCode::from(f.code())
        }
    })
}

/// The Windows release app is a GUI program, which has no console: started from one (cmd,
/// PowerShell), it attaches to it, so `--version`, `--help`, `print …` and errors show there.
/// Only when its output goes nowhere else (not redirected to a file or pipe), and only when
/// the parent has a console (not when started from the Start menu: then this does nothing).
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE,
    };
    // SAFETY: plain Win32 calls without pointers, made before any other thread exists.
    unsafe {
        if GetStdHandle(STD_OUTPUT_HANDLE).is_null() && GetStdHandle(STD_ERROR_HANDLE).is_null() {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

/// In the graphics card's test (a child process): a crash ends it without Windows' "stopped
/// working" box, which would hold it until someone clicks (the parent then waits its 10 s).
#[cfg(windows)]
fn no_crash_box() {
    use windows_sys::Win32::System::Diagnostics::Debug::{
        SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SetErrorMode,
    };
    // SAFETY: a plain Win32 call without pointers; it affects only this child process.
    unsafe {
        SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    }
}

fn run(args: Args) -> Result<(), String> {
    // The graphics card test, in a child process of Linli's (see linli::system::renderer).
    if args.probe_gpu {
        // A crash here is an answer, not something to show her.
        #[cfg(windows)]
        no_crash_box();
        println!("{}", linli::system::renderer::probe_here()?);
        return Ok(());
    }
    // Needs no data folder, store or group.
    if let Some(Cmd::Voice {
        what: VoiceCmd::Match {
            enrolled,
            only,
            wav,
        },
    }) = &args.command
    {
        let heard = linli::voice::match_file(enrolled, only, wav)?;
        println!("{}", heard.as_deref().unwrap_or("none"));
        return Ok(());
    }
    if let Some(Cmd::Voice {
        what: VoiceCmd::Record { out },
    }) = &args.command
    {
        let audio = linli::voice::audio::record_now()?;
        linli_voice::wav::write(out, &audio).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!(
            "linli: wrote {} ({:.1} s{})",
            out.display(),
            audio.len() as f32 / linli_voice::RATE as f32,
            if linli::voice::has_speech(&audio) {
                ""
            } else {
                ", no speech heard"
            }
        );
        return Ok(());
    }
    let mut dir = data_dir(args.data_dir.as_ref())?;
    // A data folder made before Linli kept files private becomes hers alone.
    if dir.exists()
        && let Err(e) = linli_core::file::tighten(&dir)
    {
        tracing::warn!("the data folder's permissions: {e}");
    }
    // What is known about drawing belongs to the computer: kept in the main data folder
    // (the demo's included).
    let base = dir.clone();
    let demo = args.demo.as_deref();
    if demo.is_some() {
        dir = dir.join("demo");
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("can't use {}: {e}", dir.display()))?;
    let paths = Paths {
        settings: dir.join("settings.toml"),
        dir: dir.clone(),
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
    if let Some(z) = args.text_size {
        settings.zoom = z;
    }
    // A window will open: how it is drawn is chosen now, while this is the only thread
    // (iced reads ICED_BACKEND; see linli::system::renderer).
    let starting = args.command.is_none().then(|| {
        let choice = args.renderer.unwrap_or(settings.renderer);
        let s = linli::system::renderer::prepare(&base, choice, std::env::var("ICED_BACKEND").ok());
        use linli::system::renderer::{Renderer, Why};
        match (s.renderer, &s.why) {
            // SAFETY: no other thread runs yet (no hub, sync, speech or window has started).
            (Renderer::Software, Why::Environment) => {}
            (Renderer::Software, _) => unsafe { std::env::set_var("ICED_BACKEND", "tiny-skia") },
            (Renderer::Gpu, Why::Asked) => unsafe { std::env::remove_var("ICED_BACKEND") },
            (Renderer::Gpu, _) => {}
        }
        s
    });
    // For tests/renderer.rs: a start that dies before its first frame, as a driver's
    // assertion would kill it.
    if starting.is_some() && std::env::var_os("LINLI_TEST_DIE_BEFORE_WINDOW").is_some() {
        std::process::abort();
    }
    // The guide needs no group: written before the store opens or a hub starts.
    if let Some(Cmd::Print {
        what: PrintCmd::Guide { out },
    }) = &args.command
    {
        let bytes = linli::files::pdf::guide_pdf(&linli::i18n::I18n::new(settings.lang))?;
        std::fs::write(out, &bytes).map_err(|e| format!("can't write {}: {e}", out.display()))?;
        eprintln!("linli: wrote {} ({} bytes)", out.display(), bytes.len());
        return Ok(());
    }
    let db = dir.join("linli.db");
    if demo.is_some() {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
    }
    let store = Arc::new(Mutex::new(
        Store::open(&db, Durability::Normal).map_err(|e| e.to_string())?,
    ));
    let mut demo_host = None;
    match demo {
        Some("organiser") => {
            eprintln!("linli: starting the organiser's demo group…");
            let d = linli::demo::organiser::start_organiser(&dir, &store, settings.lang)?;
            println!("linli: demo hub at {}", d.lan_url);
            println!("linli: member invite {}", d.member_invite);
            settings.mode = linli::system::settings::Mode::Advanced;
            demo_host = Some(linli::system::host::HostInfo {
                group: d.group,
                address: d.lan_url,
                member_invite: d.member_invite,
                volunteer_invite: d.volunteer_invite,
                // The demo hub speaks plain HTTP on the local network.
                fingerprint: None,
            });
        }
        Some(who @ ("volunteer" | "coordinator")) => {
            eprintln!("linli: starting the demo group, joining as a {who}…");
            let url = linli::demo::organiser::start_helper(
                &dir,
                &store,
                settings.lang,
                who == "coordinator",
            )?;
            eprintln!("linli: demo hub at {url}");
            settings.mode = linli::system::settings::Mode::Basic;
        }
        Some(_) => {
            eprintln!("linli: starting the demo group…");
            let url = linli::demo::start(&dir, &store, settings.lang)?;
            eprintln!("linli: demo hub at {url}");
            settings.mode = linli::system::settings::Mode::Basic;
        }
        None => {}
    }
    // The organiser's app hosts the group's hub.
    let host = match (demo, settings.host_port) {
        (None, Some(port)) => match linli::system::host::Host::start(&dir, port) {
            Ok(h) => Some(h),
            Err(e) => {
                eprintln!("linli: the group's hub did not start: {e}");
                None
            }
        },
        _ => None,
    };
    match args.command {
        Some(Cmd::Print { what }) => {
            let hosted = host.as_ref().map(|h| h.info().clone()).or(demo_host);
            return print(&store, &settings, hosted.as_ref(), what);
        }
        Some(Cmd::Export { out, range }) => return export(&store, &settings, &out, &range),
        Some(Cmd::MyData { out }) => return my_data(&store, &settings, &dir, out),
        Some(Cmd::Voice { .. }) => unreachable!("answered before the store opens"),
        Some(Cmd::Join { .. } | Cmd::Sync) => unreachable!("answered in main (headless)"),
        None => {}
    }
    let screen = args.screen;
    let host = std::sync::Mutex::new(host);
    let place_file = linli::system::window::file(&dir);
    let window = linli::system::window::settings(
        args.window,
        linli::system::window::Place::load(&place_file),
    );
    let remember = args.window.is_none().then_some(place_file);
    let boot = move || {
        let mut app = App::new(
            store.clone(),
            settings.clone(),
            Speaker::new(),
            Some(paths.clone()),
        );
        if let Some(h) = host.lock().expect("host").take() {
            app.set_host(h);
        }
        app.hosted = app.hosted.take().or_else(|| demo_host.clone());
        app.settings_note = note.clone();
        app.starting = starting.clone();
        if let Some(f) = &remember {
            app.remember_window_in(f.clone());
        }
        let mut tasks = vec![app.start_sync()];
        // `practice` and `practice-<screen>`: in the practice group (练一练), then there.
        let mut screen = screen.as_deref();
        if let Some(rest) = screen.and_then(|s| s.strip_prefix("practice")) {
            tasks.push(app.update(Message::Basic(B::Practise)));
            screen = rest.strip_prefix('-');
        }
        for m in linli::app::screens::steps(&app, screen) {
            tasks.push(app.update(m));
        }
        (app, iced::Task::batch(tasks))
    };
    // The bundled emoji before the system's: the same pictures on every computer.
    linli::ui::fonts::prefer_bundled();
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .font(linli::FONT)
        .font(linli::EMOJI_FONT)
        .default_font(iced::Font::with_name(linli::FONT_NAME))
        .window(iced::window::Settings {
            // Closing saves the window's size first (see linli::system::window).
            exit_on_close_request: false,
            ..window
        })
        .run()
        .map_err(|e| e.to_string())
}

/// The identity of this data folder's store, after syncing once with its hub (so what is
/// printed or exported is as fresh as the hub).
fn synced(
    store: &linli_core::sync::client::SharedStore,
    doing: &str,
) -> Result<linli_core::store::sync::Identity, String> {
    let me = store
        .lock()
        .expect("store")
        .identity()
        .map_err(|e| e.to_string())?
        .ok_or("this data folder has not joined a group yet; open the app once, or pass --demo organiser")?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    if let Ok(s) = linli_core::sync::client::Syncer::new(store.clone())
        && let Err(e) = rt.block_on(s.sync_once())
    {
        eprintln!("linli: could not reach the hub ({e}); {doing} what this computer has");
    }
    Ok(me)
}

/// `linli export …`: the CSV files of `range` (see `linli::files::csv`) written into `out`;
/// each file and its rows are listed on stdout.
fn export(
    store: &linli_core::sync::client::SharedStore,
    settings: &Settings,
    out: &std::path::Path,
    range: &str,
) -> Result<(), String> {
    let me = synced(store, "exporting")?;
    let range = linli::advanced::figures::data::Range::parse(range).ok_or("unknown range")?;
    let i18n = linli::i18n::I18n::new(settings.lang);
    let today = chrono::Local::now().date_naive();
    let s = store.lock().expect("store");
    let written = linli::files::csv::export(&s, me.group_id, &i18n, range, today, out)
        .map_err(|e| e.to_string())?;
    for f in &written.files {
        let rows = if f.rows == 1 { "row" } else { "rows" };
        println!("{}\t{} {rows}", f.path.display(), f.rows);
    }
    eprintln!(
        "linli: wrote {} files to {}",
        written.files.len(),
        written.folder.display()
    );
    Ok(())
}

/// `linli my-data …`: what the group holds about her (see `linli::files::my_data`), synced once
/// first, written into `out`; each file is listed on stdout.
fn my_data(
    store: &linli_core::sync::client::SharedStore,
    settings: &Settings,
    dir: &std::path::Path,
    out: Option<PathBuf>,
) -> Result<(), String> {
    let me = synced(store, "exporting")?;
    let i18n = linli::i18n::I18n::new(settings.lang);
    let out = out
        .unwrap_or_else(|| linli::files::my_data::folder(dir, chrono::Local::now().date_naive()));
    let s = store.lock().expect("store");
    let written = linli::files::my_data::export(&s, &me, &i18n, chrono::Utc::now(), &out)
        .map_err(|e| e.to_string())?;
    for line in linli::files::my_data::describe(&written) {
        println!("{line}");
    }
    eprintln!(
        "linli: wrote {} files to {}",
        1 + written.csv.len(),
        written.folder.display()
    );
    Ok(())
}

/// `linli print …`: the sheet from this data folder's store (synced once with its hub
/// first, so it is as fresh as the hub), written to `--out`.
fn print(
    store: &linli_core::sync::client::SharedStore,
    settings: &Settings,
    hosted: Option<&linli::system::host::HostInfo>,
    what: PrintCmd,
) -> Result<(), String> {
    let me = synced(store, "printing")?;
    let i18n = linli::i18n::I18n::new(settings.lang);
    let (job, out) = match what {
        PrintCmd::SortSheet {
            day,
            by,
            large,
            out,
        } => (
            PrintJob::Sort {
                day,
                by_member: by == "member",
                large,
            },
            out,
        ),
        PrintCmd::Invite { out } => (PrintJob::Invite, out),
        PrintCmd::OrderForm { day, out } => (PrintJob::OrderForm { day }, out),
        PrintCmd::Slip { day, member, out } => {
            let member = match member {
                Some(name) => {
                    let s = store.lock().expect("store");
                    Some(linli::files::pdf::member_by_name(&s, &me, &name)?)
                }
                None => None,
            };
            (PrintJob::Slips { day, member }, out)
        }
        PrintCmd::Guide { .. } => unreachable!("printed before the store opens"),
    };
    let bytes = {
        let s = store.lock().expect("store");
        linli::files::pdf::render(&s, &me, &i18n, &job, hosted)?
    };
    std::fs::write(&out, &bytes).map_err(|e| format!("can't write {}: {e}", out.display()))?;
    eprintln!("linli: wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
