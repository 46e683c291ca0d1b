//! `linli join` and `linli sync` without a window: for a family member setting Linli up over a
//! remote shell, for scripts and for benches. Each says what it did in one or two lines and
//! ends with an exit code a script can act on ([`Failure::code`]).

use linli_core::store::{Durability, Store};
use linli_core::sync::client::{self, SharedStore, SyncError, Syncer};
use linli_core::sync::tls::Fingerprint;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Why a headless command stopped, with its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 1: the hub could not be reached or refused (a wrong invite code, a stopped
    /// computer); trying later or with another code may work.
    Hub(String),
    /// 2: not something this data folder can do (already joined, not joined yet, an address
    /// the address rule refuses, a name that is not a name).
    Use(String),
    /// 3: the hub's certificate is not vouched for: compare the fingerprint with the invite
    /// sheet's and run again with `--fingerprint`.
    Certificate(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Hub(_) => 1,
            Failure::Use(_) => 2,
            Failure::Certificate(_) => 3,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Hub(m) | Failure::Use(m) | Failure::Certificate(m) => m,
        }
    }
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Failure {
        match e {
            SyncError::Untrusted { fingerprint } => Failure::Certificate(format!(
                "the hub's certificate is not vouched for; its fingerprint is {fingerprint}. \
                 If it is the one on the invite sheet, run again with --fingerprint \"{fingerprint}\""
            )),
            SyncError::Address(a) => Failure::Use(a.to_string()),
            SyncError::Hub { status: 400, .. } => Failure::Use(e.to_string()),
            other => Failure::Hub(other.to_string()),
        }
    }
}

fn open(dir: &Path) -> Result<SharedStore, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Use(format!("can't use {}: {e}", dir.display())))?;
    let store = Store::open(dir.join("linli.db"), Durability::Normal)
        .map_err(|e| Failure::Use(format!("can't open the store in {}: {e}", dir.display())))?;
    Ok(Arc::new(Mutex::new(store)))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Runtime::new().map_err(|e| Failure::Use(e.to_string()))
}

/// Joins the group at `hub` with `invite` as `name` (an organiser's link code joins as the
/// neighbour it was made for), then catches up once. Refuses a data folder that has joined
/// already (its identity is never overwritten).
pub fn join(
    dir: &Path,
    hub: &str,
    invite: &str,
    name: &str,
    fingerprint: Option<&str>,
) -> Result<String, Failure> {
    let pin = fingerprint
        .map(|f| {
            f.parse::<Fingerprint>()
                .map_err(|e| Failure::Use(format!("--fingerprint: {e}")))
        })
        .transpose()?;
    let store = open(dir)?;
    if let Some(me) = store.lock().expect("store").identity().ok().flatten() {
        return Err(Failure::Use(format!(
            "{} has joined a group at {} already; use another --data-dir",
            dir.display(),
            me.hub
        )));
    }
    let rt = runtime()?;
    let me = rt.block_on(client::join_pinned(
        &store,
        hub,
        pin,
        invite.trim(),
        name.trim(),
    ))?;
    let caught_up = sync_in(&rt, &store)?;
    let role = serde_json::to_value(me.role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(format!(
        "joined {} as {role} (member {})\n{caught_up}",
        me.hub, me.member_id.0
    ))
}

/// One full catch-up with the hub: what waits is pushed, every new change pulled.
pub fn sync(dir: &Path) -> Result<String, Failure> {
    if !dir.join("linli.db").exists() {
        return Err(Failure::Use(format!(
            "{} has no Linli store; join first (linli join)",
            dir.display()
        )));
    }
    let store = open(dir)?;
    if store
        .lock()
        .expect("store")
        .identity()
        .ok()
        .flatten()
        .is_none()
    {
        return Err(Failure::Use(format!(
            "{} has not joined a group yet; join first (linli join)",
            dir.display()
        )));
    }
    let rt = runtime()?;
    sync_in(&rt, &store)
}

/// "synced in 1.84 s: sent 2 commands (2 applied), received 354,347 changes".
fn sync_in(rt: &tokio::runtime::Runtime, store: &SharedStore) -> Result<String, Failure> {
    let syncer = Syncer::new(store.clone()).map_err(Failure::from)?;
    let start = Instant::now();
    let mut sent = 0;
    let mut applied = 0;
    let mut received = 0;
    // A round pushes what waits and pulls what is new; another round until nothing is left
    // (commands queued meanwhile, a feed still moving).
    loop {
        let r = rt.block_on(syncer.sync_once())?;
        sent += r.answered.len();
        applied += r
            .answered
            .iter()
            .filter(|a| a.verdict == linli_core::sync::protocol::Verdict::Applied)
            .count();
        received += r.pulled;
        if r.answered.is_empty() && r.pulled == 0 {
            break;
        }
    }
    Ok(format!(
        "synced in {:.2} s: sent {sent} commands ({applied} applied), received {received} changes",
        start.elapsed().as_secs_f64()
    ))
}
