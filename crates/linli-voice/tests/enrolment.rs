//! The enrolment folder: phrase ids, file names and order, atomic saves, removal, and a
//! corrupt recording that must not cost her the rest of her enrolment.

use linli_voice::espeak::{self, Voice};
use linli_voice::{Enrolment, Error, TemplateListener};

fn say(pinyin: &str, speed: u32) -> Vec<f32> {
    espeak::say(
        pinyin,
        &Voice {
            speed,
            ..Voice::default()
        },
    )
    .unwrap_or_else(|e| panic!("these tests need espeak-ng (apt-get install espeak-ng): {e}"))
}

fn tone() -> Vec<f32> {
    (0..8000).map(|i| (i as f32 * 0.07).sin() * 0.3).collect()
}

#[test]
fn phrase_ids_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let e = Enrolment::open(&dir.path().join("her")).unwrap();
    assert!(dir.path().join("her").is_dir(), "open makes the folder");
    for bad in [
        "",
        "/",
        "..",
        ".",
        "a/b",
        "Yes",
        "ja nein",
        "-x",
        "确定",
        "../../etc",
    ] {
        assert!(
            matches!(e.add(bad, &tone()), Err(Error::BadPhrase(_))),
            "{bad:?} accepted"
        );
        assert!(e.recordings(bad).is_empty());
    }
    for good in ["item-1", "read-aloud", "yes", "x9"] {
        e.add(good, &tone()).unwrap();
    }
    assert_eq!(e.phrases(), ["item-1", "read-aloud", "x9", "yes"]);
}

#[test]
fn recordings_are_listed_oldest_first_and_removed_and_erased() {
    let dir = tempfile::tempdir().unwrap();
    let e = Enrolment::open(dir.path()).unwrap();
    let paths: Vec<_> = (0..12).map(|_| e.add("yes", &tone()).unwrap()).collect();
    assert_eq!(
        e.recordings("yes"),
        paths,
        "oldest first, also past 9 and 10"
    );
    // Things that are not her recordings are left out.
    std::fs::write(dir.path().join("yes/notes.txt"), "x").unwrap();
    std::fs::write(dir.path().join("yes/.000099.wav.123.part"), "half").unwrap();
    assert_eq!(e.recordings("yes").len(), 12);
    // No temporary file is left behind by add.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("yes"))
        .unwrap()
        .map(|d| d.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".part") && !n.contains("000099"))
        .collect();
    assert!(names.is_empty(), "{names:?}");

    e.remove(&paths[3]).unwrap();
    assert_eq!(e.recordings("yes").len(), 11);
    assert!(!paths[3].exists());
    let next = e.add("yes", &tone()).unwrap();
    assert_eq!(
        e.recordings("yes").last(),
        Some(&next),
        "a new one is the newest"
    );
    assert!(
        e.remove(&dir.path().join("elsewhere.wav")).is_err(),
        "only her recordings"
    );

    e.erase().unwrap();
    assert!(!dir.path().exists());
    assert!(e.recordings("yes").is_empty());
}

#[test]
fn a_corrupt_recording_is_skipped_and_named_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let e = Enrolment::open(dir.path()).unwrap();
    for speed in [145, 155] {
        e.add("yes", &espeak::pad(&say("que4 ding4", speed), 0.3))
            .unwrap();
        e.add("no", &espeak::pad(&say("bu2 yao4", speed), 0.3))
            .unwrap();
    }
    let bad = e.add("no", &tone()).unwrap();
    std::fs::write(&bad, b"RIFF\x10\0\0\0WAVEfmt garbage").unwrap();
    let silent = e.add("yes", &vec![0.0; 16_000]).unwrap();

    let l = TemplateListener::load(&e).unwrap();
    assert_eq!(l.templates_of("yes"), 2);
    assert_eq!(l.templates_of("no"), 2);
    let w = l.warnings();
    assert_eq!(w.len(), 2, "{w:?}");
    let bad_name = format!("no/{}", bad.file_name().unwrap().to_str().unwrap());
    let silent_name = format!("yes/{}", silent.file_name().unwrap().to_str().unwrap());
    assert!(w.iter().any(|m| m.starts_with(&bad_name)), "{w:?}");
    assert!(
        w.iter()
            .any(|m| m.starts_with(&silent_name) && m.contains("no speech")),
        "{w:?}"
    );
    assert!(
        w.iter().all(|m| !m.contains(dir.path().to_str().unwrap())),
        "warnings don't carry her folder: {w:?}"
    );
    // And the rest still works.
    let heard = linli_voice::Listener::hear(&l, &say("que4 ding4", 150), &["yes", "no"]);
    assert_eq!(heard, linli_voice::Heard::Phrase("yes".into()));
}
