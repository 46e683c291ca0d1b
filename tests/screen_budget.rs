//! The screen budget: on the screens older people own (1280×720 — a 1920×1080 screen at
//! 150 % —, 1366×768, 1024×768, in logical pixels), every member screen in both languages,
//! at text size 100 % and 125 %, keeps the pickup line, Back, Read aloud, Help and the
//! screen's own main action(s) wholly inside the window without scrolling; home shows at
//! least three deal cards whole at 1280×720; at 200 % the main action stays in view and a
//! list that goes on says so in words. Measured against widget bounds in iced_test's
//! simulator with the bundled font, so a screen that grows a banner above its action fails.

mod common;

use chrono::Duration;
use common::{Offer, World};
use iced::{Font, Rectangle, Settings};
use iced_test::Simulator;
use linli::app::{App, Message, screens};
use linli::basic::Screen;
use linli::i18n::Lang;
use linli::system::settings::Settings as AppSettings;
use linli::ui::icon;
use linli::voice::Phrase;

const SIZES: [(f32, f32); 3] = [(1280.0, 720.0), (1366.0, 768.0), (1024.0, 768.0)];

/// Six deals closing an hour apart (so each card's words differ).
fn offers() -> Vec<Offer> {
    [
        ("西红柿", "斤", 380),
        ("土鸡蛋", "盒", 1290),
        ("大白菜", "棵", 250),
        ("东北大米", "袋", 4990),
        ("纯牛奶", "箱", 5600),
        ("苹果", "斤", 690),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, unit, fen))| Offer(name, unit, fen, 40, 5, Duration::hours(5 + i as i64)))
    .collect()
}

fn simulator(app: &App, (w, h): (f32, f32)) -> Simulator<'_, Message> {
    Simulator::with_size(
        Settings {
            fonts: linli::ui::fonts::bundled(),
            default_font: Font::with_name(linli::FONT_NAME),
            ..Settings::default()
        },
        (w, h),
        app.view(),
    )
}

/// Where `text` is drawn, if it is drawn whole inside a `w`×`h` window (not cut by the
/// window's edge or by a scrolling area), else why not.
fn whole(app: &App, size: (f32, f32), text: &str) -> Result<Rectangle, String> {
    let mut ui = simulator(app, size);
    let t = ui
        .find(text)
        .map_err(|_| format!("{text:?} is not on the screen"))?;
    let (b, seen) = (t.bounds(), t.visible_bounds());
    let window = Rectangle::new(iced::Point::ORIGIN, iced::Size::new(size.0, size.1));
    let inside = seen.is_some_and(|s| {
        (s.height - b.height).abs() < 0.5
            && (s.width - b.width).abs() < 0.5
            && s.y >= -0.5
            && s.x >= -0.5
            && s.y + s.height <= window.height + 0.5
            && s.x + s.width <= window.width + 0.5
    });
    if inside {
        Ok(b)
    } else {
        Err(format!("{text:?} is at {b:?}, seen {seen:?}"))
    }
}

/// The words that must be in view on `screen` besides the frame's (Back, Read aloud,
/// Help, the pickup line).
fn actions(app: &App, screen: &str) -> Vec<String> {
    let t = |id: &str| app.i18n.t(id);
    let enter = |id: &str| icon::after(&t(id), icon::ENTER);
    match screen {
        "deals" => vec![
            t("orders-title"),
            t("nav-notices"),
            t("nb-title"),
            t("settings"),
        ],
        "order" => vec![icon::after(&t(&Phrase::Yes.message_id()), icon::ENTER)],
        "confirm" => vec![
            icon::numbered(1, &t(&Phrase::Yes.message_id())),
            icon::numbered(2, &t(&Phrase::No.message_id())),
        ],
        "done" => vec![enter("done-home")],
        "order-detail" => vec![
            icon::numbered(1, &t("orders-change")),
            icon::numbered(2, &t("orders-cancel")),
        ],
        "cancel" => vec![
            icon::numbered(1, &t("orders-cancel")),
            icon::numbered(2, &enter("no")),
        ],
        "complain" => vec![enter("complain-send")],
        "help" => vec![enter("help-send")],
        "mydata" => vec![
            icon::numbered(1, &t("mydata-export")),
            icon::numbered(2, &t("mydata-leave")),
        ],
        "mydata-ask" => vec![
            icon::numbered(1, &t("mydata-export-first")),
            icon::numbered(2, &t("mydata-next")),
            icon::numbered(3, &enter("mydata-stay")),
        ],
        "mydata-sure" => vec![
            icon::numbered(1, &t("mydata-leave-yes")),
            icon::numbered(2, &enter("mydata-stay")),
        ],
        "tips-write" => vec![enter("nb-write-send")],
        "suggest" => vec![enter("nb-suggest-send")],
        _ => vec![],
    }
}

/// Goes home, then to `screen` the way `linli --screen` does.
fn open(app: &mut App, screen: &str) {
    let _ = app.update(Message::Basic(linli::basic::Message::Home));
    for m in screens::steps(app, Some(screen)) {
        let _ = app.update(m);
    }
}

