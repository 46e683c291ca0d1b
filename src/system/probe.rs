//! Start-up measurement for the benchmark: with `LINLI_PROBE=1` the app prints how long it
//! took from `main` to its first drawn frame and its peak memory, then exits.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

/// Call first thing in `main`.
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Whether this run is a start-up probe.
pub fn enabled() -> bool {
    std::env::var_os("LINLI_PROBE").is_some_and(|v| v == "1")
}

/// Peak resident memory of this process in KiB (Linux), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Prints the figures of the first frame: `first_frame_ms=… peak_rss_kib=…`.
pub fn report() {
    let ms = START
        .get()
        .map(|s| s.elapsed().as_secs_f64() * 1e3)
        .unwrap_or(f64::NAN);
    println!(
        "first_frame_ms={ms:.1} peak_rss_kib={}",
        peak_rss_kib().unwrap_or(0)
    );
}
