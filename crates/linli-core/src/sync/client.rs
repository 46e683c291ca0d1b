//! The device's sync client: joins a group, pushes the outbox, pulls changes into the
//! store, backs off while the hub can't be reached, and reports its state for the UI.
//! The app never waits on it: everything goes through the local store first.

use super::address::{AddressError, hub_address, hub_addresses};
use super::protocol::{
    ApiError, DeviceInfo, JoinRequest, Joined, Outcome, PullPage, PushRequest, PushResponse,
    Reason, Verdict,
};
use super::tls::{Fingerprint, TrustProblem};
use crate::command::Envelope;
use crate::model::{MemberId, Timestamp};
use crate::store::sync::{Answered, Identity};
use crate::store::{Store, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thiserror::Error;
use tokio::sync::{Notify, mpsc, watch};
use uuid::Uuid;

/// The store as the app and the sync task share it. Never hold the lock across an await.
pub type SharedStore = Arc<Mutex<Store>>;

/// Commands pushed per request.
const PUSH_BATCH: u32 = 100;
/// Changes asked for per pull (the most a page may hold: a device far behind needs fewer
/// round trips, and a page holds only what is new).
pub const PULL_BATCH: u32 = super::protocol::MAX_PULL;
/// While catching up, pages are written in batches, each one transaction (see
/// [`Store::apply_pulls`]): at least this many changes (a commit and the rollups cost the
/// same for a page as for many) …
const CATCH_UP_MIN: usize = 5_000;
/// … and at most this many: every page that came while the last batch was written, so
/// the writer is never idle while pages wait, and a slow disk gets larger batches.
const CATCH_UP_MAX: usize = 50_000;
/// Pages fetched ahead of the writer while catching up (at most, a few tens of MB).
const CATCH_UP_AHEAD: usize = CATCH_UP_MAX / PULL_BATCH as usize;
/// How long a pull may wait at the hub for something new.
const LONG_POLL_SECS: u64 = 20;
/// Longest pause between retries while the hub can't be reached.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Debug, Error)]
pub enum SyncError {
    /// The hub could not be reached or did not answer in time (offline: try later).
    #[error("can't reach the hub: {0}")]
    Network(String),
    /// The hub answered with an error.
    #[error("the hub refused ({status}): {message}")]
    Hub {
        status: u16,
        code: String,
        message: String,
    },
    /// The address is refused before anything is sent (plain http outside the local
    /// network, or not an address).
    #[error(transparent)]
    Address(#[from] AddressError),
    /// The hub's certificate is not trusted (self-signed, say) and nothing is pinned: show
    /// `fingerprint` and pin it once she has compared it with the invite sheet.
    #[error("the hub's certificate is not trusted; its fingerprint is {fingerprint}")]
    Untrusted { fingerprint: Fingerprint },
    /// The hub showed another certificate than the one pinned: refused (never re-pinned
    /// silently).
    #[error("the hub's certificate has changed: it is {presented}, but {pinned} was confirmed")]
    CertificateChanged {
        pinned: Fingerprint,
        presented: Fingerprint,
    },
    /// This device has not joined a group yet.
    #[error("this device has not joined a group")]
    NotJoined,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<reqwest::Error> for SyncError {
    fn from(e: reqwest::Error) -> Self {
        SyncError::Network(e.to_string())
    }
}

/// The HTTP calls of `/v1`.
#[derive(Clone)]
pub struct HubClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    /// Why the last TLS handshake refused the hub's certificate.
    trust: Arc<Mutex<Option<TrustProblem>>>,
}

impl HubClient {
    /// A client for the hub at `base` (e.g. `https://hub.example.org` or
    /// `http://192.168.1.20:7878`), trusting the web PKI. The address rule
    /// ([`hub_address`]) is checked here: plain http outside the local network is refused.
    pub fn new(base: &str) -> Result<HubClient, SyncError> {
        HubClient::pinned(base, None)
    }

    /// A client that trusts exactly the certificate with fingerprint `pin` (when given).
    pub fn pinned(base: &str, pin: Option<Fingerprint>) -> Result<HubClient, SyncError> {
        let base = hub_address(base)?;
        super::tls::install_provider();
        let trust = Arc::new(Mutex::new(None));
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(super::tls::client_config(pin, trust.clone()))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(LONG_POLL_SECS + 15))
            .build()
            .map_err(|e| SyncError::Network(e.to_string()))?;
        Ok(HubClient {
            http,
            base,
            token: None,
            trust,
        })
    }

    /// The client for a saved identity: its hub, its pin, its token.
    pub fn of(id: &Identity) -> Result<HubClient, SyncError> {
        Ok(HubClient::pinned(&id.hub, id.pin)?.with_token(&id.token))
    }

    /// The normalised address this client speaks to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A failed request's error: a refused certificate says which one.
    fn failed(&self, e: reqwest::Error) -> SyncError {
        match self.trust.lock().expect("trust record").take() {
            Some(TrustProblem::Untrusted { presented }) => SyncError::Untrusted {
                fingerprint: presented,
            },
            Some(TrustProblem::Changed { pinned, presented }) => {
                SyncError::CertificateChanged { pinned, presented }
            }
            None => e.into(),
        }
    }

    /// The same client, speaking with a device token.
    pub fn with_token(mut self, token: &str) -> HubClient {
        self.token = Some(token.to_string());
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1/{path}", self.base)
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        let (status, body) = self.send_raw(req).await?;
        serde_json::from_slice(&body).map_err(|e| SyncError::Hub {
            status: status.as_u16(),
            code: "bad_answer".into(),
            message: format!("the hub's answer could not be read: {e}"),
        })
    }

    /// Sends with the token; a success's status and body, or the hub's error.
    async fn send_raw(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<(reqwest::StatusCode, Vec<u8>), SyncError> {
        let req = match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let resp = req.send().await.map_err(|e| self.failed(e))?;
        let status = resp.status();
        let body = resp.bytes().await?;
        if status.is_success() {
            Ok((status, body.to_vec()))
        } else {
            let err: ApiError = serde_json::from_slice(&body).unwrap_or(ApiError {
                error: "unknown".into(),
                message: String::from_utf8_lossy(&body).into_owned(),
            });
            Err(SyncError::Hub {
                status: status.as_u16(),
                code: err.error,
                message: err.message,
            })
        }
    }

    /// `POST /v1/join`.
    pub async fn join(&self, invite_code: &str, display_name: &str) -> Result<Joined, SyncError> {
        let body = JoinRequest {
            invite_code: invite_code.into(),
            display_name: display_name.into(),
        };
        self.send(self.http.post(self.url("join")).json(&body))
            .await
    }

    /// `POST /v1/push`: one outcome per command.
    pub async fn push(&self, commands: Vec<Envelope>) -> Result<Vec<Outcome>, SyncError> {
        let body = PushRequest { commands };
        let r: PushResponse = self
            .send(self.http.post(self.url("push")).json(&body))
            .await?;
        Ok(r.outcomes)
    }

    /// `GET /v1/pull`; with `wait_secs` > 0 the hub holds the request until something new
    /// arrives or the time is up.
    pub async fn pull(
        &self,
        since: i64,
        limit: u32,
        wait_secs: u64,
    ) -> Result<PullPage, SyncError> {
        let url = format!(
            "{}?since={since}&limit={limit}&wait={wait_secs}",
            self.url("pull")
        );
        self.send(self.http.get(url)).await
    }
}

impl HubClient {
    /// `GET /v1/devices`: the group's joined devices (the organiser only; a member gets
    /// [`SyncError::Hub`] with status 403).
    pub async fn devices(&self) -> Result<Vec<DeviceInfo>, SyncError> {
        self.send(self.http.get(self.url("devices"))).await
    }

    /// `POST /v1/devices/{id}/revoke`: that device's token stops working at once (the
    /// organiser only). The hub answers 404 for a device not in the group and 409
    /// (`own_device`) for the device making the request.
    pub async fn revoke_device(&self, device_id: Uuid) -> Result<(), SyncError> {
        let url = self.url(&format!("devices/{device_id}/revoke"));
        self.send_raw(self.http.post(url)).await.map(|_| ())
    }

    /// `POST /v1/members/{id}/link-code`: a new one-time link code joining as that
    /// neighbour (the organiser only; 404 for someone not in the group).
    pub async fn link_code(&self, member: MemberId) -> Result<String, SyncError> {
        let url = self.url(&format!("members/{}/link-code", member.0));
        let code: crate::sync::protocol::LinkCode = self.send(self.http.post(url)).await?;
        Ok(code.code)
    }

    /// `POST /v1/leave`: the member using this device leaves the group; the hub erases her
    /// name and words and stops all her devices (409 `organiser_stays` for the organiser).
    pub async fn leave(&self) -> Result<(), SyncError> {
        self.send_raw(self.http.post(self.url("leave")))
            .await
            .map(|_| ())
    }
}

/// What the screen shows about syncing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// When the last full sync finished.
    pub last_sync: Option<Timestamp>,
    /// Commands waiting to be sent.
    pub pending: i64,
    /// Why the last attempt failed; `None` after a success.
    pub last_error: Option<String>,
    /// The hub showed another certificate than the one she confirmed: syncing stops
    /// until the organiser sorts it out (never re-pinned silently).
    pub certificate_changed: bool,
    /// The saved address is refused before anything is sent (plain http to the internet,
    /// saved before that was refused): the Fluent id of the words saying so.
    pub address_refused: Option<&'static str>,
}

/// What one round did.
#[derive(Debug, Default)]
pub struct Report {
    pub answered: Vec<Answered>,
    pub pulled: usize,
}

/// Joins a group at `hub` with an invite and saves the identity in the store.
pub async fn join(
    store: &SharedStore,
    hub: &str,
    invite_code: &str,
    display_name: &str,
) -> Result<Identity, SyncError> {
    join_pinned(store, hub, None, invite_code, display_name).await
}

/// [`join`] trusting exactly the certificate `pin` (confirmed by her against the invite
/// sheet); the pin is saved with the identity and every later request checks it.
pub async fn join_pinned(
    store: &SharedStore,
    hub: &str,
    pin: Option<Fingerprint>,
    invite_code: &str,
    display_name: &str,
) -> Result<Identity, SyncError> {
    let (client, joined) = join_somewhere(hub, pin, invite_code, display_name).await?;
    let mut id = Identity::of(client.base(), joined);
    id.pin = pin;
    store.lock().expect("store lock").set_identity(&id)?;
    Ok(id)
}

/// Joins at the first of [`hub_addresses`] that answers: for an address typed without a
/// scheme, `https://` and then, when that could not be reached at all (nothing listening,
/// no TLS spoken there), `http://` where the address rule allows it. A certificate question
/// or the hub's own answer (a wrong invite, say) is final: it came from the hub.
async fn join_somewhere(
    hub: &str,
    pin: Option<Fingerprint>,
    invite_code: &str,
    display_name: &str,
) -> Result<(HubClient, Joined), SyncError> {
    let mut first_failure = None;
    for address in hub_addresses(hub)? {
        let client = HubClient::pinned(&address, pin)?;
        match client.join(invite_code, display_name).await {
            Ok(joined) => return Ok((client, joined)),
            Err(SyncError::Network(why)) => {
                tracing::info!("joining at {address}: not reached ({why})");
                first_failure.get_or_insert(SyncError::Network(why));
            }
            // Tried after a failure: an answer that is not a Linli hub's (no JSON error, as
            // a hub speaking only HTTPS answers plain HTTP) means the hub was not reached
            // this way either; the first failure says more.
            Err(SyncError::Hub { code, message, .. })
                if first_failure.is_some() && code == "unknown" =>
            {
                tracing::info!("joining at {address}: not a hub's answer ({message})");
            }
            Err(e) => return Err(e),
        }
    }
    Err(first_failure.expect("hub_addresses gives at least one address"))
}

/// Keeps one device's store in step with its hub.
pub struct Syncer {
    client: HubClient,
    store: SharedStore,
    status: watch::Sender<SyncStatus>,
    wake: Arc<Notify>,
    answers: Option<mpsc::UnboundedSender<Answered>>,
}

impl Syncer {
    /// A syncer for the identity saved in `store`.
    pub fn new(store: SharedStore) -> Result<Syncer, SyncError> {
        let id = store
            .lock()
            .expect("store lock")
            .identity()?
            .ok_or(SyncError::NotJoined)?;
        Ok(Self::with_client(HubClient::of(&id)?, store))
    }

    /// A syncer speaking through `client` (e.g. to another address than the saved one).
    pub fn with_client(client: HubClient, store: SharedStore) -> Syncer {
        let (status, _) = watch::channel(SyncStatus::default());
        Syncer {
            client,
            store,
            status,
            wake: Arc::new(Notify::new()),
            answers: None,
        }
    }

    /// Follow the status (last sync, pending, last error).
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Notify this after a local write so the command goes out at once.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Every answered command is also sent here (for the app to show and speak).
    pub fn answers(&mut self) -> mpsc::UnboundedReceiver<Answered> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.answers = Some(tx);
        rx
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    /// One round: push the whole outbox, then pull until nothing more waits.
    pub async fn sync_once(&self) -> Result<Report, SyncError> {
        let result = self.round().await;
        let pending = self.lock().outbox_len().unwrap_or(-1);
        let last_sync = self.lock().last_sync().ok().flatten();
        self.status.send_replace(SyncStatus {
            last_sync,
            pending,
            last_error: result.as_ref().err().map(|e| e.to_string()),
            certificate_changed: matches!(result, Err(SyncError::CertificateChanged { .. })),
            address_refused: None,
        });
        result
    }

    /// Each command of `batch` alone; one the hub refuses whole (400) is answered as
    /// rejected — `bad_text` when it broke the document's limits (`bad_input`), `invalid`
    /// when it could not be read — as if the hub had answered it so.
    async fn push_one_by_one(&self, batch: Vec<Envelope>) -> Result<Vec<Outcome>, SyncError> {
        let mut outcomes = Vec::with_capacity(batch.len());
        for env in batch {
            let id = env.id;
            match self.client.push(vec![env]).await {
                Ok(mut out) => outcomes.append(&mut out),
                Err(SyncError::Hub {
                    status: 400, code, ..
                }) => outcomes.push(Outcome {
                    id,
                    verdict: Verdict::rejected(if code == "bad_input" {
                        Reason::BadText
                    } else {
                        Reason::Invalid
                    }),
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(outcomes)
    }

    async fn round(&self) -> Result<Report, SyncError> {
        let mut report = Report::default();
        loop {
            let batch: Vec<Envelope> = self
                .lock()
                .outbox(PUSH_BATCH)?
                .into_iter()
                .map(|p| p.envelope)
                .collect();
            if batch.is_empty() {
                break;
            }
            let ids: Vec<_> = batch.iter().map(|e| e.id).collect();
            let pushed = match self.client.push(batch.clone()).await {
                // The hub refused the push whole (a command outside its document, e.g. a
                // note queued before today's limits): find which, one by one, so the rest
                // still go and the outbox never sticks.
                Err(SyncError::Hub { status: 400, .. }) => self.push_one_by_one(batch).await,
                other => other,
            };
            match pushed {
                Ok(outcomes) => {
                    let answered = self.lock().apply_outcomes(&outcomes, chrono::Utc::now())?;
                    if answered.is_empty() {
                        return Err(SyncError::Network("the hub answered nothing".into()));
                    }
                    for a in &answered {
                        if let Some(tx) = &self.answers {
                            let _ = tx.send(a.clone());
                        }
                    }
                    report.answered.extend(answered);
                }
                Err(e) => {
                    self.lock().outbox_failed(&ids, &e.to_string())?;
                    return Err(e);
                }
            }
        }
        report.pulled = self.pull_all(0).await?;
        self.lock().set_last_sync(chrono::Utc::now())?;
        Ok(report)
    }

    /// Pulls pages until none is left; the first may wait `wait_secs` for news. A page
    /// with more behind it means the device is catching up (a first sync, or back after
    /// long): then [`Syncer::catch_up`].
    async fn pull_all(&self, wait_secs: u64) -> Result<usize, SyncError> {
        let since = self.lock().cursor()?;
        let page = self.client.pull(since, PULL_BATCH, wait_secs).await?;
        if page.more {
            return self.catch_up(page).await;
        }
        let pulled = page.changes.len();
        self.lock().apply_pull(&page)?;
        Ok(pulled)
    }

    /// Fetches the pages after `first` while a thread of its own writes those already
    /// fetched ([`write_pages`]: a batch of pages a transaction, [`Store::apply_pulls`]), so
    /// the device's first sync takes about as long as fetching it. Each batch commits with
    /// its cursor: if the hub can't be reached half-way, every page fetched is written and
    /// the next sync goes on from there. Dropping this future (the sync task stopped) stops
    /// the writer before its next batch.
    async fn catch_up(&self, first: PullPage) -> Result<usize, SyncError> {
        let (pages, queue) = mpsc::channel::<PullPage>(CATCH_UP_AHEAD.max(1));
        let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
        let writer = tokio::task::spawn_blocking({
            let (store, stop) = (self.store.clone(), stop.0.clone());
            move || write_pages(&store, queue, &stop)
        });
        let mut pulled = 0;
        let mut page = first;
        let fetched = loop {
            let (since, more) = (page.next, page.more);
            pulled += page.changes.len();
            if pages.send(page).await.is_err() {
                break Ok(()); // the writer stopped: its error says why
            }
            if !more {
                break Ok(());
            }
            match self.client.pull(since, PULL_BATCH, 0).await {
                Ok(next) => page = next,
                Err(e) => break Err(e),
            }
        };
        drop(pages);
        writer
            .await
            .map_err(|e| SyncError::Network(format!("the sync writer failed: {e}")))??;
        fetched.map(|()| pulled)
    }
}

/// Sets its flag when dropped: the sync future is gone, so the writer stops.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// The writer of [`Syncer::catch_up`]: takes pages off `queue` and applies them in batches
/// of [`CATCH_UP_MIN`] to [`CATCH_UP_MAX`] changes (fewer at the end), each one transaction, with
/// the store set for catching up meanwhile ([`Store::begin_catch_up`]). It looks at `stop`
/// before each batch, under the store's lock, and writes nothing more once it is set.
fn write_pages(
    store: &SharedStore,
    mut queue: mpsc::Receiver<PullPage>,
    stop: &AtomicBool,
) -> Result<(), SyncError> {
    let lock = || store.lock().unwrap_or_else(|p| p.into_inner());
    let before = lock().begin_catch_up()?;
    // Set back however this ends (an error, a panic).
    struct Restore<'a>(&'a SharedStore, crate::store::catch_up::CatchUp);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let mut store = self.0.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = store.end_catch_up(self.1) {
                tracing::error!("setting the store back after catching up: {e}");
            }
        }
    }
    let _restore = Restore(store, before);
    let mut batch = Vec::new();
    let mut changes = 0;
    let mut open = true;
    while open {
        match queue.blocking_recv() {
            Some(page) => {
                changes += page.changes.len();
                batch.push(page);
            }
            None => open = false,
        }
        // What else came meanwhile, up to the most a batch takes.
        while open && changes < CATCH_UP_MAX {
            match queue.try_recv() {
                Ok(page) => {
                    changes += page.changes.len();
                    batch.push(page);
                }
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => open = false,
            }
        }
        if batch.is_empty() || (open && changes < CATCH_UP_MIN) {
            continue;
        }
        let mut s = lock();
        if stop.load(Ordering::Acquire) {
            return Ok(());
        }
        s.apply_pulls(&batch)?;
        drop(s);
        batch.clear();
        changes = 0;
    }
    Ok(())
}

impl Syncer {
    /// Runs until `shutdown` completes: syncs, then waits for news from the hub (long
    /// poll) or a local write; on failure waits 1 s, 2 s, 4 s … up to a minute.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut backoff = Duration::from_secs(1);
        loop {
            let pause = match self.sync_once().await {
                Ok(_) => {
                    backoff = Duration::from_secs(1);
                    None
                }
                Err(e) => {
                    tracing::info!("sync failed, retrying in {backoff:?}: {e}");
                    let p = backoff;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    Some(p)
                }
            };
            tokio::select! {
                _ = &mut shutdown => return,
                _ = self.wake.notified() => {}
                _ = async {
                    match pause {
                        Some(p) => tokio::time::sleep(p).await,
                        None => { let _ = self.pull_all(LONG_POLL_SECS).await; }
                    }
                } => {}
            }
        }
    }
}
