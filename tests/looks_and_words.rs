//! Every theme is readable (contrast of every text/background pair ≥ 7:1, the focus ring
//! ≥ 3:1), sizes meet DESIGN.md, both locales have the same messages, parse, and hold
//! every message id the code asks for, and the bundled font draws every character they use.

use linli::i18n::{self, Lang};
use linli::theme::{self, MIN_FOCUS_CONTRAST, MIN_TEXT_CONTRAST, Palette, Scale, contrast};
use std::collections::BTreeSet;

#[test]
fn every_theme_file_parses_and_every_text_pair_reaches_7_to_1() {
    let files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/themes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    assert!(
        files.len() >= 3,
        "light, dark high contrast and yellow on black"
    );
    assert_eq!(
        files.len(),
        theme::SOURCES.len(),
        "every file under themes/ is built in"
    );
    for f in files {
        let p = Palette::parse(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for (what, fg, bg) in p.text_pairs() {
            let c = contrast(fg, bg);
            assert!(
                c >= MIN_TEXT_CONTRAST,
                "{}: {what} is {c:.2}:1",
                f.display()
            );
        }
        let focus = contrast(p.focus, p.background).min(contrast(p.focus, p.surface));
        assert!(
            focus >= MIN_FOCUS_CONTRAST,
            "{}: focus ring {focus:.2}:1",
            f.display()
        );
        // The news border and the mouse ring are drawn around the surface colour too.
        for (what, ring) in [("news border", p.primary), ("mouse ring", p.text)] {
            let c = contrast(ring, p.background).min(contrast(ring, p.surface));
            assert!(c >= MIN_FOCUS_CONTRAST, "{}: {what} {c:.2}:1", f.display());
        }
    }
    assert!(
        Palette::parse("id = \"x\"\nbackground = \"white\"").is_err(),
        "a bad colour is refused"
    );
}

#[test]
fn contrast_matches_wcag_reference_values() {
    let black = iced::Color::BLACK;
    let white = iced::Color::WHITE;
    assert!((contrast(black, white) - 21.0).abs() < 0.01);
    let grey = iced::Color::from_rgb8(0x76, 0x76, 0x76);
    assert!(
        (contrast(grey, white) - 4.54).abs() < 0.02,
        "WCAG's #767676 on white is 4.54:1"
    );
}

#[test]
fn sizes_meet_the_accessibility_targets_at_every_zoom() {
    let s = Scale::new(100);
    assert!(s.body() >= 28.0 && s.target() >= 64.0 && Scale::LINE >= 1.3);
    assert!(s.heading() > s.body() && s.huge() > s.heading());
    assert_eq!(Scale::new(200).body(), 56.0, "zoom reaches 200 %");
    assert_eq!(Scale::new(500).body(), 56.0, "and stops there");
    // Advanced mode (the organiser): body ≥ 18 px, targets ≥ 44 px, up to 200 %.
    let a = Scale::advanced(100);
    assert!(a.body() >= 18.0 && a.small() >= 18.0 && a.target() >= 44.0);
    assert_eq!(Scale::advanced(200).body(), 2.0 * a.body());
}

fn ids(src: &str) -> BTreeSet<String> {
    src.lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with(' ') && !k.contains(' '))
        .map(String::from)
        .collect()
}

#[test]
fn both_locales_parse_and_have_the_same_messages() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    for file in ["app.ftl", "outcomes.ftl", "organiser.ftl"] {
        let zh = ids(&std::fs::read_to_string(format!("{root}/zh-CN/{file}")).unwrap());
        let en = ids(&std::fs::read_to_string(format!("{root}/en-US/{file}")).unwrap());
        assert_eq!(zh, en, "{file}: missing or extra ids");
    }
    for l in Lang::ALL {
        i18n::check(l).unwrap();
    }
}

/// Every `t("…")`, `ta("…"`, `tn("…"` and `tq("…"` in the code names a message both locales have.
#[test]
fn every_message_the_code_asks_for_exists() {
    let mut asked = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let src = std::fs::read_to_string(&p).unwrap();
        for pat in ["t(\"", "ta(\"", "tn(\"", "tq(\""] {
            for part in src.split(pat).skip(1) {
                let id: String = part.chars().take_while(|c| *c != '"').collect();
                if id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && id.contains('-')
                    || id == "help"
                    || id == "back"
                {
                    asked.insert(id);
                }
            }
        }
    }
    assert!(asked.len() > 40, "found {} ids", asked.len());
    for l in Lang::ALL {
        let i = i18n::I18n::new(l);
        for id in &asked {
            assert!(i.has(id), "{} lacks {id}", l.tag());
        }
        for r in linli::system::speech::Rate::ALL {
            assert!(i.has(r.message_id()));
        }
        for t in theme::builtin() {
            assert!(
                i.has(&format!("theme-{}", t.id)),
                "{} lacks theme-{}",
                l.tag(),
                t.id
            );
        }
    }
}

/// On a computer without CJK fonts, everything the app writes must still be drawable: each
/// character of both locales, the demo group and the button signs is in the bundled font
/// (emoji pictures excepted: they come from the system's emoji font, beside their names).
#[test]
fn the_bundled_font_draws_every_character_the_app_writes() {
    let face = ttf_parser::Face::parse(linli::FONT, 0).expect("bundled font parses");
    let root = env!("CARGO_MANIFEST_DIR");
    let files = [
        "locales/zh-CN/app.ftl",
        "locales/zh-CN/outcomes.ftl",
        "locales/en-US/app.ftl",
        "locales/en-US/outcomes.ftl",
        "locales/zh-CN/organiser.ftl",
        "locales/en-US/organiser.ftl",
        "src/demo/mod.rs",
        "src/demo/organiser.rs",
        "crates/linli-core/src/demo.rs",
        "src/ui/icon.rs",
    ];
    let mut missing = BTreeSet::new();
    let mut checked = 0;
    for f in files {
        let text = std::fs::read_to_string(format!("{root}/{f}")).unwrap();
        for ch in text.chars() {
            if ch.is_control() || (ch as u32) >= 0x1F000 {
                continue;
            }
            checked += 1;
            if face.glyph_index(ch).is_none() {
                missing.insert(format!("{ch} U+{:04X} ({f})", ch as u32));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} characters looked at");
    assert!(missing.is_empty(), "the bundled font lacks {missing:?}");
}
