//! Ordering by voice in the real app (iced_test's simulator, a real hub on loopback): she
//! teaches the app her voice on the enrolment screen, then orders with 说话 — a recording
//! made by espeak-ng (Mandarin, tone-numbered pinyin) stands in for the microphone at each
//! step, said at another speed and pitch than at enrolment. Also: nothing is bought without
//! 确定, what a take of silence does, re-recording and erasing, and `linli voice match`.

mod common;

use chrono::Duration;
use common::{Offer, World, click, settle, shows};
use iced::keyboard::{Key, key::Named};
use linli::app::{App, Message};
use linli::basic::{Message as B, Screen};
use linli::system::settings::Settings;
use linli::voice::audio::Mic;
use linli::voice::{Phrase, Voice};
use linli_voice::espeak::{self, Voice as Synth};
use std::path::{Path, PathBuf};

fn offers() -> Vec<Offer> {
    vec![
        Offer("西红柿", "斤", 380, 20, 5, Duration::hours(8)),
        Offer("土鸡蛋", "盒", 1290, 10, 3, Duration::hours(8)),
        Offer("小白菜", "把", 250, 30, 5, Duration::hours(8)),
    ]
}

/// What she says for each phrase, in tone-numbered pinyin.
fn pinyin(p: Phrase) -> &'static str {
    let id = p.id();
    espeak::PHRASES.iter().find(|(i, _)| *i == id).unwrap().1
}

fn synth(speed: u32, pitch: u32) -> Synth {
    Synth {
        speed,
        pitch,
        variant: None,
    }
}

/// `words` said by `voice`, as a WAV file in `dir` (the stand-in microphone's recording).
fn recording(dir: &Path, name: &str, words: &str, voice: &Synth) -> PathBuf {
    let audio = espeak::say(words, voice).expect("espeak-ng (scripts/setup installs it)");
    let path = dir.join(format!("{name}.wav"));
    linli_voice::wav::write(&path, &audio).unwrap();
    path
}

/// Presses one key and runs whatever the app starts (the microphone's task included).
async fn key(app: &mut App, k: Key) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(app);
        let _ = ui.tap_key(k);
        ui.into_messages().collect()
    };
    for m in messages {
        let t = app.update(m);
        settle(app, t).await;
    }
}

/// Clicks the widget showing `text` and runs whatever the app starts.
async fn click_and_run(app: &mut App, text: &str) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(app);
        ui.click(text)
            .unwrap_or_else(|e| panic!("can't click {text:?}: {e}"));
        ui.into_messages().collect()
    };
    for m in messages {
        let t = app.update(m);
        settle(app, t).await;
    }
}

/// Says `words` into the stand-in microphone after pressing Space (说话).
async fn say(app: &mut App, dir: &Path, name: &str, words: &str, voice: &Synth) {
    app.voice.mic = Mic::File(recording(dir, name, words, voice));
    key(app, Key::Named(Named::Space)).await;
}

/// Enrols the first eleven phrases (deals one to five and the commands) on the enrolment
/// screen, three takes each at slightly different speeds, with the Enter key.
async fn enrol(app: &mut App, dir: &Path) {
    click(app, "设置");
    click(app, "🎤 声音：说话点菜");
    assert_eq!(app.basic.screen, Screen::Voice);
    assert!(shows(app, "请说：第一个"), "the first prompt");
    for p in Phrase::ALL.iter().take(11) {
        assert_eq!(
            app.basic.voice.phrase(),
            *p,
            "the screen moves on by itself"
        );
        for (take, speed) in [145, 155, 165].into_iter().enumerate() {
            let name = format!("enrol-{}-{take}", p.id());
            app.voice.mic = Mic::File(recording(dir, &name, pinyin(*p), &synth(speed, 50)));
            key(app, Key::Named(Named::Enter)).await;
            assert_eq!(app.voice.count(*p), take + 1, "take {take} of {p:?} kept");
        }
    }
    assert!(app.voice.complete(11));
    assert!(
        app.speaker.last.iter().any(|l| l.contains("都录好了")),
        "she is told she is done: {:?}",
        app.speaker.last
    );
}

