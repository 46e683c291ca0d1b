//! The HTTP API under `/v1` (JSON). Handlers parse and check the request, then hand the
//! work to [`HubStorage`] on a blocking thread. Every error is JSON: `{error, message}`.

use crate::check::Contract;
use crate::storage::{Actor, HubError, HubStorage};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Json, Router};
use linli_core::model::{MemberId, Role};
use linli_core::sync::protocol::{
    ApiError, DeviceInfo, JoinRequest, Joined, LinkCode, MAX_COMMANDS_PER_PUSH, MAX_PULL, PullPage,
    PushRequest, PushResponse, Verdict,
};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::watch;
use tower_http::timeout::TimeoutLayer;
use uuid::Uuid;

/// Largest request body accepted (a push of the most commands fits easily).
pub const MAX_BODY: usize = 256 * 1024;
/// Longest a request may take, long polls included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a pull may wait for news.
pub const MAX_WAIT_SECS: u64 = 20;
/// Largest 64-bit integer a JSON number carries exactly (2^53 − 1; JavaScript's safe
/// integers): past it a number may be rounded on its way, so the hub refuses it.
pub const SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Commands answered since the hub started.
#[derive(Debug, Default)]
pub struct Counters {
    pub applied: AtomicU64,
    pub rejected: AtomicU64,
    pub duplicates: AtomicU64,
}

/// Limits that tests may tighten.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a request may take, long polls included.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: REQUEST_TIMEOUT,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub limits: Limits,
    pub storage: Arc<dyn HubStorage>,
    /// The newest change number; pulls waiting for news watch it.
    pub head: watch::Sender<i64>,
    pub counters: Counters,
    /// The OpenAPI document and its request schemas.
    pub contract: Arc<Contract>,
}

impl AppState {
    pub fn new(
        storage: Arc<dyn HubStorage>,
        limits: Limits,
        contract: Arc<Contract>,
    ) -> Result<Arc<AppState>, HubError> {
        let head = storage.head()?;
        Ok(Arc::new(AppState {
            limits,
            storage,
            head: watch::channel(head).0,
            counters: Counters::default(),
            contract,
        }))
    }

    /// Wakes waiting pulls for news written by other hub processes
    /// ([`HubStorage::news`]); returns when there are none to follow.
    pub async fn follow_news(self: Arc<Self>) {
        let Some(mut news) = self.storage.news() else {
            return;
        };
        while news.changed().await.is_ok() {
            let h = *news.borrow_and_update();
            self.head.send_if_modified(|mine| {
                let newer = h > *mine;
                *mine = (*mine).max(h);
                newer
            });
        }
    }

    /// Tells waiting pulls that something may have changed.
    pub fn bump(&self) {
        if let Ok(h) = self.storage.head() {
            self.head.send_replace(h);
        }
    }
}

/// An error answer.
pub struct Problem(StatusCode, &'static str, String);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = ApiError {
            error: self.1.into(),
            message: self.2,
        };
        (self.0, Json(body)).into_response()
    }
}

impl From<HubError> for Problem {
    fn from(e: HubError) -> Problem {
        match e {
            HubError::BadInvite => Problem(StatusCode::UNAUTHORIZED, "bad_invite", e.to_string()),
            HubError::BadInput(m) => Problem(StatusCode::BAD_REQUEST, "bad_input", m),
            HubError::NoSuchDevice | HubError::NoSuchMember => {
                Problem(StatusCode::NOT_FOUND, "not_found", e.to_string())
            }
            HubError::OwnDevice => Problem(StatusCode::CONFLICT, "own_device", e.to_string()),
            HubError::OrganiserStays => {
                Problem(StatusCode::CONFLICT, "organiser_stays", e.to_string())
            }
            HubError::OrganisersInvite => {
                Problem(StatusCode::CONFLICT, "organisers_invite", e.to_string())
            }
            HubError::Unavailable(_) => {
                tracing::warn!("{e}");
                Problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the hub can't reach its data just now; try again in a few seconds".into(),
                )
            }
            HubError::NotSaved(_) | HubError::Store(_) => {
                tracing::error!("storage failed: {e}");
                Problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "storage",
                    "the hub could not save or read its data; try again later".into(),
                )
            }
        }
    }
}

