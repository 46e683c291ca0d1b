//! How well and how fast the template listener recognises espeak-ng speech under other
//! conditions than it was enrolled in: `cargo bench -p linli-voice --bench voice`.
//!
//! Enrols 3 takes of each of the 15 phrases near one voice setting (speed 150, pitch 50,
//! default variant), then for each condition and each screen's phrase set counts right /
//! wrong / missed, false fires on 20 unrelated sentences, and times `hear`. Conditions come
//! in three lists: TUNING (the parameters were chosen on these), SEEN (the first held-out
//! list: its result once led to a threshold change, so it is no longer blind) and HELD_OUT
//! (written down before the speaker normalisation and noise work was measured, run once at
//! the end). A fourth list, RECORDER, is another recorder: her takes trimmed at the ends
//! (a second and third enrolment), what she says trimmed, female voices in room noise; and
//! noise alone against each enrolment. `LINLI_VOICE_SWEEP=1` tries parameter sets on
//! TUNING only, `LINLI_VOICE_SWEEP=recorder` trimming sets on TUNING and RECORDER;
//! `LINLI_VOICE_TUNING=1` prints the TUNING table only, `LINLI_VOICE_RECORDER=1` TUNING
//! and RECORDER (for development).

use linli_voice::espeak::{self, PHRASES, UNRELATED, Voice};
use linli_voice::{Enrolment, Heard, ListenerParams, TemplateListener, Vtln};
use std::time::Instant;

const SCREENS: [(&str, &[&str]); 4] = [
    (
        "deals",
        &[
            "item-1",
            "item-2",
            "item-3",
            "item-4",
            "item-5",
            "back",
            "read-aloud",
        ],
    ),
    ("how-many", &["more", "less", "yes", "back"]),
    ("confirm", &["yes", "no"]),
    (
        "all 15",
        &[
            "item-1",
            "item-2",
            "item-3",
            "item-4",
            "item-5",
            "item-6",
            "item-7",
            "item-8",
            "item-9",
            "back",
            "read-aloud",
            "more",
            "less",
            "yes",
            "no",
        ],
    ),
];

#[derive(Clone, Copy)]
enum Noise {
    None,
    White(f32),
    Babble(f32),
}

struct Condition {
    name: &'static str,
    speed: u32,
    pitch: u32,
    variant: Option<&'static str>,
    noise: Noise,
    pad: f32,
    gain_db: f32,
}

const fn c(
    name: &'static str,
    speed: u32,
    pitch: u32,
    variant: Option<&'static str>,
    noise: Noise,
    pad: f32,
    gain_db: f32,
) -> Condition {
    Condition {
        name,
        speed,
        pitch,
        variant,
        noise,
        pad,
        gain_db,
    }
}

/// The first 9 chose the parameters before VTLN; the last two (harder noise) were added
/// with VTLN, to have noise to tune the noise handling on.
const TUNING: [Condition; 11] = [
    c("speed 130", 130, 50, None, Noise::None, 0.3, 0.0),
    c("speed 170", 170, 50, None, Noise::None, 0.3, 0.0),
    c("pitch 42", 150, 42, None, Noise::None, 0.3, 0.0),
    c("pitch 58", 150, 58, None, Noise::None, 0.3, 0.0),
    c("variant m3", 150, 50, Some("m3"), Noise::None, 0.3, 0.0),
    c("variant f2", 150, 50, Some("f2"), Noise::None, 0.3, 0.0),
    c("white 20 dB", 150, 50, None, Noise::White(20.0), 0.3, 0.0),
    c(
        "pad 1 s + white 30 dB",
        150,
        50,
        None,
        Noise::White(30.0),
        1.0,
        0.0,
    ),
    c("gain -15 dB", 150, 50, None, Noise::None, 0.3, -15.0),
    c("white 12 dB", 150, 50, None, Noise::White(12.0), 0.3, 0.0),
    c("babble 18 dB", 150, 50, None, Noise::Babble(18.0), 0.3, 0.0),
];

