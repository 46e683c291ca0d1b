//! Practice (练一练): a group of its own on this computer, where she tries everything and
//! nothing is bought. Entering makes `<data dir>/practice/` afresh (deleted and made again
//! each time, so a volunteer training several people starts each one clean; a temp folder
//! when the app has no data folder, as in tests) with its own store (`linli.db`) and a demo
//! hub on loopback (`demo-hub.db`, [`crate::demo`]), joined as a member.
//!
//! What belongs to her real group — store, identity, settings, paths, view model, screens,
//! news, sync status — is put aside in a [`Stash`] and the practice group's put in its
//! place; leaving swaps them back, so she returns to the very screen she left. The real sync
//! task is stopped (aborted) on entering and started again on leaving, so nothing writes her
//! real store while she practises: its file is unchanged byte for byte (tests/practice.rs).
//! Settings she changes while practising are saved in the practice folder, not hers.

use crate::advanced::Advanced;
use crate::app::{App, Message, Paths};
use crate::basic::{self, Basic};
use crate::i18n::I18n;
use crate::system::settings::{Mode, Settings};
use crate::theme;
use crate::ui::{self, Ctx, Kind};
use crate::view_model::ViewModel;
use chrono::{Local, NaiveDate};
use iced::widget::{column, container, row};
use iced::{Background, Border, Element, Length, Task};
use linli_core::store::sync::Identity;
use linli_core::store::{Durability, Store};
use linli_core::sync::client::{SharedStore, SyncStatus};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::Notify;

/// The practice group she is in, and her real group put aside.
pub struct Practice {
    /// Her real group's part of the app, put back on leaving.
    stash: Stash,
    /// Whether her real sync was running (started again on leaving).
    was_syncing: bool,
    /// The practice hub; dropping it stops it.
    _hub: crate::demo::Running,
    /// The practice folder.
    pub dir: PathBuf,
    /// A temp folder (the app has no data folder): removed on leaving.
    temp: bool,
}

/// The part of the app that belongs to one group.
struct Stash {
    store: SharedStore,
    identity: Option<Identity>,
    settings: Settings,
    settings_note: Option<String>,
    paths: Option<Paths>,
    vm: ViewModel,
    basic: Basic,
    advanced: Advanced,
    status: SyncStatus,
    announcement: Option<String>,
    news_day: NaiveDate,
    news_read: bool,
    waker: Option<Arc<Notify>>,
}

impl Stash {
    /// Swaps this group's part with the app's: the app now shows this one.
    fn exchange(&mut self, app: &mut App) {
        use std::mem::swap;
        swap(&mut self.store, &mut app.store);
        swap(&mut self.identity, &mut app.identity);
        swap(&mut self.settings, &mut app.settings);
        swap(&mut self.settings_note, &mut app.settings_note);
        swap(&mut self.paths, &mut app.paths);
        swap(&mut self.vm, &mut app.vm);
        swap(&mut self.basic, &mut app.basic);
        swap(&mut self.advanced, &mut app.advanced);
        swap(&mut self.status, &mut app.status);
        swap(&mut self.announcement, &mut app.announcement);
        swap(&mut self.news_day, &mut app.news_day);
        swap(&mut self.news_read, &mut app.news_read);
        swap(&mut self.waker, &mut app.waker);
        app.i18n = I18n::new(app.settings.lang);
        app.pal = theme::by_id(&app.settings.theme);
    }
}

/// Temp practice folders of this process are numbered, so tests running side by side
/// never share one.
static TEMP: AtomicU32 = AtomicU32::new(0);

/// The practice folder: `<data dir>/practice`, or a temp folder of its own.
fn folder(paths: Option<&Paths>) -> (PathBuf, bool) {
    match paths {
        Some(p) => (p.dir.join("practice"), false),
        None => {
            let n = TEMP.fetch_add(1, Ordering::Relaxed);
            let name = format!("linli-practice-{}-{n}", std::process::id());
            (std::env::temp_dir().join(name), true)
        }
    }
}

/// Makes `dir` afresh with a store joined to a new practice hub.
fn start(
    dir: &Path,
    lang: crate::i18n::Lang,
) -> Result<(SharedStore, crate::demo::Running), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.to_string()),
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let store: SharedStore = Arc::new(Mutex::new(
        Store::open(dir.join("linli.db"), Durability::Normal).map_err(|e| e.to_string())?,
    ));
    // The demo blocks on a runtime of its own: a plain thread, outside iced's (or a test's).
    let hub = std::thread::scope(|s| {
        s.spawn(|| crate::demo::start_hub(dir, &store, lang))
            .join()
            .map_err(|_| "the practice hub panicked".to_string())
    })??;
    Ok((store, hub))
}