fn body_problem(r: BytesRejection) -> Problem {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem(
            r.status(),
            "too_large",
            format!("the request is larger than {MAX_BODY} bytes"),
        )
    } else {
        Problem(r.status(), "bad_body", r.body_text())
    }
}

fn malformed(message: String) -> Problem {
    Problem(StatusCode::BAD_REQUEST, "malformed", message)
}

fn json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))
}

/// `body` read as `T`, with the JSON value it was read from for [`conforms`]. A number with
/// a zero fraction (`3.0`) is the integer it equals, as JSON Schema counts it.
fn read<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<(T, serde_json::Value), Problem> {
    let mut v: serde_json::Value = json(body)?;
    whole_numbers(&mut v);
    let t = T::deserialize(&v).map_err(|e| malformed(e.to_string()))?;
    Ok((t, v))
}

fn whole_numbers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0)
                && f.abs() <= SAFE_INTEGER as f64
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(whole_numbers),
        Value::Object(m) => m.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// `body` against the document's schema (`check`): its limits and formats.
fn conforms(
    state: &AppState,
    body: &serde_json::Value,
    check: impl FnOnce(&Contract, &serde_json::Value) -> Result<(), String>,
) -> Result<(), Problem> {
    check(&state.contract, body).map_err(|m| Problem(StatusCode::BAD_REQUEST, "bad_input", m))
}

/// Runs storage work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HubError> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Problem(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
        .map_err(Problem::from)
}

/// The caller's device, from `Authorization: Bearer <token>`.
async fn actor(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Actor, Problem> {
    Ok(actor_and_token(state, headers).await?.0)
}

/// The caller's device and the token it sent.
async fn actor_and_token(
    state: &Arc<AppState>,
    headers: &HeaderMap,
) -> Result<(Actor, String), Problem> {
    let token = bearer(headers)?;
    let storage = state.storage.clone();
    let t = token.clone();
    let actor = blocking(move || storage.actor(&t, chrono::Utc::now()))
        .await?
        .ok_or_else(unknown_token)?;
    Ok((actor, token))
}

/// The token in `Authorization: Bearer <token>`.
fn bearer(headers: &HeaderMap) -> Result<String, Problem> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            Problem(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send the device token as `Authorization: Bearer <token>`".into(),
            )
        })
}

fn unknown_token() -> Problem {
    Problem(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "this device token is not known to the hub; join again".into(),
    )
}

/// The caller, who must be the organiser (403 otherwise).
async fn organiser(state: &Arc<AppState>, headers: &HeaderMap) -> Result<(Actor, String), Problem> {
    let (a, token) = actor_and_token(state, headers).await?;
    if a.role != Role::Organiser {
        return Err(Problem(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the group's organiser may do this".into(),
        ));
    }
    Ok((a, token))
}

/// `POST /v1/join`: a device joins with an invite code.
#[utoipa::path(post, path = "/v1/join", summary = "Join a group with an invite code",
    request_body = JoinRequest,
    responses(
        (status = 200, description = "joined", body = Joined),
        (status = 400, description = "malformed request or bad display name", body = ApiError),
        (status = 401, description = "unknown invite code", body = ApiError),
        (status = 413, description = "body too large", body = ApiError),
        (status = 429, description = "too many wrong invite codes from this address", body = ApiError),
    ))]
pub(crate) async fn join(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let ip = peer.ip();
    let storage = state.storage.clone();
    if !blocking(move || storage.may_try_join(ip, chrono::Utc::now())).await? {
        return Err(Problem(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "too many wrong invite codes from this address; wait a few minutes".into(),
        ));
    }
    let body = body.map_err(body_problem)?;
    let (req, v) = read::<JoinRequest>(&body)?;
    conforms(&state, &v, Contract::join)?;
    let storage = state.storage.clone();
    let now = chrono::Utc::now();
    let result = blocking(move || storage.join(&req.invite_code, &req.display_name, now)).await;
    match result {
        Ok(joined) => {
            state.bump();
            Ok(Json(joined).into_response())
        }
        Err(p) => {
            if p.1 == "bad_invite" {
                let storage = state.storage.clone();
                blocking(move || storage.failed_join(ip, now)).await?;
            }
            Err(p)
        }
    }
}

