//! What the group holds about the member using this computer (隐私 §4.4), gathered from
//! her local store, and written out for her to keep: one JSON file (`my-data.json`, every
//! table, language-neutral names) and one CSV file per table (UTF-8 with a BOM, headers in
//! her language, through [`crate::files::csv`]'s writer). Pure data and writing, no UI: the
//! 我的数据 screen and `linli my-data` both use it.
//!
//! What is not here because Linli never collects it: a phone number, an address, a
//! location or health data. A member is only a display name.
//!
//! Leaving (`POST /v1/leave`) is done by the app; [`remove_store_files`] is the local half:
//! the store's files, closed first, are overwritten with zeros and deleted.

use crate::files::csv::{ExportError, Tables, WrittenFile, local, yuan};
use crate::i18n::I18n;
use chrono::NaiveDate;
use linli_core::Fen;
use linli_core::model::*;
use linli_core::store::sync::Identity;
use linli_core::store::{Store, StoreError, rows};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The JSON file's name.
pub const JSON: &str = "my-data.json";

/// The CSV files, one per table, in order.
pub const CSV_FILES: [&str; 7] = [
    "me.csv",
    "orders.csv",
    "money.csv",
    "help.csv",
    "suggestions.csv",
    "complaints.csv",
    "tips.csv",
];

