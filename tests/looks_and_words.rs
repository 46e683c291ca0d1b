//! Every theme is readable (contrast of every text/background pair ≥ 7:1, the focus ring
//! ≥ 3:1), sizes meet DESIGN.md, both locales have the same messages, parse, and hold
//! every message id the code asks for, and the bundled fonts draw every character and picture
//! they use.

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

/// On a computer without CJK or emoji fonts, everything the app writes must still be
/// drawable: each character of both locales, the demo groups and the button signs is in the
/// bundled font, or (from U+2190 on: arrows, symbols, emoji) in the bundled emoji font. The
/// emoji variation selector U+FE0F draws nothing itself: it is allowed right after a
/// character the emoji font has.
#[test]
fn the_bundled_fonts_draw_every_character_the_app_writes() {
    let face = ttf_parser::Face::parse(linli::FONT, 0).expect("bundled font parses");
    let emoji = ttf_parser::Face::parse(linli::EMOJI_FONT, 0).expect("emoji font parses");
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
    let mut pictures = 0;
    for f in files {
        let text = std::fs::read_to_string(format!("{root}/{f}")).unwrap();
        let mut after_emoji = false;
        for ch in text.chars() {
            if ch.is_control() {
                continue;
            }
            checked += 1;
            let in_emoji = ch as u32 >= 0x2190 && emoji.glyph_index(ch).is_some();
            let drawn =
                face.glyph_index(ch).is_some() || in_emoji || (ch == '\u{FE0F}' && after_emoji);
            pictures += usize::from(in_emoji);
            after_emoji = in_emoji;
            if !drawn {
                missing.insert(format!("{ch} U+{:04X} ({f})", ch as u32));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} characters looked at");
    assert!(pictures > 20, "only {pictures} pictures looked at");
    assert!(missing.is_empty(), "the bundled fonts lack {missing:?}");
}

/// The products' pictures (the organiser's picker, every demo product) and the button signs:
/// each is one picture the bundled fonts draw. A product's picture comes from the emoji font
/// as a colour bitmap (not an outline from the text font, nor a system's emoji font), perhaps
/// followed by U+FE0F; a sign may come from either font. A picture joined by U+200D (a ZWJ
/// sequence) would need its ligature kept by scripts/make-font, so none may be one yet.
#[test]
fn every_product_picture_and_button_sign_has_a_glyph_in_the_bundled_fonts() {
    use linli::ui::icon;
    let face = ttf_parser::Face::parse(linli::FONT, 0).expect("bundled font parses");
    let emoji = ttf_parser::Face::parse(linli::EMOJI_FONT, 0).expect("emoji font parses");
    let mut products: BTreeSet<String> = linli::advanced::deals::EMOJI
        .iter()
        .map(|e| e.to_string())
        .collect();
    products.extend(
        linli_core::demo::generate(&linli_core::demo::DemoConfig::standard())
            .products
            .into_iter()
            .map(|p| p.emoji),
    );
    assert!(products.len() >= 20, "{products:?}");
    let mut wrong = Vec::new();
    for p in &products {
        let mut chars = p.chars();
        let base = chars.next().expect("a picture");
        let rest: String = chars.collect();
        let bitmap = emoji
            .glyph_index(base)
            .and_then(|g| emoji.glyph_raster_image(g, 64))
            .is_some_and(|img| img.format == ttf_parser::RasterImageFormat::PNG);
        if !bitmap || !(rest.is_empty() || rest == "\u{FE0F}") {
            wrong.push(format!(
                "product {p} {:?}",
                p.chars().map(|c| c as u32).collect::<Vec<_>>()
            ));
        }
    }
    let signs = [
        icon::BACK,
        icon::SPEAK,
        icon::CHOSEN,
        icon::ENTER,
        icon::MIC,
        icon::MORE,
        icon::LESS,
        icon::UP,
        icon::DOWN,
        icon::TICK_BOX,
    ];
    for s in signs {
        let drawn = s.chars().all(|c| {
            face.glyph_index(c).is_some()
                || emoji.glyph_index(c).is_some()
                || (c == '\u{FE0F}' && s.chars().count() > 1)
        });
        if !drawn || s.contains('\u{200D}') {
            wrong.push(format!("sign {s}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "not drawn by the bundled fonts: {wrong:?}"
    );
}

/// A system's own emoji font (Segoe UI Emoji on Windows, Apple Color Emoji on macOS, Noto
/// Color Emoji on Linux) would come before the bundled one in cosmic-text's fallback, so the
/// pictures would differ from computer to computer (or vanish, where that font does not
/// draw). With `ui::fonts::with_bundled_first` the bundled font draws them wherever a system
/// emoji font is. The "system" font here is the bundled one under the platform's name, so
/// the test means the same on every computer.
#[test]
fn the_bundled_emoji_font_comes_before_the_systems() {
    use iced::advanced::graphics::text::cosmic_text::{
        self, Attrs, Buffer, Fallback, Family, Metrics, PlatformFallback, Shaping, fontdb,
    };
    let system_name = PlatformFallback
        .common_fallback()
        .iter()
        .find(|f| f.contains("Emoji"))
        .copied()
        .unwrap_or("Noto Color Emoji");
    let mut db = fontdb::Database::new();
    db.load_font_data(linli::FONT.to_vec());
    let ours = db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(
        linli::EMOJI_FONT.to_vec(),
    )))[0];
    let mut system = db.face(ours).expect("loaded").clone();
    system.families = vec![(system_name.into(), fontdb::Language::English_UnitedStates)];
    system.post_script_name = system_name.replace(' ', "");
    let system = db.push_face_info(system);
    // The font of the text's first glyph; no glyph may be a missing one (glyph 0).
    let family_of = |fonts: &mut cosmic_text::FontSystem, text: &str| {
        let mut buffer = Buffer::new(fonts, Metrics::new(20.0, 26.0));
        let attrs = Attrs::new().family(Family::Name(linli::FONT_NAME));
        buffer.set_text(fonts, text, &attrs, Shaping::Advanced, None);
        buffer.shape_until_scroll(fonts, false);
        let run = buffer.layout_runs().next().expect("one line");
        assert!(
            run.glyphs.iter().all(|g| g.glyph_id != 0),
            "{text}: a missing glyph"
        );
        run.glyphs.first().expect("a glyph").font_id
    };
    let mut plain = cosmic_text::FontSystem::new_with_locale_and_db("zh-CN".into(), db);
    for text in ["🍅 西红柿", "🔊 Read aloud"] {
        assert_eq!(
            family_of(&mut plain, text),
            system,
            "{text}: without the preference the system's font draws it"
        );
    }
    let mut fonts = linli::ui::fonts::with_bundled_first(plain);
    // U+FE0F (emoji presentation) after a picture draws nothing of its own.
    for text in [
        "🍅 西红柿",
        "🔊 Read aloud",
        "🥚",
        "🎤 录音",
        "🐟\u{FE0F} 鲫鱼",
        "🍅\u{FE0F}",
    ] {
        assert_eq!(family_of(&mut fonts, text), ours, "{text}");
    }
}