impl App {
    /// Whether she is in the practice group.
    pub fn practising(&self) -> bool {
        self.practice.is_some()
    }

    /// "练一练": a fresh practice group in place of her real one (from the start again if
    /// she is already practising). Her real sync stops; the practice group's starts.
    pub(crate) fn practise(&mut self) -> Task<Message> {
        let started = Instant::now();
        // Already practising: her real group first, as if she had left.
        let again = self.restore();
        let was_syncing = again.unwrap_or(self.sync.is_some());
        let (dir, temp) = folder(self.paths.as_ref());
        let (store, hub) = match start(&dir, self.settings.lang) {
            Ok(x) => x,
            Err(e) => {
                tracing::warn!("practice did not start: {e}");
                let words = self.i18n.t("practice-failed");
                self.announce(vec![words]);
                self.refresh();
                return if again.is_some() && was_syncing {
                    self.start_sync()
                } else {
                    Task::none()
                };
            }
        };
        // Nothing writes her real store from here: her sync stops (the task is aborted).
        self.sync = None;
        let identity = store.lock().expect("store").identity().ok().flatten();
        let mut settings = self.settings.clone();
        settings.mode = Mode::Basic;
        let mut stash = Stash {
            store,
            identity,
            settings,
            settings_note: None,
            // Settings changed while practising stay in the practice folder; a printed
            // guide goes to her data folder as usual.
            paths: self.paths.clone().map(|p| Paths {
                settings: dir.join("settings.toml"),
                dir: p.dir,
            }),
            vm: ViewModel::default(),
            basic: Basic::new(true),
            advanced: Advanced::default(),
            status: SyncStatus::default(),
            announcement: None,
            news_day: Local::now().date_naive(),
            news_read: false,
            waker: None,
        };
        stash.exchange(self);
        self.practice = Some(Practice {
            stash,
            was_syncing,
            _hub: hub,
            dir,
            temp,
        });
        self.refresh();
        tracing::info!("practice ready in {:?}", started.elapsed());
        let sync = self.start_sync();
        let (b, s) = self.split();
        let a = b.home(s);
        if a == basic::Action::None {
            let words = vec![self.i18n.t("practice-banner")];
            self.speak(words);
        }
        let home = self.perform_basic(a);
        Task::batch([sync, home])
    }

    /// "回到真的团": the practice hub and sync stop; her real store, identity, settings and
    /// screens are back as they were, and her real sync starts again.
    pub(crate) fn leave_practice(&mut self) -> Task<Message> {
        let Some(was_syncing) = self.restore() else {
            return Task::none();
        };
        self.refresh();
        let words = vec![self.i18n.t("practice-left")];
        self.speak(words);
        if was_syncing {
            self.start_sync()
        } else {
            Task::none()
        }
    }

    /// Stops the practice group (its sync, its hub) and puts her real group back; whether
    /// her real sync was running then. None when she was not practising.
    fn restore(&mut self) -> Option<bool> {
        let Practice {
            mut stash,
            was_syncing,
            _hub,
            dir,
            temp,
        } = self.practice.take()?;
        self.sync = None;
        stash.exchange(self);
        drop(stash);
        drop(_hub);
        if temp {
            let _ = std::fs::remove_dir_all(&dir);
        }
        Some(was_syncing)
    }
}

/// The practice banner above a face's frame (basic or the organiser's), when `practising`:
/// the words in the theme's practice colours and the way back to her real group.
pub fn frame<'a>(c: Ctx<'a>, practising: bool, page: Element<'a, Message>) -> Element<'a, Message> {
    if !practising {
        return page;
    }
    column![banner(c), page].spacing(c.scale.gap()).into()
}

fn banner<'a>(c: Ctx<'a>) -> Element<'a, Message> {
    let (bg, fg) = (c.pal.practice, c.pal.on_practice);
    let words = iced::widget::text(c.t("practice-banner"))
        .size(c.scale.body())
        .line_height(theme::Scale::LINE)
        .color(fg)
        .wrapping(iced::widget::text::Wrapping::WordOrGlyph);
    container(
        row![
            container(words).width(Length::Fill),
            ui::big_button(
                c,
                c.t("practice-leave"),
                Kind::Secondary,
                false,
                Some(Message::Basic(basic::Message::LeavePractice)),
            ),
        ]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center),
    )
    .padding([c.scale.gap() / 2.0, c.scale.pad()])
    .width(Length::Fill)
    .style(move |_| container::Style {
        text_color: Some(fg),
        background: Some(Background::Color(bg)),
        border: Border {
            color: fg,
            width: 3.0,
            radius: 12.0.into(),
        },
        ..container::Style::default()
    })
    .into()
}