/// The first held-out list. Seen: its result led to the threshold factor 3.0.
const SEEN: [Condition; 12] = [
    c("speed 120", 120, 50, None, Noise::None, 0.3, 0.0),
    c("speed 180", 180, 50, None, Noise::None, 0.3, 0.0),
    c("pitch 35", 150, 35, None, Noise::None, 0.3, 0.0),
    c("pitch 65", 150, 65, None, Noise::None, 0.3, 0.0),
    c("variant m7", 150, 50, Some("m7"), Noise::None, 0.3, 0.0),
    c("variant f4", 150, 50, Some("f4"), Noise::None, 0.3, 0.0),
    c(
        "variant klatt",
        150,
        50,
        Some("klatt"),
        Noise::None,
        0.3,
        0.0,
    ),
    c("babble 20 dB", 150, 50, None, Noise::Babble(20.0), 0.3, 0.0),
    c("white 15 dB", 150, 50, None, Noise::White(15.0), 0.3, 0.0),
    c("pad 1 s", 150, 50, None, Noise::None, 1.0, 0.0),
    c(
        "gain -25 dB + pad 0.5 s",
        150,
        50,
        None,
        Noise::None,
        0.5,
        -25.0,
    ),
    c(
        "speed 170 pitch 60 white 20 dB",
        170,
        60,
        None,
        Noise::White(20.0),
        1.0,
        0.0,
    ),
];

/// Blind: written down (commit "bench: new blind HELD_OUT list") before any of it was run,
/// run once at the end; nothing was tuned after.
const HELD_OUT: [Condition; 12] = [
    c("speed 110", 110, 50, None, Noise::None, 0.3, 0.0),
    c("speed 195", 195, 50, None, Noise::None, 0.3, 0.0),
    c("pitch 28", 150, 28, None, Noise::None, 0.3, 0.0),
    c("pitch 72", 150, 72, None, Noise::None, 0.3, 0.0),
    c("variant m2", 150, 50, Some("m2"), Noise::None, 0.3, 0.0),
    c("variant m5", 150, 50, Some("m5"), Noise::None, 0.3, 0.0),
    c("variant f1", 150, 50, Some("f1"), Noise::None, 0.3, 0.0),
    c("variant f5", 150, 50, Some("f5"), Noise::None, 0.3, 0.0),
    c(
        "variant grandpa",
        150,
        50,
        Some("grandpa"),
        Noise::None,
        0.3,
        0.0,
    ),
    c("babble 15 dB", 150, 50, None, Noise::Babble(15.0), 0.3, 0.0),
    c(
        "white 25 dB + pad 1.5 s",
        150,
        50,
        None,
        Noise::White(25.0),
        1.5,
        0.0,
    ),
    c(
        "gain -20 dB + speed 125",
        125,
        50,
        None,
        Noise::None,
        0.3,
        -20.0,
    ),
];

/// Trimming as another recorder does it: cut to within this many dB of the peak sample.
const TRIM_DB: f32 = 40.0;
/// A harder trim, into her softest sounds.
const TRIM_HARD_DB: f32 = 25.0;

/// Another recorder (issue 20, item 10): her set-up takes trimmed at the ends (`takes`:
/// `Some(dB)`, see [`espeak::trim`]) and/or what she says trimmed (`said_trimmed`), and a
/// female voice in room noise. Added with the trimming work; its "before" column is the
/// code before that work.
struct Recorder {
    cond: Condition,
    takes: Option<f32>,
    said_trimmed: bool,
}

const fn r(cond: Condition, takes: Option<f32>, said_trimmed: bool) -> Recorder {
    Recorder {
        cond,
        takes,
        said_trimmed,
    }
}

const RECORDER: [Recorder; 10] = [
    r(
        c(
            "takes trimmed; said + 0.3 s silence",
            150,
            50,
            None,
            Noise::None,
            0.3,
            0.0,
        ),
        Some(TRIM_DB),
        false,
    ),
    r(
        c(
            "takes trimmed; said + 1 s white 30 dB",
            150,
            50,
            None,
            Noise::White(30.0),
            1.0,
            0.0,
        ),
        Some(TRIM_DB),
        false,
    ),
    r(
        c(
            "takes trimmed; said + 1 s babble 25 dB",
            150,
            50,
            None,
            Noise::Babble(25.0),
            1.0,
            0.0,
        ),
        Some(TRIM_DB),
        false,
    ),
    r(
        c(
            "takes trimmed hard; said + 0.3 s silence",
            150,
            50,
            None,
            Noise::None,
            0.3,
            0.0,
        ),
        Some(TRIM_HARD_DB),
        false,
    ),
    r(
        c(
            "takes trimmed; speed 130 pitch 42 + 0.5 s",
            130,
            42,
            None,
            Noise::None,
            0.5,
            0.0,
        ),
        Some(TRIM_DB),
        false,
    ),
    r(
        c(
            "takes as recorded; said trimmed",
            150,
            50,
            None,
            Noise::None,
            0.3,
            0.0,
        ),
        None,
        true,
    ),
    r(
        c(
            "takes as recorded; said in white 30 dB, trimmed",
            150,
            50,
            None,
            Noise::White(30.0),
            0.3,
            0.0,
        ),
        None,
        true,
    ),
    r(
        c(
            "variant f3 + white 30 dB",
            150,
            50,
            Some("f3"),
            Noise::White(30.0),
            0.3,
            0.0,
        ),
        None,
        false,
    ),
    r(
        c(
            "variant f1 + white 30 dB + 1 s",
            150,
            50,
            Some("f1"),
            Noise::White(30.0),
            1.0,
            0.0,
        ),
        None,
        false,
    ),
    r(
        c(
            "takes trimmed; variant f3 + white 30 dB",
            150,
            50,
            Some("f3"),
            Noise::White(30.0),
            0.3,
            0.0,
        ),
        Some(TRIM_DB),
        false,
    ),
];