async fn world(dir: &Path) -> World {
    let mut w = World::new(&offers(), Settings::default()).await;
    w.app.voice = Voice::open(&dir.join("voice"), Mic::File(dir.join("none.wav")));
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_teaches_the_app_her_voice_then_orders_by_voice() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut w = world(dir).await;
    assert!(
        !shows(&w.app, "🎤 说话"),
        "no 说话 before she has taught it her voice"
    );
    enrol(&mut w.app, dir).await;
    click(&mut w.app, "← 返回");
    click(&mut w.app, "← 返回");
    assert_eq!(w.app.basic.screen, Screen::Deals);
    assert!(shows(&w.app, "🎤 说话"), "说话 on the deals");
    assert!(
        shows(
            &w.app,
            "按“说话”或空格键，听到提示音再说：第一个到第三个、朗读"
        ),
        "and what she can say here: three deals, so first to third"
    );

    // At enrolment she spoke at 145–165 words a minute, pitch 50; now slower and higher.
    let now = synth(130, 62);
    say(&mut w.app, dir, "2", "di4 er4 ge4", &now).await;
    let Screen::Order(d) = w.app.basic.screen.clone() else {
        panic!("第二个 opens the second deal: {:?}", w.app.basic.screen)
    };
    assert_eq!(d.deal, w.deals[1].id, "土鸡蛋, the second card");
    assert!(
        shows(&w.app, "您说的是：第二个，土鸡蛋"),
        "what was heard, shown"
    );
    assert_eq!(
        w.app.speaker.last.first().map(String::as_str),
        Some("您说的是：第二个，土鸡蛋"),
        "and said"
    );

    say(&mut w.app, dir, "more", "duo1 yi4 dian3", &now).await;
    assert!(shows(&w.app, "2 盒"), "多一点: two boxes");
    say(&mut w.app, dir, "yes1", "que4 ding4", &now).await;
    assert!(
        matches!(w.app.basic.screen, Screen::Confirm(_)),
        "确定 on how many goes to the question: {:?}",
        w.app.basic.screen
    );
    assert_eq!(w.app.vm.pending, 0, "nothing bought yet");

    // Something else entirely: nothing happens but "say it again".
    say(
        &mut w.app,
        dir,
        "other",
        "jin1 tian1 tian1 qi4 zhen1 hao3 a",
        &now,
    )
    .await;
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    assert!(shows(&w.app, "没听清，请再说一遍，或者按按钮。"));
    assert_eq!(w.app.vm.pending, 0, "still nothing bought");

    let learned_before = wav_files(&dir.join("voice"));
    say(&mut w.app, dir, "yes2", "que4 ding4", &now).await;
    assert!(
        matches!(w.app.basic.screen, Screen::Done(_)),
        "确定 on the question buys: {:?}",
        w.app.basic.screen
    );
    assert_eq!(w.app.vm.pending, 1, "the order waits to be sent");
    w.sync().await;
    let mine = &w.app.vm.orders;
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].deal.id, mine[0].order.qty), (w.deals[1].id, 2));
    assert_eq!(
        w.app.announcement.as_deref(),
        Some("土鸡蛋：团长那边已经收到了"),
        "the hub confirmed it"
    );
    assert!(
        wav_files(&dir.join("voice")) > learned_before,
        "what she said on the way to the order was kept to learn from"
    );
}

/// Whether some text on the screen starts with `prefix`.
fn simulator_text_starts(app: &App, prefix: &str) -> bool {
    use iced_test::selector::Candidate;
    let mut ui = common::simulator_of(app);
    ui.find(|c: Candidate<'_>| match c {
        Candidate::Text { content, .. } if content.starts_with(prefix) => Some(()),
        _ => None,
    })
    .is_ok()
}