/// Every problem of every member screen at every size, for one language and text size.
async fn problems(lang: Lang, zoom: u16) -> Vec<String> {
    let settings = AppSettings {
        lang,
        zoom,
        voice: false,
        ..AppSettings::default()
    };
    let mut w = World::new(&offers(), settings).await;
    // Orders to look at, change, cancel or complain about.
    for name in ["土鸡蛋", "大白菜"] {
        let deal = w.app.vm.deals.iter().find(|d| d.name == name).unwrap();
        let _ = w.app.update(Message::Basic(linli::basic::Message::OpenDeal(
            deal.deal.id,
        )));
        let _ = w.app.update(Message::Basic(linli::basic::Message::Next));
        let _ = w.app.update(Message::Basic(linli::basic::Message::Buy));
    }
    w.sync().await;
    let _ = w
        .app
        .update(Message::Basic(linli::basic::Message::NewsRead));
    let mut out = Vec::new();
    for screen in screens::BASIC {
        open(&mut w.app, screen);
        let app = &w.app;
        let home = app.basic.is_home();
        let mut wanted = vec![
            icon::with(icon::SPEAK, &app.i18n.t("read-aloud")),
            app.i18n.t("help"),
            linli::basic::pickup_words(&app.shared()),
        ];
        if !home {
            wanted.push(icon::with(icon::BACK, &app.i18n.t("back")));
        }
        wanted.extend(actions(app, screen));
        for size in SIZES {
            for text in &wanted {
                if let Err(e) = whole(app, size, text) {
                    out.push(format!(
                        "{} {zoom}% {}×{} {screen} ({:?}): {e}",
                        lang.tag(),
                        size.0,
                        size.1,
                        app.basic.screen
                    ));
                }
            }
        }
        if *screen == "deals" {
            // At 100 %, three cards whole at 1280×720: each one's first and last line in
            // view. At 125 % at least one, and the line under them says how many lie below.
            let v = app.basic.view_of(app.shared());
            let whole_cards = if zoom == 100 { 3 } else { 1 };
            for d in app.vm.deals.iter().take(whole_cards) {
                let (_, _, cutoff) = linli::basic::deals::words(v, d);
                for text in [d.name.clone(), cutoff] {
                    if let Err(e) = whole(app, (1280.0, 720.0), &text) {
                        out.push(format!("{} {zoom}% 1280×720 home card: {e}", lang.tag()));
                    }
                }
            }
            // The line under the cards counts exactly the ones not wholly in view.
            let in_view = app
                .vm
                .deals
                .iter()
                .filter(|d| {
                    let (_, _, cutoff) = linli::basic::deals::words(v, d);
                    whole(app, (1280.0, 720.0), &d.name).is_ok()
                        && whole(app, (1280.0, 720.0), &cutoff).is_ok()
                })
                .count();
            // The line is worked out from the cards' estimated heights: it may count one
            // card too many (never one too few, so nothing is hidden without saying).
            let hidden = 6 - in_view as i64;
            let said: Vec<i64> = (0..=6)
                .filter(|n| {
                    let words = app.i18n.tn("deals-more-below", ("count", *n), &[]);
                    whole(app, (1280.0, 720.0), &words).is_ok()
                })
                .collect();
            let fine = if hidden == 0 {
                said.is_empty()
            } else {
                said == [hidden] || (hidden < 6 && said == [hidden + 1])
            };
            if !fine {
                out.push(format!(
                    "{} {zoom}% 1280×720 home: {in_view} cards whole, {hidden} not, but the line says {said:?}",
                    lang.tag()
                ));
            }
        }
    }
    out
}

/// Fails with every problem of `lang` at text size 100 % and 125 %.
async fn all_in_view(lang: Lang) {
    let mut all = problems(lang, 100).await;
    all.extend(problems(lang, 125).await);
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_screen_keeps_its_actions_in_view_in_chinese() {
    all_in_view(Lang::ZhCn).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_screen_keeps_its_actions_in_view_in_english() {
    all_in_view(Lang::EnUs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_run_form_keeps_join_in_view() {
    for lang in Lang::ALL {
        for zoom in [100, 125] {
            let app = App::new(
                std::sync::Arc::new(std::sync::Mutex::new(
                    linli_core::store::Store::open_in_memory().unwrap(),
                )),
                AppSettings {
                    lang,
                    zoom,
                    ..AppSettings::default()
                },
                linli::system::speech::Speaker::silent(),
                None,
            );
            assert_eq!(app.basic.screen, Screen::Setup);
            for size in SIZES {
                if let Err(e) = whole(&app, size, &app.i18n.t("setup-join")) {
                    panic!("{} {zoom}% {size:?}: {e}", lang.tag());
                }
            }
        }
    }
}

/// At 200 % on the smallest screen, the order's Next stays in view (the action bar), and
/// home says how many deals lie below the ones in view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_twice_the_size_the_action_stays_and_the_list_says_it_goes_on() {
    let settings = AppSettings {
        zoom: 200,
        voice: false,
        ..AppSettings::default()
    };
    let mut w = World::new(&offers(), settings).await;
    let size = (1280.0, 720.0);
    let below = (1..=6)
        .map(|n| w.app.i18n.tn("deals-more-below", ("count", n), &[]))
        .find(|words| whole(&w.app, size, words).is_ok());
    let Some(below) = below else {
        panic!("home at 200 % does not say that more deals lie below");
    };
    assert!(below.contains("往下看"), "{below}");
    open(&mut w.app, "order");
    let yes = w.app.i18n.t(&Phrase::Yes.message_id());
    whole(&w.app, size, &icon::after(&yes, icon::ENTER)).unwrap();
    open(&mut w.app, "confirm");
    whole(&w.app, size, &icon::numbered(1, &yes)).unwrap();
}