/// Clips with no speech in them: digital silence, steady hiss and hum at several levels,
/// babble alone, a door knock (clicks). None may be heard as a phrase.
fn noise_only() -> Vec<(String, Vec<f32>)> {
    let n = 2 * 16_000;
    let mut v = vec![("silence".to_string(), vec![0f32; n])];
    for db in [-70.0f32, -50.0, -40.0, -30.0, -20.0] {
        let hiss = espeak::gain(&espeak::white_noise(n, 900 + db.abs() as u64), db + 4.8);
        v.push((format!("white {db} dBFS"), hiss));
    }
    for db in [-40.0f32, -20.0] {
        let hum: Vec<f32> = (0..n)
            .map(|i| {
                10f32.powf(db / 20.0)
                    * 1.41
                    * (i as f32 * 50.0 * std::f32::consts::TAU / 16_000.0).sin()
            })
            .collect();
        v.push((format!("hum 50 Hz {db} dBFS"), hum));
    }
    for (k, db) in [-35.0f32, -25.0].into_iter().enumerate() {
        let b = espeak::babble(n, 950 + k as u64).expect("babble");
        let p = b.iter().map(|x| x * x).sum::<f32>() / n as f32;
        let g = 10f32.powf(db / 20.0) / p.sqrt();
        v.push((
            format!("babble alone {db} dBFS"),
            b.iter().map(|x| x * g).collect(),
        ));
    }
    let mut knock = espeak::gain(&espeak::white_noise(n, 990), -60.0);
    for at in [8_000usize, 12_000, 16_000] {
        for (i, x) in knock[at..at + 400].iter_mut().enumerate() {
            *x += 0.5 * (-(i as f32) / 60.0).exp() * if i % 2 == 0 { 1.0 } else { -1.0 };
        }
    }
    v.push(("knocks".to_string(), knock));
    v
}

fn render(text: &str, cond: &Condition, seed: u64) -> Vec<f32> {
    let voice = Voice {
        speed: cond.speed,
        pitch: cond.pitch,
        variant: cond.variant.map(String::from),
    };
    let clean = espeak::say(text, &voice).expect("espeak-ng (apt-get install espeak-ng)");
    let a = espeak::gain(&espeak::pad(&clean, cond.pad), cond.gain_db);
    match cond.noise {
        Noise::None => a,
        Noise::White(snr) => espeak::add_noise(&a, &espeak::white_noise(a.len(), seed), snr),
        Noise::Babble(snr) => {
            espeak::add_noise(&a, &espeak::babble(a.len(), seed).expect("babble"), snr)
        }
    }
}

/// Three takes near speed 150 / pitch 50, each with faint noise of its own (as three
/// recordings of one person differ); `trim_db`: each take then cut to its first and last
/// sample within that many dB of its peak (another recorder's "trim silence").
fn enrol(dir: &std::path::Path, trim_db: Option<f32>) -> Enrolment {
    let e = Enrolment::open(dir).unwrap();
    for (i, (id, text)) in PHRASES.iter().enumerate() {
        for (t, (speed, pitch)) in [(145, 48), (150, 50), (157, 53)].into_iter().enumerate() {
            let v = Voice {
                speed,
                pitch,
                variant: None,
            };
            let a = espeak::pad(&espeak::say(text, &v).unwrap(), 0.3);
            let a = espeak::add_noise(
                &a,
                &espeak::white_noise(a.len(), 1000 + (i * 10 + t) as u64),
                40.0,
            );
            let a = trim_db.map_or(a.clone(), |db| espeak::trim(&a, db));
            e.add(id, &a).unwrap();
        }
    }
    e
}

struct Audio {
    phrases: Vec<Vec<f32>>,
    unrelated: Vec<Vec<f32>>,
}