fn wav_files(dir: &Path) -> usize {
    walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .count()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_bought_without_yes_and_buttons_still_work() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut w = world(dir).await;
    enrol(&mut w.app, dir).await;
    click(&mut w.app, "← 返回");
    click(&mut w.app, "← 返回");
    let now = synth(160, 40);
    say(&mut w.app, dir, "1", "di4 yi1 ge4", &now).await;
    assert!(matches!(w.app.basic.screen, Screen::Order(_)));
    // A button in between: voice is an extra way, never the only one.
    click(&mut w.app, "确定 ⏎");
    assert!(matches!(w.app.basic.screen, Screen::Confirm(_)));
    say(&mut w.app, dir, "no", "bu2 yao4", &now).await;
    assert!(
        matches!(w.app.basic.screen, Screen::Order(_)),
        "不要 goes back to how many: {:?}",
        w.app.basic.screen
    );
    assert!(shows(&w.app, "您说的是：不要"));
    say(&mut w.app, dir, "back", "fan3 hui2", &now).await;
    assert_eq!(
        w.app.basic.screen,
        Screen::Deals,
        "返回 goes back to the deals"
    );
    // A button pressed while it listens wins: what the microphone brings after is dropped.
    w.app.voice.mic = Mic::File(recording(dir, "3", "di4 san1 ge4", &now));
    let listening = w.app.update(Message::Basic(B::Talk));
    assert!(shows(&w.app, "在听……请说"), "it shows that it listens");
    click(&mut w.app, "西红柿");
    settle(&mut w.app, listening).await;
    let Screen::Order(d) = w.app.basic.screen.clone() else {
        panic!("{:?}", w.app.basic.screen)
    };
    assert_eq!(
        d.deal, w.deals[0].id,
        "the tomatoes she pressed, not the third deal"
    );
    assert!(
        !shows(&w.app, "没听清，请再说一遍，或者按按钮。"),
        "nor is she told it missed what she said before pressing"
    );
    assert_eq!(w.app.vm.pending, 0, "nothing was bought");
    assert!(w.app.vm.orders.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_keeps_only_speech_re_records_and_erases() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut w = world(dir).await;
    click(&mut w.app, "设置");
    click(&mut w.app, "🎤 声音：说话点菜");
    // A take of silence is not kept, and she is told.
    let quiet = dir.join("quiet.wav");
    linli_voice::wav::write(&quiet, &vec![0.0; 32_000]).unwrap();
    w.app.voice.mic = Mic::File(quiet);
    key(&mut w.app, Key::Named(Named::Enter)).await;
    assert_eq!(w.app.voice.count(Phrase::Item(1)), 0);
    assert!(shows(
        &w.app,
        "没听到声音。请靠近话筒，大声一点，再录一遍。"
    ));
    // Two takes, then 重录 replaces the last.
    for t in 0..2 {
        w.app.voice.mic = Mic::File(recording(
            dir,
            &format!("t{t}"),
            "di4 yi1 ge4",
            &synth(150, 50),
        ));
        key(&mut w.app, Key::Named(Named::Space)).await;
    }
    assert!(shows(&w.app, "已录 2 遍（要 3 遍）"));
    let before = w.app.voice.takes(Phrase::Item(1));
    let bytes = |p: &Path| std::fs::read(p).unwrap();
    let (first, last) = (bytes(&before[0]), bytes(&before[1]));
    w.app.voice.mic = Mic::File(recording(dir, "t2", "di4 yi1 ge4", &synth(120, 55)));
    click_and_run(&mut w.app, "重录").await;
    let after = w.app.voice.takes(Phrase::Item(1));
    assert_eq!(after.len(), 2, "the last take replaced, not added to");
    assert_eq!(bytes(&after[0]), first, "the first take stays");
    assert_ne!(bytes(&after[1]), last, "the last take is the new recording");
    // A microphone that fails says so in words, and keeps what she has.
    w.app.voice.mic = Mic::File(dir.join("missing.wav"));
    key(&mut w.app, Key::Named(Named::Enter)).await;
    assert!(
        w.app
            .speaker
            .last
            .iter()
            .any(|l| l.starts_with("话筒出了问题，请按按钮。")),
        "{:?}",
        w.app.speaker.last
    );
    assert_eq!(w.app.voice.count(Phrase::Item(1)), 2);
    // A damaged take (a crash, a bad disk) is left out and named; the others still work.
    std::fs::write(dir.join("voice/item-1/000099.wav"), b"RIFF....WAVEjunk").unwrap();
    w.app.voice = Voice::open(&dir.join("voice"), Mic::File(dir.join("t0.wav")));
    assert_eq!(w.app.voice.skipped.len(), 1, "{:?}", w.app.voice.skipped);
    assert!(w.app.voice.enrolled(), "her other takes are still there");
    assert!(
        simulator_text_starts(&w.app, "这几个录音坏了，没有用上（其他的都能用）"),
        "the enrolment screen says which"
    );
    // Erase, after being asked; Enter at the question keeps them.
    click(&mut w.app, "删除我的全部录音");
    assert!(shows(
        &w.app,
        "删除您全部的录音吗？删了以后要重新录，才能说话点菜。"
    ));
    common::press(&mut w.app, Key::Named(Named::Enter));
    assert!(w.app.voice.enrolled(), "Enter erases nothing");
    click(&mut w.app, "删除我的全部录音");
    click(&mut w.app, "删除");
    assert!(!w.app.voice.enrolled());
    assert_eq!(
        wav_files(&dir.join("voice")),
        0,
        "no recording left on disk"
    );
}

/// A member's first run on a computer with a microphone: after joining, the app offers to
/// learn her voice; 以后再说 goes to the deals. (Without one, or once taught, it goes straight
/// to the deals.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_joining_a_member_is_offered_to_teach_her_voice_and_can_say_later() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let w = world(dir).await;
    let join = |mic: PathBuf| {
        let mut app = App::new(
            std::sync::Arc::new(std::sync::Mutex::new(
                linli_core::store::Store::open_in_memory().unwrap(),
            )),
            Settings::default(),
            linli::system::speech::Speaker::silent(),
            None,
        );
        app.voice = Voice::open(&dir.join("new-voice"), Mic::File(mic));
        for m in [
            B::SetupHub(w.url.clone()),
            B::SetupInvite(w.invites.member_invite.clone()),
            B::SetupName("赵奶奶".into()),
        ] {
            let _ = app.update(Message::Basic(m));
        }
        app
    };
    let mic = recording(dir, "any", "di4 yi1 ge4", &synth(150, 50));
    let mut app = join(mic);
    joined(&mut app).await;
    assert_eq!(
        app.basic.screen,
        Screen::Voice,
        "offered right after joining"
    );
    assert!(shows(&app, "请说：第一个"));
    assert!(shows(&app, "以后再说"));
    click(&mut app, "以后再说");
    assert_eq!(app.basic.screen, Screen::Deals);
    assert!(
        app.basic.is_home(),
        "the deals are home: no way back to the offer"
    );

    // No microphone: not offered.
    let mut app = join(dir.join("no-such-microphone.wav"));
    joined(&mut app).await;
    assert_eq!(app.basic.screen, Screen::Deals);
}