/// `POST /v1/push`: commands, answered one by one in order.
#[utoipa::path(post, path = "/v1/push", summary = "Send commands; one outcome per command, in order",
    request_body = PushRequest,
    security(("device" = [])),
    responses(
        (status = 200, description = "answered: each command applied or rejected with a reason", body = PushResponse),
        (status = 400, description = "malformed JSON, unknown command, a field of the wrong type or outside its limits; nothing applied", body = ApiError),
        (status = 401, description = "missing or unknown device token", body = ApiError),
        (status = 413, description = "body too large or too many commands; nothing applied", body = ApiError),
    ))]
pub(crate) async fn push(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushResponse>, Problem> {
    let token = bearer(&headers)?;
    let req = match push_request(&state, body) {
        Ok(req) => req,
        // A device the hub does not know hears that first.
        Err(p) => return Err(actor(&state, &headers).await.err().unwrap_or(p)),
    };
    // Who is asking and their commands, in one trip off the async threads.
    let st = state.clone();
    let outcomes = blocking(move || {
        let Some(actor) = st.storage.actor(&token, chrono::Utc::now())? else {
            return Ok(Err(unknown_token()));
        };
        let mut out = Vec::with_capacity(req.commands.len());
        for env in &req.commands {
            let a = st.storage.apply(&actor, env, chrono::Utc::now())?;
            let counter = match (&a.duplicate, &a.outcome.verdict) {
                (true, _) => &st.counters.duplicates,
                (false, Verdict::Applied) => &st.counters.applied,
                (false, Verdict::Rejected { .. }) => &st.counters.rejected,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            out.push(a.outcome);
        }
        Ok(Ok(out))
    })
    .await??;
    state.bump();
    Ok(Json(PushResponse { outcomes }))
}

/// A push's body read and checked: at most [`MAX_COMMANDS_PER_PUSH`] commands, each as
/// the contract says.
fn push_request(
    state: &AppState,
    body: Result<Bytes, BytesRejection>,
) -> Result<PushRequest, Problem> {
    let body = body.map_err(body_problem)?;
    let (req, v) = read::<PushRequest>(&body)?;
    if req.commands.len() > MAX_COMMANDS_PER_PUSH {
        return Err(Problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_commands",
            format!(
                "{} commands in one push; send at most {MAX_COMMANDS_PER_PUSH}",
                req.commands.len()
            ),
        ));
    }
    conforms(state, &v, Contract::push)?;
    Ok(req)
}

/// Most changes a pull returns when it names no `limit`.
pub const DEFAULT_PULL: u32 = 500;

/// `GET /v1/pull`'s query; values outside their limits are a 400, not quietly clamped.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PullParams {
    /// The cursor: `next` of the page before (0 for the first).
    #[serde(default)]
    #[param(minimum = 0)]
    since: i64,
    /// Most changes to return (500 when absent).
    #[param(schema_with = pull_limit)]
    limit: Option<u32>,
    /// Seconds to wait for news when there is none (long poll); 0 answers at once.
    #[serde(default)]
    #[param(schema_with = pull_wait)]
    wait: u64,
}

fn pull_limit() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_PULL))
        .default(Some(DEFAULT_PULL.into()))
        .build()
}

fn pull_wait() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(0))
        .maximum(Some(MAX_WAIT_SECS))
        .default(Some(0.into()))
        .build()
}

impl PullParams {
    /// The page size, or why the query is refused.
    fn checked(&self) -> Result<u32, Problem> {
        let bad = |m: String| Problem(StatusCode::BAD_REQUEST, "bad_query", m);
        if !(0..=SAFE_INTEGER).contains(&self.since) {
            return Err(bad(format!("since: a cursor from 0 to {}", SAFE_INTEGER)));
        }
        if self.wait > MAX_WAIT_SECS {
            return Err(bad(format!("wait: at most {MAX_WAIT_SECS} seconds")));
        }
        match self.limit.unwrap_or(DEFAULT_PULL) {
            l @ 1..=MAX_PULL => Ok(l),
            _ => Err(bad(format!("limit: 1 to {MAX_PULL} changes"))),
        }
    }
}