fn render_all(cond: &Condition, k: u64) -> Audio {
    Audio {
        phrases: PHRASES
            .iter()
            .enumerate()
            .map(|(i, (_, t))| render(t, cond, k * 100 + i as u64))
            .collect(),
        unrelated: UNRELATED
            .iter()
            .enumerate()
            .map(|(i, t)| render(t, cond, k * 100 + 50 + i as u64))
            .collect(),
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    wrong: usize,
    missed: usize,
    other_fired: usize,
    others: usize,
    false_fires: usize,
    unrelated: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.right += o.right;
        self.wrong += o.wrong;
        self.missed += o.missed;
        self.other_fired += o.other_fired;
        self.others += o.others;
        self.false_fires += o.false_fires;
        self.unrelated += o.unrelated;
    }
}

fn run(l: &TemplateListener, audio: &Audio, only: &[&str], times: &mut Vec<f64>) -> Tally {
    let mut t = Tally::default();
    let mut hear = |a: &[f32]| {
        let start = Instant::now();
        let h = l.score(a, only).heard;
        times.push(start.elapsed().as_secs_f64());
        h
    };
    for ((id, _), a) in PHRASES.iter().zip(&audio.phrases) {
        let h = hear(a);
        if only.contains(id) {
            match h {
                Heard::Phrase(p) if p == *id => t.right += 1,
                Heard::Phrase(_) => t.wrong += 1,
                Heard::Nothing => t.missed += 1,
            }
        } else {
            t.others += 1;
            if h != Heard::Nothing {
                t.other_fired += 1;
            }
        }
    }
    for a in &audio.unrelated {
        t.unrelated += 1;
        if hear(a) != Heard::Nothing {
            t.false_fires += 1;
        }
    }
    t
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn row(name: &str, screen: &str, t: &Tally) {
    let asked = t.right + t.wrong + t.missed;
    println!(
        "| {name} | {screen} | {}/{asked} ({:.0}%) | {} | {} | {}/{} | {}/{} |",
        t.right,
        pct(t.right, asked),
        t.wrong,
        t.missed,
        t.other_fired,
        t.others,
        t.false_fires,
        t.unrelated
    );
}

fn table(
    title: &str,
    l: &TemplateListener,
    conds: &[Condition],
    audio: &[Audio],
    verbose: bool,
) -> [Tally; 4] {
    let mut totals = [Tally::default(); 4];
    let mut times = Vec::new();
    if verbose {
        println!("\n### {title}\n");
        println!(
            "| condition | screen | right | wrong | missed | other screens' phrases fired | unrelated fired |"
        );
        println!("|---|---|---|---|---|---|---|");
    }
    for (cond, a) in conds.iter().zip(audio) {
        for (s, (screen, only)) in SCREENS.iter().enumerate() {
            let t = run(l, a, only, &mut times);
            totals[s].add(&t);
            if verbose {
                row(cond.name, screen, &t);
            }
        }
    }
    if verbose {
        println!("\n{title}, all conditions:\n");
        println!(
            "| screen | right | wrong | missed | other screens' phrases fired | unrelated fired | per 20 |"
        );
        println!("|---|---|---|---|---|---|---|");
        for (s, (screen, _)) in SCREENS.iter().enumerate() {
            let t = &totals[s];
            let asked = t.right + t.wrong + t.missed;
            println!(
                "| {screen} | {}/{asked} ({:.1}%) | {} | {} | {}/{} | {}/{} | {:.2} |",
                t.right,
                pct(t.right, asked),
                t.wrong,
                t.missed,
                t.other_fired,
                t.others,
                t.false_fires,
                t.unrelated,
                20.0 * t.false_fires as f64 / t.unrelated as f64
            );
        }
        let per_screen = totals[..3].iter().fold(Tally::default(), |mut a, t| {
            a.add(t);
            a
        });
        let asked = per_screen.right + per_screen.wrong + per_screen.missed;
        println!(
            "| per-screen sets together | {}/{asked} ({:.1}%) | {} | {} | {}/{} | {}/{} | {:.2} |",
            per_screen.right,
            pct(per_screen.right, asked),
            per_screen.wrong,
            per_screen.missed,
            per_screen.other_fired,
            per_screen.others,
            per_screen.false_fires,
            per_screen.unrelated,
            20.0 * per_screen.false_fires as f64 / per_screen.unrelated as f64
        );
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        let p95 = times[times.len() * 95 / 100];
        println!(
            "\n`hear` over {} calls: mean {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            times.len(),
            mean * 1e3,
            p95 * 1e3,
            times[times.len() - 1] * 1e3
        );
    }
    totals
}

fn main() {
    let dir = std::env::temp_dir().join(format!("linli-voice-bench-{}", std::process::id()));
    let t0 = Instant::now();
    let enrolment = enrol(&dir, None);
    let tuning: Vec<Audio> = TUNING
        .iter()
        .enumerate()
        .map(|(k, c)| render_all(c, k as u64 + 1))
        .collect();
    let recorder_only = std::env::var_os("LINLI_VOICE_RECORDER").is_some();
    let tuning_only = [
        "LINLI_VOICE_DIAG",
        "LINLI_VOICE_SWEEP",
        "LINLI_VOICE_TUNING",
        "LINLI_VOICE_RECORDER",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some());
    let (seen, held): (Vec<Audio>, Vec<Audio>) = if tuning_only {
        (Vec::new(), Vec::new())
    } else {
        (
            SEEN.iter()
                .enumerate()
                .map(|(k, c)| render_all(c, k as u64 + 101))
                .collect(),
            HELD_OUT
                .iter()
                .enumerate()
                .map(|(k, c)| render_all(c, k as u64 + 201))
                .collect(),
        )
    };
    println!(
        "setup (espeak-ng, enrolment, {} conditions): {:.1} s",
        tuning.len() + seen.len() + held.len(),
        t0.elapsed().as_secs_f64()
    );

    if std::env::var_os("LINLI_VOICE_DIAG").is_some() {
        diag(&enrolment, &tuning);
        enrolment.erase().unwrap();
        return;
    }
    if std::env::var("LINLI_VOICE_SWEEP").is_ok_and(|v| v == "recorder") {
        recorder_sweep(&dir, &enrolment, &tuning);
        enrolment.erase().unwrap();
        return;
    }
    if std::env::var_os("LINLI_VOICE_SWEEP").is_some() {
        sweep(&enrolment, &tuning);
        enrolment.erase().unwrap();
        return;
    }

    let t = Instant::now();
    let l = TemplateListener::load(&enrolment).unwrap();
    println!(
        "load (15 phrases × 3 recordings, thresholds): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("parameters: {:?}", ListenerParams::default());
    table("TUNING conditions", &l, &TUNING, &tuning, true);
    if recorder_only {
        let d = recorder_data(&dir);
        recorder(&d, &enrolment, &ListenerParams::default(), true);
        erase_trimmed(d);
    }
    if tuning_only {
        enrolment.erase().unwrap();
        return;
    }
    table("SEEN conditions", &l, &SEEN, &seen, true);
    table("HELD-OUT conditions (blind)", &l, &HELD_OUT, &held, true);
    let d = recorder_data(&dir);
    recorder(&d, &enrolment, &ListenerParams::default(), true);
    erase_trimmed(d);

    // CPU per second of audio: every SEEN clip against all 15 phrases.
    let clips: Vec<&Vec<f32>> = seen
        .iter()
        .flat_map(|a| a.phrases.iter().chain(&a.unrelated))
        .collect();
    let secs: f64 = clips.iter().map(|a| a.len() as f64 / 16_000.0).sum();
    let t = Instant::now();
    for a in &clips {
        std::hint::black_box(l.score(a, SCREENS[3].1));
    }
    let cpu = t.elapsed().as_secs_f64();
    println!(
        "\nbaseline: {} clips, {:.1} s of audio (mean {:.2} s each, incl. padding); all-15 matching took {:.1} ms CPU per second of audio, {:.1} ms per clip",
        clips.len(),
        secs,
        secs / clips.len() as f64,
        cpu * 1e3 / secs,
        cpu * 1e3 / clips.len() as f64
    );
    enrolment.erase().unwrap();
}

/// What the RECORDER conditions need: the trimmed enrolments, the conditions' audio and
/// the noise-alone clips (made once, for the bench and for the sweep).
struct RecorderData {
    trimmed: Vec<(f32, Enrolment)>,
    audio: Vec<Audio>,
    noise: Vec<(String, Vec<f32>)>,
}

fn recorder_data(dir: &std::path::Path) -> RecorderData {
    let trimmed = [TRIM_DB, TRIM_HARD_DB]
        .into_iter()
        .map(|db| {
            let name = format!("linli-voice-bench-{}-trimmed-{db}", std::process::id());
            (db, enrol(&dir.with_file_name(name), Some(db)))
        })
        .collect();
    let audio = RECORDER
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut a = render_all(&r.cond, k as u64 + 301);
            if r.said_trimmed {
                for x in a.phrases.iter_mut().chain(a.unrelated.iter_mut()) {
                    *x = espeak::trim(x, TRIM_DB);
                }
            }
            a
        })
        .collect();
    RecorderData {
        trimmed,
        audio,
        noise: noise_only(),
    }
}