/// Presses 加入 on the first-run form and hands the hub's answer to the app (sync is not
/// started: its task never ends).
async fn joined(app: &mut App) {
    let messages: Vec<Message> = {
        let mut ui = common::simulator_of(app);
        ui.click("加入").unwrap();
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        for m in common::outputs(task).await {
            let _ = app.update(m);
        }
    }
    assert!(app.identity.is_some(), "joined");
}

#[test]
fn linli_voice_match_prints_the_phrase_or_none() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let enrolled = dir.join("enrolled");
    for p in [Phrase::Yes, Phrase::No, Phrase::Item(3)] {
        std::fs::create_dir_all(enrolled.join(p.id())).unwrap();
        for (i, speed) in [140, 150, 160].into_iter().enumerate() {
            let a = espeak::say(pinyin(p), &synth(speed, 50)).unwrap();
            linli_voice::wav::write(&enrolled.join(p.id()).join(format!("{i}.wav")), &a).unwrap();
        }
    }
    let run = |only: &str, wav: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
            .args(["voice", "match", "--enrolled"])
            .arg(&enrolled)
            .args(["--only", only, "--wav"])
            .arg(wav)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let third = recording(dir, "third", "di4 san1 ge4", &synth(125, 60));
    assert_eq!(run("yes,no,item-3", &third).1, "item-3");
    let yes = recording(dir, "yes", "que4 ding4", &synth(175, 42));
    assert_eq!(run("yes,no", &yes).1, "yes");
    // --only leaves 确定 out: nothing else is taken for it.
    assert_eq!(run("no,item-3", &yes).1, "none");
    let other = recording(
        dir,
        "other",
        "wo3 xiang3 qu4 gong1 yuan2 san4 bu4",
        &synth(150, 50),
    );
    assert_eq!(run("yes,no,item-3", &other).1, "none");
    // A file that is not a recording: an error naming it, and no answer.
    let bad = dir.join("bad.wav");
    std::fs::write(&bad, b"RIFF not really").unwrap();
    let (ok, out, err) = run("yes", &bad);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(err.contains("bad.wav"), "{err}");
}