/// `GET /v1/pull`: changes this device may see after a cursor.
#[utoipa::path(get, path = "/v1/pull", summary = "Changes this device may see after a cursor, oldest first",
    params(PullParams),
    security(("device" = [])),
    responses(
        (status = 200, description = "a page", body = PullPage),
        (status = 400, description = "a query parameter missing its type or outside its limits", body = ApiError),
        (status = 401, description = "missing or unknown device token", body = ApiError),
    ))]
pub(crate) async fn pull(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<PullParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let actor = actor(&state, &headers).await?;
    let Query(p) =
        params.map_err(|e| Problem(StatusCode::BAD_REQUEST, "bad_query", e.body_text()))?;
    let limit = p.checked()?;
    let most = MAX_WAIT_SECS.min(state.limits.request_timeout.as_secs().saturating_sub(5));
    let wait = Duration::from_secs(p.wait.min(most));
    // Note the feed's head before looking, so a change landing in between still wakes us.
    let mut seen = state.head.subscribe();
    let start = *seen.borrow_and_update();
    let storage = state.storage.clone();
    let page = blocking(move || storage.pull(&actor, p.since, limit)).await?;
    if !page.changes.is_empty() || wait.is_zero() {
        return Ok(Json(page).into_response());
    }
    // Nothing yet: wait for the feed to move, then look once more.
    let _ = tokio::time::timeout(wait, seen.wait_for(|h| *h > start)).await;
    let storage = state.storage.clone();
    let since = page.next.max(p.since);
    let page = blocking(move || storage.pull(&actor, since, limit)).await?;
    Ok(Json(page).into_response())
}

/// `GET /v1/devices`: the group's devices (the organiser only).
#[utoipa::path(get, path = "/v1/devices", summary = "The group's joined devices (the organiser only)",
    security(("device" = [])),
    responses(
        (status = 200, description = "every device of the group, by member name", body = Vec<DeviceInfo>,
            links(("revoke_first" = (operation_id = "revoke_device",
                parameters(("device_id" = "$response.body#/0/device_id")),
                description = "revoke the first device listed (409 if it is the one asking)")),
                ("link_code_first" = (operation_id = "link_code",
                parameters(("member_id" = "$response.body#/0/member_id")),
                description = "a link code for the first device's member (409 if she is the organiser)")))),
        (status = 401, description = "missing or unknown device token", body = ApiError),
        (status = 403, description = "not the organiser", body = ApiError),
    ))]
pub(crate) async fn devices(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<Vec<DeviceInfo>>, Problem> {
    let (a, token) = organiser(&state, &headers).await?;
    let storage = state.storage.clone();
    Ok(Json(blocking(move || storage.devices(&a, &token)).await?))
}

/// `POST /v1/devices/{device_id}/revoke`: the device's token stops working at once (the
/// organiser only; not the device she is using).
#[utoipa::path(post, path = "/v1/devices/{device_id}/revoke",
    summary = "Revoke a device: its token stops working at once (the organiser only)",
    params(("device_id" = Uuid, Path, description = "the device's public id, from GET /v1/devices")),
    security(("device" = [])),
    responses(
        (status = 204, description = "revoked"),
        (status = 401, description = "missing or unknown device token", body = ApiError),
        (status = 403, description = "not the organiser", body = ApiError),
        (status = 404, description = "no device with that id in this group", body = ApiError),
        (status = 409, description = "the device making the request (own_device): revoke it from another device", body = ApiError),
    ))]