/// RECORDER's totals for one parameter set.
struct RecorderResult {
    /// Per-screen sets together, and all 15.
    per_screen: Tally,
    all: Tally,
    /// Noise-alone clips heard as a phrase (all enrolments, all screens) and how many tries.
    noise_fired: usize,
    noise_tries: usize,
    /// Per condition: per-screen sets right (of 13).
    right: Vec<usize>,
}

/// The RECORDER conditions, each against the enrolment it names, and noise alone against
/// each enrolment; prints the tables when `verbose`.
fn recorder(
    d: &RecorderData,
    as_recorded: &Enrolment,
    params: &ListenerParams,
    verbose: bool,
) -> RecorderResult {
    let load = |e: &Enrolment| {
        let l = TemplateListener::load_with(e, params.clone()).unwrap();
        assert!(l.warnings().is_empty(), "{:?}", l.warnings());
        l
    };
    let plain = load(as_recorded);
    let trimmed: Vec<(f32, TemplateListener)> =
        d.trimmed.iter().map(|(db, e)| (*db, load(e))).collect();
    let listener = |takes: Option<f32>| match takes {
        None => &plain,
        Some(db) => &trimmed.iter().find(|t| t.0 == db).expect("enrolled").1,
    };
    if verbose {
        println!("\n### RECORDER conditions\n");
        println!(
            "| condition | per-screen sets: right | wrong | none | all 15: right | wrong | none | other screens' phrases fired | unrelated fired (per-screen sets) |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
    }
    let mut times = Vec::new();
    let mut res = RecorderResult {
        per_screen: Tally::default(),
        all: Tally::default(),
        noise_fired: 0,
        noise_tries: 0,
        right: Vec::new(),
    };
    for (r, a) in RECORDER.iter().zip(&d.audio) {
        let l = listener(r.takes);
        let mut ps = Tally::default();
        for (_, only) in &SCREENS[..3] {
            ps.add(&run(l, a, only, &mut times));
        }
        let all = run(l, a, SCREENS[3].1, &mut times);
        res.per_screen.add(&ps);
        res.all.add(&all);
        res.right.push(ps.right);
        if verbose {
            recorder_row(r.cond.name, &ps, &all);
        }
    }
    if verbose {
        recorder_row("**all RECORDER conditions**", &res.per_screen, &res.all);
        println!(
            "\nNoise alone ({} clips × 4 screens), heard as a phrase:\n",
            d.noise.len()
        );
        println!("| takes | fired | which |");
        println!("|---|---|---|");
    }
    let named = [("as recorded", &plain)]
        .into_iter()
        .chain(trimmed.iter().map(|t| {
            (
                if t.0 == TRIM_DB {
                    "trimmed"
                } else {
                    "trimmed hard"
                },
                &t.1,
            )
        }));
    for (name, l) in named {
        let mut fired = Vec::new();
        for (clip, a) in &d.noise {
            for (screen, only) in &SCREENS {
                res.noise_tries += 1;
                if let Heard::Phrase(p) = l.score(a, only).heard {
                    fired.push(format!("{clip} on {screen} as {p}"));
                }
            }
        }
        res.noise_fired += fired.len();
        if verbose {
            println!(
                "| {name} | {}/{} | {} |",
                fired.len(),
                d.noise.len() * SCREENS.len(),
                fired.join(", ")
            );
        }
    }
    res
}

fn erase_trimmed(d: RecorderData) {
    for (_, e) in d.trimmed {
        e.erase().unwrap();
    }
}

fn recorder_row(name: &str, ps: &Tally, all: &Tally) {
    let pcts = |t: &Tally| {
        let asked = t.right + t.wrong + t.missed;
        format!(
            "{}/{asked} ({:.0}%) | {:.0}% | {:.0}%",
            t.right,
            pct(t.right, asked),
            pct(t.wrong, asked),
            pct(t.missed, asked)
        )
    };
    println!(
        "| {name} | {} | {} | {}/{} | {}/{} |",
        pcts(ps),
        pcts(all),
        ps.other_fired,
        ps.others,
        ps.false_fires,
        ps.unrelated
    );
}

/// Trimming parameter sets tried on TUNING and RECORDER (`LINLI_VOICE_SWEEP=recorder`).
fn recorder_sweep(dir: &std::path::Path, enrolment: &Enrolment, tuning: &[Audio]) {
    let t0 = Instant::now();
    let d = recorder_data(dir);
    println!("RECORDER setup: {:.1} s", t0.elapsed().as_secs_f64());
    let base = ListenerParams::default();
    let mut sets: Vec<(String, ListenerParams)> = vec![("default".into(), base.clone())];
    let only = std::env::var("LINLI_VOICE_SETS").ok();
    // Tried (RECORDER per-screen right, RECORDER unrelated fired of 600, TUNING right,
    // TUNING fired of 660); before this work: 69.2%, 0, 100%, 1.
    // - noise subtraction only with silence around: 90.8%, 2, 100%, 1;
    //   with DTW relaxed endpoints (8 frames) too: 91.5%, 3.
    // - floor = quietest 2 % of frames (no tenth): 97.7%, 1, but TUNING 95.1% (babble).
    // - plus the floor term capped at 10 dB above the floor: 90.0%, 1, TUNING 92.3%, 7 fired
    //   (babble 18 dB: nothing at all); with relaxed endpoints the same, 4 fired.
    // - floor = quietest tenth, but ≤ quietest 2 % + 3 / 6 / 10 dB (below): + 3: 100%, 2,
    //   TUNING 98.6%; + 6 and + 10: 99.2%, 1, 100%, 1 (chosen: + 6). The same on the raw
    //   (unsmoothed) energies: + 3: TUNING 96.5%; + 6, + 10: no change.
    // - + 6 with relaxed endpoints, 8 frames: 100%, but 3 fired (so left off).
    for (above_low, relax) in [
        (f32::INFINITY, 0usize),
        (3.0, 0),
        (10.0, 0),
        (6.0, 8),
        (6.0, 15),
    ] {
        let mut p = base.clone();
        p.features.floor_above_low_db = above_low;
        p.dtw_relax = relax;
        sets.push((format!("floor ≤ low + {above_low}, relax {relax}"), p));
    }
    if let Some(only) = &only {
        let keep: Vec<usize> = only.split(',').filter_map(|x| x.parse().ok()).collect();
        sets = sets
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, s)| s)
            .collect();
    }
    println!(
        "| set | TUNING per-screen right | wrong | unrelated fired | RECORDER per-screen right | wrong | none | unrelated fired | all-15 right | noise alone fired | RECORDER per condition (of 13) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let try_set = |name: &str, p: &ListenerParams| -> String {
        let l = TemplateListener::load_with(enrolment, p.clone()).unwrap();
        let t = table("", &l, &TUNING, tuning, false);
        let ps = t[..3].iter().fold(Tally::default(), |mut a, x| {
            a.add(x);
            a
        });
        let r = recorder(&d, enrolment, p, false);
        let asked = |t: &Tally| t.right + t.wrong + t.missed;
        format!(
            "| {name} | {:.1}% | {} | {}/{} | {:.1}% | {:.1}% | {:.1}% | {}/{} | {:.1}% | {}/{} | {} |",
            pct(ps.right, asked(&ps)),
            ps.wrong,
            ps.false_fires,
            ps.unrelated,
            pct(r.per_screen.right, asked(&r.per_screen)),
            pct(r.per_screen.wrong, asked(&r.per_screen)),
            pct(r.per_screen.missed, asked(&r.per_screen)),
            r.per_screen.false_fires,
            r.per_screen.unrelated,
            pct(r.all.right, asked(&r.all)),
            r.noise_fired,
            r.noise_tries,
            r.right
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    for pair in sets.chunks(2) {
        let rows: Vec<String> = std::thread::scope(|s| {
            let hs: Vec<_> = pair
                .iter()
                .map(|(n, p)| s.spawn(|| try_set(n, p)))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in rows {
            println!("{r}");
        }
    }
    erase_trimmed(d);
}

/// Parameter sets tried on the TUNING conditions only.
fn sweep(enrolment: &Enrolment, tuning: &[Audio]) {
    let base = ListenerParams::default();
    let mut sets: Vec<(String, ListenerParams)> = Vec::new();
    // Earlier sweeps (before VTLN): factor 1.75-4.5, margin 0.9/0.95, variance
    // normalisation, delta weight 1/2: variance normalisation far better, margin and delta
    // weight of little effect, factor 3.0 the loosest within 0.5 false fires in 20.
    // Then VTLN off / per utterance / per utterance on asked phrases / per phrase: the
    // three VTLN ways scored the same (100% on the first 9 TUNING conditions).
    let mut off = base.clone();
    off.vtln = Vtln::Off;
    sets.push(("VTLN off".into(), off));
    // Spectral subtraction per FFT bin (max(p - a n, 0)) and a mel floor at the speech mean - 20..30
    // dB: subtraction alone or with the floor fired on 17-77 of 660 unrelated; the floor
    // alone lost white 12 dB. Per bin with a floor of 0.05/0.2/0.5 × the noise: 100% right
    // but 20-74 of 660 fired, or 0 fired and white 12 dB lost. Now per mel filter.
    let mut quiet = base.clone();
    quiet.features.noise_subtract = 0.0;
    sets.push(("VTLN, no noise handling".into(), quiet));
    // Per mel filter, 0.05-0.5: the same; the false fires came in every condition, clean
    // ones too (her quiet recordings changed, their spread and thresholds grew). So now
    // only when the noise is within a gate of the speech level.
    for (sub, keep, gate) in [
        (1.0f32, 0.2f32, 25.0f32),
        (1.0, 0.05, 25.0),
        (2.0, 0.2, 25.0),
        (1.0, 0.2, 20.0),
    ] {
        let mut p = base.clone();
        p.features.noise_subtract = sub;
        p.features.noise_keep = keep;
        p.features.noise_gate_db = gate;
        sets.push((format!("subtract {sub} keep {keep} gate {gate}"), p));
    }
    println!(
        "| set | per-screen right | wrong | unrelated fired (per-screen) | all-15 right | all-15 fired | per condition (per-screen right of 13 / fired of 60) | hear mean ms |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let try_set = |name: &str, p: &ListenerParams| -> String {
        let l = TemplateListener::load_with(enrolment, p.clone()).unwrap();
        let t0 = Instant::now();
        let mut t = [Tally::default(); 4];
        let mut per_cond = Vec::new();
        for (c, a) in TUNING.iter().zip(tuning) {
            let tc = table(
                "",
                &l,
                std::slice::from_ref(c),
                std::slice::from_ref(a),
                false,
            );
            per_cond.push(format!(
                "{}/{}",
                tc[..3].iter().map(|x| x.right).sum::<usize>(),
                tc[..3].iter().map(|x| x.false_fires).sum::<usize>()
            ));
            for (x, y) in t.iter_mut().zip(&tc) {
                x.add(y);
            }
        }
        let ms = t0.elapsed().as_secs_f64() * 1e3 / (TUNING.len() * SCREENS.len() * 35) as f64;
        let ps = t[..3].iter().fold(Tally::default(), |mut a, x| {
            a.add(x);
            a
        });
        let asked = ps.right + ps.wrong + ps.missed;
        let all_asked = t[3].right + t[3].wrong + t[3].missed;
        format!(
            "| {name} | {:.1}% | {} | {}/{} | {:.1}% | {}/{} | {} | {ms:.1} |",
            pct(ps.right, asked),
            ps.wrong,
            ps.false_fires,
            ps.unrelated,
            pct(t[3].right, all_asked),
            t[3].false_fires,
            t[3].unrelated,
            per_cond.join(" ")
        )
    };
    // Two at a time (2 cores).
    for pair in sets.chunks(2) {
        let rows: Vec<String> = std::thread::scope(|s| {
            let hs: Vec<_> = pair
                .iter()
                .map(|(n, p)| s.spawn(|| try_set(n, p)))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in rows {
            println!("{r}");
        }
    }
}

/// Distances over thresholds on the TUNING conditions (for choosing parameters).
fn diag(enrolment: &Enrolment, tuning: &[Audio]) {
    let l = TemplateListener::load(enrolment).unwrap();
    let x = linli_voice::mfcc::Extractor::new(Default::default());
    let all = SCREENS[3].1;
    for p in all {
        let rec = enrolment.recordings(p);
        let lens: Vec<String> = rec
            .iter()
            .map(|r| format!("{:?}", x.speech(&linli_voice::wav::read(r).unwrap())))
            .collect();
        println!(
            "{p}: thr {:.2} frames {}",
            l.threshold(p).unwrap(),
            lens.join(" ")
        );
    }
    for (cond, a) in TUNING.iter().zip(tuning) {
        println!("== {}", cond.name);
        for ((id, _), audio) in PHRASES.iter().zip(&a.phrases) {
            let s = l.score(audio, all);
            let own = s
                .ranked
                .iter()
                .find(|r| r.0 == *id)
                .map(|r| r.1 / r.2)
                .unwrap_or(f32::NAN);
            let other = s
                .ranked
                .iter()
                .find(|r| r.0 != *id)
                .map(|r| (r.0.clone(), r.1 / r.2));
            println!(
                "  {id}: own {own:.2} best other {other:?} frames {:?}",
                x.speech(audio)
            );
        }
        let mut un: Vec<f32> = a
            .unrelated
            .iter()
            .map(|u| {
                let s = l.score(u, all);
                s.ranked.first().map(|r| r.1 / r.2).unwrap_or(f32::INFINITY)
            })
            .collect();
        un.sort_by(f32::total_cmp);
        println!(
            "  unrelated best ratios: {:?}",
            un.iter().map(|v| format!("{v:.2}")).collect::<Vec<_>>()
        );
    }
}