/// Every text on screen that holds `words`, as written (a selector that only looks).
fn texts_holding(app: &App, words: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut ui = common::simulator_of(app);
    let _ = ui.find(|c: iced_test::selector::Candidate<'_>| {
        if let iced_test::selector::Candidate::Text { content, .. } = c
            && content.contains(words)
        {
            found.push(content.to_string());
        }
        None::<()>
    });
    found
}

/// What clicking the text `text` sends to the member's screens.
fn pressing(app: &App, text: &str) -> Vec<B> {
    let mut ui = common::simulator_of(app);
    if ui.click(text).is_err() {
        return Vec::new();
    }
    ui.into_messages()
        .filter_map(|m| match m {
            Message::Basic(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// Say what you see: on each screen with the 说话 bar (the deals, how many, the question),
/// in both languages, each phrase the screen accepts is written on a button, and pressing
/// that button does what saying the phrase does. (No enrolment needed: the buttons say the
/// phrases whether or not she has taught the app her voice.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_phrase_a_screen_hears_is_written_on_the_button_it_presses() {
    for lang in linli::i18n::Lang::ALL {
        let settings = Settings {
            lang,
            ..Settings::default()
        };
        let mut w = World::new(&offers(), settings).await;
        let open = w.deals[1].id;
        let screens: [(&str, Vec<B>); 3] = [
            ("deals", vec![]),
            ("how many", vec![B::OpenDeal(open)]),
            ("question", vec![B::Next]),
        ];
        for (name, way) in screens {
            for m in way {
                let _ = w.app.update(Message::Basic(m));
            }
            let v = w.app.basic.view_of(w.app.shared());
            let wanted = linli::basic::voice::wanted(v);
            assert!(!wanted.is_empty(), "{name}: a voice screen");
            for p in wanted {
                let v = w.app.basic.view_of(w.app.shared());
                let words = linli::basic::voice::say(&w.app.shared(), p);
                let (does, _) = linli::basic::voice::meaning(v, p)
                    .unwrap_or_else(|| panic!("{name}: {words} means something here"));
                let texts = texts_holding(&w.app, &words);
                assert!(
                    texts
                        .iter()
                        .any(|t| format!("{:?}", pressing(&w.app, t)) == format!("{:?}", [&does])),
                    "{lang:?} {name}: no button saying {words:?} does {does:?}; texts holding it: {texts:?}"
                );
            }
        }
    }
}
