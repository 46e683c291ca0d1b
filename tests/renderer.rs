//! The start marker end to end (see linli::system::renderer), with the real program and no
//! display: a start that dies before its first frame makes the next start draw in software,
//! and that is remembered. Without a display iced panics creating its event loop, before
//! any frame: such a start leaves its marker too (a panic before the first frame may be the
//! card's), which the next start reads.

use std::path::Path;
use std::process::{Command, Output};

fn linli(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_linli"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("ICED_BACKEND")
        .env_remove("LINLI_PROBE")
        .env("RUST_LOG", "linli=info")
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("linli runs")
}

fn said(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_start_that_dies_before_its_first_frame_makes_the_next_one_software() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let verdict = d.join("renderer.toml");
    let marker = d.join("renderer-starting");
    // The card is known to work here (so no probe runs: the test needs no graphics).
    std::fs::write(
        &verdict,
        format!(
            "version = \"{}\"\ngpu = \"works\"\n",
            env!("CARGO_PKG_VERSION")
        ),
    )
    .unwrap();

    let died = linli(d, &[("LINLI_TEST_DIE_BEFORE_WINDOW", "1")], &[]);
    assert!(!died.status.success(), "{}", said(&died));
    assert!(said(&died).contains("renderer=Gpu"), "{}", said(&died));
    assert!(marker.exists(), "the dead start left its marker");

    let next = linli(d, &[], &[]);
    let s = said(&next);
    assert!(
        s.contains("renderer=Software") && s.contains("LastStartDied"),
        "{s}"
    );
    // It died too (no display), but a software start's death says nothing of the card.
    let left = std::fs::read_to_string(&marker).unwrap();
    assert!(left.starts_with("software "), "{left}");
    let text = std::fs::read_to_string(&verdict).unwrap();
    assert!(text.contains("gpu = \"fails\""), "{text}");

    let later = linli(d, &[], &[]);
    let s = said(&later);
    assert!(
        s.contains("renderer=Software") && s.contains("Remembered"),
        "{s}"
    );
    // A command without a window decides nothing (so the test hook does not fire).
    std::fs::remove_file(&marker).unwrap();
    let guide = d.join("guide.pdf");
    let cmd = linli(
        d,
        &[("LINLI_TEST_DIE_BEFORE_WINDOW", "1")],
        &["print", "guide", "--out", guide.to_str().unwrap()],
    );
    assert!(cmd.status.success(), "{}", said(&cmd));
    assert!(!said(&cmd).contains("drawing") && !marker.exists());
    // Asked for by name, the card is used whatever is known.
    let asked = linli(d, &[], &["--renderer", "gpu"]);
    let s = said(&asked);
    assert!(s.contains("renderer=Gpu") && s.contains("Asked"), "{s}");
}