pub(crate) async fn revoke_device(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(device_id): Path<String>,
) -> Result<StatusCode, Problem> {
    let (a, token) = organiser(&state, &headers).await?;
    let id = Uuid::parse_str(&device_id).map_err(|_| {
        Problem(
            StatusCode::NOT_FOUND,
            "not_found",
            "no device with that id in this group".into(),
        )
    })?;
    let storage = state.storage.clone();
    blocking(move || storage.revoke_device(&a, &token, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /v1/members/{member_id}/link-code`: a new one-time link code for a neighbour (the
/// organiser only): printed for someone added without a computer, it lets her join later
/// with a device of her own and keep her orders and balance.
#[utoipa::path(post, path = "/v1/members/{member_id}/link-code",
    summary = "A one-time link code joining as this member (the organiser only)",
    description = "Joining with it (POST /v1/join) joins as the member, keeping her orders, balance and pickup codes; it works once, and a new one voids the older ones.",
    params(("member_id" = Uuid, Path, description = "the member's id, as in the feed's member changes")),
    security(("device" = [])),
    responses(
        (status = 200, description = "the code", body = LinkCode),
        (status = 401, description = "missing or unknown device token", body = ApiError),
        (status = 403, description = "not the organiser", body = ApiError),
        (status = 404, description = "no member with that id in this group, or she left", body = ApiError),
        (status = 409, description = "the organiser herself (organisers_invite): her own invite joins her", body = ApiError),
    ))]
pub(crate) async fn link_code(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(member_id): Path<String>,
) -> Result<Json<LinkCode>, Problem> {
    let (a, _) = organiser(&state, &headers).await?;
    let member = Uuid::parse_str(&member_id).map(MemberId).map_err(|_| {
        Problem(
            StatusCode::NOT_FOUND,
            "not_found",
            "no member with that id in this group".into(),
        )
    })?;
    let storage = state.storage.clone();
    let code = blocking(move || storage.link_code(&a, member, chrono::Utc::now())).await?;
    Ok(Json(LinkCode { code }))
}

/// `POST /v1/leave`: the member using this device leaves the group; her name and words are
/// erased and all her devices stop working. Nothing personal is logged.
#[utoipa::path(post, path = "/v1/leave",
    summary = "The member using this device leaves the group",
    description = "Her name becomes a neutral label, her notes, help requests, suggestions and tips lose their words, and all her devices stop working; her orders and money lines stay, without her name, for the organiser's books.",
    security(("device" = [])),
    responses(
        (status = 204, description = "left; this device's token no longer works"),
        (status = 401, description = "missing or unknown device token", body = ApiError),
        (status = 409, description = "the organiser (organiser_stays): she can't leave the group she runs", body = ApiError),
    ))]
pub(crate) async fn leave(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    let (a, _) = actor_and_token(&state, &headers).await?;
    let storage = state.storage.clone();
    blocking(move || storage.leave(&a, chrono::Utc::now())).await?;
    state.bump();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/v1/health", summary = "Is the hub up",
    responses((status = 200, description = "up", body = Health)))]
pub(crate) async fn health(State(state): State<Arc<AppState>>) -> Json<Health> {
    let c = &state.counters;
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        head: *state.head.borrow(),
        commands: CommandCounts {
            applied: c.applied.load(Ordering::Relaxed),
            rejected: c.rejected.load(Ordering::Relaxed),
            duplicates: c.duplicates.load(Ordering::Relaxed),
        },
    })
}

/// `GET /v1/health`: up, which version, how far the feed is, commands answered.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    status: &'static str,
    version: &'static str,
    /// The newest change number.
    head: i64,
    commands: CommandCounts,
}

/// Commands answered since the hub started.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CommandCounts {
    applied: u64,
    rejected: u64,
    duplicates: u64,
}

#[utoipa::path(get, path = "/v1/openapi.json", summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json", body = Object)))]
pub(crate) async fn openapi_doc(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.contract.document().to_string(),
    )
        .into_response()
}

async fn not_found() -> Problem {
    Problem(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see /v1/openapi.json".into(),
    )
}

/// Every route: method, path, handler. The OpenAPI document is checked against this list.
pub fn routes() -> Vec<(Method, &'static str, MethodRouter<Arc<AppState>>)> {
    vec![
        (Method::POST, "/v1/join", post(join)),
        (Method::POST, "/v1/push", post(push)),
        (Method::GET, "/v1/pull", get(pull)),
        (Method::GET, "/v1/devices", get(devices)),
        (
            Method::POST,
            "/v1/devices/{device_id}/revoke",
            post(revoke_device),
        ),
        (
            Method::POST,
            "/v1/members/{member_id}/link-code",
            post(link_code),
        ),
        (Method::POST, "/v1/leave", post(leave)),
        (Method::GET, "/v1/health", get(health)),
        (Method::GET, "/v1/openapi.json", get(openapi_doc)),
    ]
}

/// The hub's HTTP service.
pub fn router(state: Arc<AppState>) -> Router {
    let timeout = state.limits.request_timeout;
    let mut r = Router::new();
    for (_, path, handler) in routes() {
        r = r.route(path, handler);
    }
    r.fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(state)
}
