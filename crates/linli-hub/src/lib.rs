//! Linli's hub: the one place a group's stock, cutoff and money are decided. Devices push
//! commands and pull changes over HTTP ([`api`]); the hub keeps everything in a
//! [`storage::HubStorage`] (one SQLite file by default) and closes deals at cutoff by its
//! own clock.

pub mod api;
pub mod check;
pub mod limits;
pub mod openapi;
pub mod secrets;
pub mod storage;
pub mod tls;

use api::AppState;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use storage::HubStorage;
use tokio::net::TcpListener;

/// How often the hub looks for deals past their cutoff.
pub const CUTOFF_TICK: Duration = Duration::from_secs(1);

/// Serves the hub on `listener` until `shutdown` completes; requests in flight finish
/// first, so nothing acknowledged is lost.
pub async fn serve(
    listener: TcpListener,
    storage: Arc<dyn HubStorage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, storage, shutdown, api::Limits::default()).await
}

/// [`serve`] with other limits.
pub async fn serve_with(
    listener: TcpListener,
    storage: Arc<dyn HubStorage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: api::Limits,
) -> std::io::Result<()> {
    let (app, closer) = service(storage, limits)?;
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    closer.abort();
    result
}

/// [`serve`] over HTTPS with `tls`; with `also_plain`, plain HTTP is answered on the same
/// port too (each connection's first byte tells which).
pub async fn serve_tls(
    listener: TcpListener,
    storage: Arc<dyn HubStorage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    tls: &tls::HubTls,
    also_plain: bool,
) -> std::io::Result<()> {
    serve_tls_with(
        listener,
        storage,
        shutdown,
        api::Limits::default(),
        tls,
        also_plain,
    )
    .await
}

/// [`serve_tls`] with other limits.
pub async fn serve_tls_with(
    listener: TcpListener,
    storage: Arc<dyn HubStorage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: api::Limits,
    tls: &tls::HubTls,
    also_plain: bool,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let (app, closer) = service(storage, limits)?;
    // tap_io gives the listener axum's `ConnectInfo<SocketAddr>` (the join limiter's).
    let listener = tls::TlsListener::new(listener, tls, also_plain)?
        .tap_io(untouched as fn(&mut tls::HubStream));
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    closer.abort();
    result
}

fn untouched(_: &mut tls::HubStream) {}

/// The hub's HTTP service and its cutoff closer (abort it when serving ends), as both
/// ways of serving start them.
fn service(
    storage: Arc<dyn HubStorage>,
    limits: api::Limits,
) -> std::io::Result<(axum::Router, tokio::task::JoinHandle<()>)> {
    linli_core::sync::tls::install_provider();
    let state = AppState::new(storage, limits, contract()).map_err(std::io::Error::other)?;
    // The cutoff closer, and news from other hub processes; both end with serving.
    let closer = tokio::spawn({
        let state = state.clone();
        async move {
            tokio::join!(close_deals_at_cutoff(state.clone()), state.follow_news());
        }
    });
    Ok((api::router(state), closer))
}

async fn close_deals_at_cutoff(state: Arc<AppState>) {
    let mut tick = tokio::time::interval(CUTOFF_TICK);
    loop {
        tick.tick().await;
        let storage = state.storage.clone();
        let closed =
            tokio::task::spawn_blocking(move || storage.close_due(chrono::Utc::now())).await;
        match closed {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => {
                tracing::info!("closed {n} deal(s) at cutoff");
                state.bump();
            }
            Ok(Err(e)) => tracing::error!("closing deals failed: {e}"),
            Err(e) => tracing::error!("closing deals panicked: {e}"),
        }
    }
}

/// The hub's contract, compiled once from [`openapi::document`].
fn contract() -> Arc<check::Contract> {
    static CONTRACT: std::sync::LazyLock<Arc<check::Contract>> =
        std::sync::LazyLock::new(|| Arc::new(check::Contract::new(&openapi::document())));
    CONTRACT.clone()
}

/// Opens the store `db` names: a PostgreSQL address (`postgres://…` or `postgresql://…`)
/// or else an SQLite file's path.
pub fn open_store(db: &str) -> Result<Arc<dyn HubStorage>, storage::HubError> {
    Ok(if is_postgres(db) {
        Arc::new(storage::postgres::PostgresHub::open(db)?)
    } else {
        let hub = storage::sqlite::SqliteHub::open(db)?;
        // The whole group's names and money: readable by no other account (a file made
        // before the hub kept them private is tightened; new ones are, by the umask).
        for ext in ["", "-wal", "-shm"] {
            let f = std::path::PathBuf::from(format!("{db}{ext}"));
            if f.exists()
                && let Err(e) = linli_core::file::tighten(&f)
            {
                tracing::warn!("{}: {e}", f.display());
            }
        }
        Arc::new(hub)
    })
}

fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `db` as logs may show it: a PostgreSQL address without its password (or options).
pub fn describe_store(db: &str) -> String {
    let Some((scheme, rest)) = db.split_once("://").filter(|_| is_postgres(db)) else {
        return db.to_string();
    };
    let rest = rest.split('?').next().unwrap_or_default();
    match rest.split_once('@') {
        Some((who, place)) => {
            let user = who.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{place}")
        }
        None => format!("{scheme}://{rest}"),
    }
}