/// Everything the group holds about her, as this computer has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyData {
    /// Which file this is, for whoever reads it later.
    pub format: &'static str,
    pub exported_at: Timestamp,
    pub group: String,
    pub member: Me,
    /// Newest first.
    pub orders: Vec<MyOrder>,
    /// Her ledger, oldest first; the balance is their sum.
    pub money: Vec<MyMoney>,
    pub balance_fen: Fen,
    pub help_requests: Vec<MyHelp>,
    pub suggestions: Vec<MySuggestion>,
    pub complaints: Vec<MyComplaint>,
    pub tips: Vec<MyTip>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Me {
    pub name: String,
    pub role: Role,
    pub joined_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyOrder {
    pub product: String,
    #[serde(skip)]
    pub emoji: String,
    pub unit: String,
    pub qty: u32,
    /// Units she got, once the deal formed (fewer after a shortage).
    pub got: Option<u32>,
    pub unit_price_fen: Fen,
    pub pickup_day: NaiveDate,
    pub pickup_place: String,
    /// `"state"`, and `"reason"` for a cancelled or refused order.
    #[serde(flatten)]
    pub state: OrderState,
    pub placed_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyMoney {
    pub at: Timestamp,
    #[serde(flatten)]
    pub kind: LedgerKind,
    pub method: Option<PaymentMethod>,
    pub amount_fen: Fen,
    /// The product of a charge or refund.
    pub product: Option<String>,
}

/// Where a help request stands (the helper's name is the helper's, not hers: not here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpProgress {
    Waiting,
    Coming,
    Helped,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyHelp {
    pub asked_at: Timestamp,
    pub kind: HelpKind,
    pub note: String,
    pub progress: HelpProgress,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MySuggestion {
    pub at: Timestamp,
    pub topic: SuggestionTopic,
    pub words: String,
    pub state: SuggestionState,
    pub answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyComplaint {
    pub at: Timestamp,
    pub product: String,
    pub kind: ComplaintKind,
    pub note: String,
    pub answer: Option<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyTip {
    pub at: Timestamp,
    pub product: Option<String>,
    pub title: String,
    pub words: String,
    pub approved: bool,
}

impl MyData {
    /// Reads what this computer holds about `me` (after a sync, what the hub holds).
    pub fn collect(store: &Store, me: &Identity, now: Timestamp) -> Result<MyData, StoreError> {
        let member = store
            .member(me.member_id)?
            .ok_or(StoreError::NotFound("member"))?;
        let group = store
            .read(|c| rows::group(c, me.group_id))?
            .map(|g| g.name)
            .unwrap_or_default();
        let products: HashMap<ProductId, Product> = store
            .products(me.group_id)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let product = |id: ProductId| products.get(&id).map(|p| (p.name.clone(), p.emoji.clone()));
        let mut orders = Vec::new();
        let mut order_product = HashMap::new();
        for o in store.orders_of_member(me.member_id, u32::MAX)? {
            let Some(deal) = store.read(|c| rows::deal(c, o.deal_id))? else {
                continue;
            };
            let (name, emoji) = product(deal.product_id).unwrap_or_default();
            order_product.insert(o.id, name.clone());
            orders.push(MyOrder {
                product: name,
                emoji,
                unit: deal.unit,
                qty: o.qty,
                got: o.allocated,
                unit_price_fen: o.unit_price,
                pickup_day: deal.pickup_day,
                pickup_place: deal.pickup_place,
                state: o.state,
                placed_at: o.placed_at,
            });
        }
        let money: Vec<MyMoney> = store
            .ledger(me.member_id)?
            .into_iter()
            .map(|l| MyMoney {
                at: l.at,
                kind: l.kind,
                method: l.method,
                amount_fen: l.amount,
                product: l.order_id.and_then(|o| order_product.get(&o).cloned()),
            })
            .collect();
        let balance_fen = Fen(money.iter().map(|m| m.amount_fen.0).sum());
        let help_requests = store
            .my_help(me.member_id)?
            .into_iter()
            .map(|h| MyHelp {
                asked_at: h.request.created_at,
                kind: h.request.kind,
                note: h.request.note,
                progress: match h.request.state {
                    HelpState::Open => HelpProgress::Waiting,
                    HelpState::Claimed(_) => HelpProgress::Coming,
                    HelpState::Done(_) => HelpProgress::Helped,
                },
            })
            .collect();
        let suggestions = store
            .suggestion_lines(me.group_id)?
            .into_iter()
            .filter(|s| s.suggestion.author_id == me.member_id)
            .map(|s| MySuggestion {
                at: s.suggestion.created_at,
                topic: s.suggestion.topic,
                words: s.suggestion.body,
                state: s.suggestion.state,
                answer: s.suggestion.response,
            })
            .collect();
        let complaints = store
            .complaints_of_member(me.member_id)?
            .into_iter()
            .map(|x| MyComplaint {
                at: x.complaint.created_at,
                product: x.product_name,
                kind: x.complaint.kind,
                note: x.complaint.text,
                answer: x.complaint.resolution,
            })
            .collect();
        let tips = store
            .read(|c| rows::tips_by(c, me.member_id))?
            .into_iter()
            .map(|t| MyTip {
                at: t.created_at,
                product: t.product_id.and_then(product).map(|(name, _)| name),
                title: t.title,
                words: t.body,
                approved: t.approved,
            })
            .collect();
        Ok(MyData {
            format: "linli-my-data/1",
            exported_at: now,
            group,
            member: Me {
                name: member.display_name,
                role: member.role,
                joined_at: member.joined_at,
            },
            orders,
            money,
            balance_fen,
            help_requests,
            suggestions,
            complaints,
            tips,
        })
    }
}

/// The folder an export goes to by default: `my-data-YYYY-MM-DD` in the data folder.
pub fn folder(data_dir: &Path, today: NaiveDate) -> PathBuf {
    data_dir.join(format!("my-data-{today}"))
}

/// What an export wrote: the folder, the JSON file, the CSV files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub folder: PathBuf,
    pub json: PathBuf,
    pub csv: Vec<WrittenFile>,
}

/// An order's state in words, for her (the basic screens' words).
pub fn state_words(t: &I18n, s: OrderState) -> String {
    t.t(match s {
        OrderState::Placed => "csv-state-placed",
        OrderState::Rejected(_) => "csv-state-rejected",
        OrderState::Cancelled(_) => "csv-state-cancelled",
        OrderState::Confirmed => "csv-state-confirmed",
        OrderState::Ready => "csv-state-ready",
        OrderState::PickedUp => "csv-state-picked-up",
        OrderState::Unclaimed => "csv-state-unclaimed",
    })
}

/// A ledger line's kind in words ("扣款", "退款（货不够）").
pub fn money_words(t: &I18n, k: LedgerKind) -> String {
    match k {
        LedgerKind::Payment => t.t("csv-kind-payment"),
        LedgerKind::Charge => t.t("csv-kind-charge"),
        LedgerKind::Refund(r) => t.ta(
            "mydata-refund-why",
            &[(
                "why",
                t.t(match r {
                    RefundReason::DealFailed => "csv-refund-deal-failed",
                    RefundReason::CalledOff => "csv-refund-called-off",
                    RefundReason::Shortage => "csv-refund-shortage",
                    RefundReason::Complaint => "csv-refund-complaint",
                }),
            )],
        ),
    }
}

pub fn help_kind_words(t: &I18n, k: HelpKind) -> String {
    t.t(match k {
        HelpKind::Unfamiliar => "mydata-help-unfamiliar",
        HelpKind::Ordering => "mydata-help-ordering",
        HelpKind::Pickup => "mydata-help-pickup",
        HelpKind::Other => "mydata-other",
    })
}

pub fn help_progress_words(t: &I18n, p: HelpProgress) -> String {
    t.t(match p {
        HelpProgress::Waiting => "mydata-help-waiting",
        HelpProgress::Coming => "mydata-help-coming",
        HelpProgress::Helped => "mydata-help-done",
    })
}

pub fn topic_words(t: &I18n, x: SuggestionTopic) -> String {
    t.t(match x {
        SuggestionTopic::PickupTime => "mydata-topic-pickup-time",
        SuggestionTopic::Products => "mydata-topic-products",
        SuggestionTopic::LessWaste => "mydata-topic-less-waste",
        SuggestionTopic::Other => "mydata-other",
    })
}

pub fn suggestion_state_words(t: &I18n, s: SuggestionState) -> String {
    t.t(match s {
        SuggestionState::New => "mydata-suggestion-new",
        SuggestionState::Adopted => "mydata-suggestion-adopted",
        SuggestionState::Considering => "mydata-suggestion-considering",
        SuggestionState::Declined => "mydata-suggestion-declined",
    })
}

pub fn complaint_kind_words(t: &I18n, k: ComplaintKind) -> String {
    t.t(match k {
        ComplaintKind::Broken => "complain-kind-broken",
        ComplaintKind::Missing => "complain-kind-missing",
        ComplaintKind::NotFresh => "complain-kind-not-fresh",
        ComplaintKind::Other => "complain-kind-other",
    })
}

/// The organiser's answer to a complaint, in words (empty while she has not answered).
pub fn answer_words(t: &I18n, r: Option<&Resolution>) -> String {
    match r {
        None => t.t("complain-waiting"),
        Some(Resolution::Refunded { amount, note }) => t
            .ta(
                "complain-refunded",
                &[("amount", t.money(*amount)), ("note", note.trim().into())],
            )
            .trim_end()
            .to_string(),
        Some(Resolution::Replaced { note }) => t
            .ta("complain-replaced", &[("note", note.trim().into())])
            .trim_end()
            .to_string(),
        Some(Resolution::Explained { note }) => t
            .ta("complain-explained", &[("note", note.trim().into())])
            .trim_end()
            .to_string(),
    }
}

fn role_words(t: &I18n, r: Role) -> String {
    t.t(match r {
        Role::Member => "mydata-role-member",
        Role::Organiser => "mydata-role-organiser",
        Role::Volunteer => "mydata-role-volunteer",
    })
}

/// Writes `data` into `out` (made if missing): `my-data.json` and the CSV files, each under
/// a temporary name renamed when complete.
pub fn write(data: &MyData, t: &I18n, out: &Path) -> Result<Written, ExportError> {
    std::fs::create_dir_all(out).map_err(|source| ExportError::Folder {
        path: out.to_path_buf(),
        source,
    })?;
    let json = write_json(data, out)?;
    let w = Tables { out, t };
    let opt = |x: Option<u32>| x.map_or(String::new(), |n| n.to_string());
    let csv = vec![
        w.table(
            CSV_FILES[0],
            &["mydata-csv-name", "mydata-csv-role", "mydata-csv-joined"],
            |c| {
                c.write_record([
                    data.member.name.clone(),
                    role_words(t, data.member.role),
                    local(data.member.joined_at),
                ])?;
                Ok(1)
            },
        )?,
        w.table(
            CSV_FILES[1],
            &[
                "csv-day",
                "csv-product",
                "csv-unit",
                "csv-price-yuan",
                "csv-ordered",
                "csv-got",
                "csv-state",
                "mydata-csv-place",
                "mydata-csv-placed-at",
            ],
            |c| {
                for o in &data.orders {
                    c.write_record([
                        o.pickup_day.to_string(),
                        o.product.clone(),
                        o.unit.clone(),
                        yuan(o.unit_price_fen),
                        o.qty.to_string(),
                        opt(o.got),
                        state_words(t, o.state),
                        o.pickup_place.clone(),
                        local(o.placed_at),
                    ])?;
                }
                Ok(data.orders.len())
            },
        )?,
        w.table(
            CSV_FILES[2],
            &["csv-time", "csv-kind", "csv-product", "csv-amount-yuan"],
            |c| {
                for m in &data.money {
                    c.write_record([
                        local(m.at),
                        money_words(t, m.kind),
                        m.product.clone().unwrap_or_default(),
                        yuan(m.amount_fen),
                    ])?;
                }
                Ok(data.money.len())
            },
        )?,
        w.table(
            CSV_FILES[3],
            &["csv-time", "csv-kind", "csv-note", "csv-state"],
            |c| {
                for h in &data.help_requests {
                    c.write_record([
                        local(h.asked_at),
                        help_kind_words(t, h.kind),
                        h.note.clone(),
                        help_progress_words(t, h.progress),
                    ])?;
                }
                Ok(data.help_requests.len())
            },
        )?,
        w.table(
            CSV_FILES[4],
            &[
                "csv-time",
                "csv-kind",
                "mydata-csv-words",
                "csv-state",
                "mydata-csv-answer",
            ],
            |c| {
                for s in &data.suggestions {
                    c.write_record([
                        local(s.at),
                        topic_words(t, s.topic),
                        s.words.clone(),
                        suggestion_state_words(t, s.state),
                        s.answer.clone().unwrap_or_default(),
                    ])?;
                }
                Ok(data.suggestions.len())
            },
        )?,
        w.table(
            CSV_FILES[5],
            &[
                "csv-time",
                "csv-product",
                "csv-kind",
                "csv-note",
                "mydata-csv-answer",
            ],
            |c| {
                for x in &data.complaints {
                    c.write_record([
                        local(x.at),
                        x.product.clone(),
                        complaint_kind_words(t, x.kind),
                        x.note.clone(),
                        answer_words(t, x.answer.as_ref()),
                    ])?;
                }
                Ok(data.complaints.len())
            },
        )?,
        w.table(
            CSV_FILES[6],
            &[
                "csv-time",
                "csv-product",
                "mydata-csv-title",
                "mydata-csv-words",
                "mydata-csv-shown",
            ],
            |c| {
                for x in &data.tips {
                    c.write_record([
                        local(x.at),
                        x.product.clone().unwrap_or_default(),
                        x.title.clone(),
                        x.words.clone(),
                        t.t(if x.approved {
                            "mydata-tip-shown"
                        } else {
                            "mydata-tip-waiting"
                        }),
                    ])?;
                }
                Ok(data.tips.len())
            },
        )?,
    ];
    Ok(Written {
        folder: out.to_path_buf(),
        json,
        csv,
    })
}

/// `my-data.json`, pretty, written under a temporary name and renamed when complete.
fn write_json(data: &MyData, out: &Path) -> Result<PathBuf, ExportError> {
    let path = out.join(JSON);
    let part = out.join(format!(".{JSON}.part"));
    let at = |source| ExportError::Write {
        path: path.clone(),
        source,
    };
    let body = serde_json::to_vec_pretty(data).map_err(|e| at(std::io::Error::other(e)))?;
    let written = (|| {
        let mut f = std::fs::File::create(&part)?;
        f.write_all(&body)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        std::fs::rename(&part, &path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(at(e));
    }
    Ok(path)
}

/// Collects and writes in one go (the CLI and the screen's Export).
pub fn export(
    store: &Store,
    me: &Identity,
    t: &I18n,
    now: Timestamp,
    out: &Path,
) -> Result<Written, ExportError> {
    let data = MyData::collect(store, me, now)?;
    write(&data, t, out)
}

/// The files of the store at `db`: the database, its WAL and shared-memory files.
pub fn store_files(db: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|ext| PathBuf::from(format!("{}{ext}", db.display())))
}

/// Deletes the (closed) store at `db`: each of its files is overwritten with zeros, pushed
/// to disk and removed. Zeroing in place keeps her words out of the freed blocks on an
/// ordinary disk; on an SSD or a copy-on-write file system old blocks may survive until
/// reused, which only whole-disk encryption prevents. Files already missing are fine.
pub fn remove_store_files(db: &Path) -> std::io::Result<()> {
    for f in store_files(db) {
        let len = match std::fs::metadata(&f) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(&f) {
            let zeros = vec![0u8; 64 * 1024];
            let mut left = len;
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                if file.write_all(&zeros[..n]).is_err() {
                    break;
                }
                left -= n as u64;
            }
            let _ = file.sync_all();
        }
        std::fs::remove_file(&f)?;
    }
    Ok(())
}

/// Used by the CLI to say what was written.
pub fn describe(w: &Written) -> Vec<String> {
    std::iter::once(w.json.display().to_string())
        .chain(
            w.csv
                .iter()
                .map(|f| format!("{}\t{}", f.path.display(), f.rows)),
        )
        .collect()
}

/// Why the hub did not let her leave (nothing is erased then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaveTrouble {
    /// The hub can't be reached (its computer is off, no network).
    Offline,
    /// 409: the organiser stays (the group needs her).
    Organiser,
    /// 401: this computer was already shut out of the group.
    ShutOut,
    /// The hub showed another certificate than the one she confirmed (nothing was sent).
    Certificate,
    /// Anything else, in the hub's words.
    Other(String),
}

impl From<linli_core::sync::client::SyncError> for LeaveTrouble {
    fn from(e: linli_core::sync::client::SyncError) -> LeaveTrouble {
        use linli_core::sync::client::SyncError;
        match e {
            SyncError::Network(_) => LeaveTrouble::Offline,
            SyncError::Hub { status: 409, .. } => LeaveTrouble::Organiser,
            SyncError::Hub { status: 401, .. } => LeaveTrouble::ShutOut,
            SyncError::CertificateChanged { .. } => LeaveTrouble::Certificate,
            other => LeaveTrouble::Other(other.to_string()),
        }
    }
}

/// `POST /v1/leave` with her token (the app runs it as a task: the window never waits).
pub async fn leave_hub(me: Identity) -> Result<(), LeaveTrouble> {
    linli_core::sync::client::HubClient::of(&me)?
        .leave()
        .await
        .map_err(LeaveTrouble::from)
}
