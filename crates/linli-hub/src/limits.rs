//! Slows down guessing of invite codes: an address that sends too many wrong codes is
//! refused for a while.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong invite codes allowed from one address per window.
pub const MAX_FAILED_JOINS: usize = 10;
pub const WINDOW: Duration = Duration::from_secs(600);

/// Failed joins per address in the current window.
#[derive(Default)]
pub struct JoinGuard {
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl JoinGuard {
    /// Whether `ip` may try another code now.
    pub fn may_try(&self, ip: IpAddr) -> bool {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let list = f.entry(ip).or_default();
        list.retain(|t| now.duration_since(*t) < WINDOW);
        list.len() < MAX_FAILED_JOINS
    }

    /// Records a wrong code from `ip`.
    pub fn failed(&self, ip: IpAddr) {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        f.entry(ip).or_default().push(Instant::now());
    }
}

/// [`WINDOW`] on the hub's clock.
pub fn window() -> chrono::Duration {
    chrono::Duration::from_std(WINDOW).expect("ten minutes fit")
}
