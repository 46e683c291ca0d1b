//! The figures and the group's books as CSV files a spreadsheet opens: UTF-8 with a byte
//! order mark (Excel and WPS then read Chinese right), one file per table under a stable
//! English name, the header row in the organiser's language, money as yuan with two
//! decimals (`12.30`), days as `YYYY-MM-DD`, instants as local `YYYY-MM-DD HH:MM`.
//!
//! Each file is written under a temporary name in the same folder and renamed when it is
//! complete, so a failed export never leaves half a file under the final name.
//!
//! What the range covers: the figures as [`Figures`] reads them; orders by pickup day; the
//! ledger and the loss movements by the UTC day they were recorded (as the loss figures),
//! "all" the whole ledger; balances are always the members' whole ledgers.

use crate::advanced::figures::data::{Figures, Range};
use crate::i18n::I18n;
use chrono::{Local, NaiveDate};
use linli_core::Fen;
use linli_core::model::{GroupId, LedgerKind, LossReason, OrderState, RefundReason, Timestamp};
use linli_core::store::{Store, StoreError};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte order mark every file starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The files an export writes, in order.
pub const FILES: [&str; 11] = [
    "sales_by_day.csv",
    "sales_by_product.csv",
    "forming_rate.csv",
    "active_members_per_week.csv",
    "losses_by_product.csv",
    "loss_money_by_week.csv",
    "unclaimed_orders.csv",
    "orders.csv",
    "balances.csv",
    "ledger.csv",
    "loss_movements.csv",
];

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: PathBuf,
    /// Rows below the header.
    pub rows: usize,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub folder: PathBuf,
    pub files: Vec<WrittenFile>,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("can't use the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("can't write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Money as yuan with two decimals: `Fen(1230)` → `12.30`, `Fen(-5)` → `-0.05`.
pub fn yuan(f: Fen) -> String {
    let sign = if f.0 < 0 { "-" } else { "" };
    let a = f.0.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// ‰ as percent with one decimal (`83` → `8.3`); empty when there is no rate.
fn rate(per_mille: Option<i64>) -> String {
    per_mille.map_or(String::new(), |p| format!("{}.{}", p / 10, p % 10))
}

pub(crate) fn local(at: Timestamp) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub(crate) type Csv = csv::Writer<BufWriter<File>>;

/// Writes every table of `range` ending `today` into `out` (made if missing).
pub fn export(
    store: &Store,
    group: GroupId,
    t: &I18n,
    range: Range,
    today: NaiveDate,
    out: &Path,
) -> Result<Written, ExportError> {
    let f = Figures::load(store, range, today)?;
    export_figures(store, group, t, &f, out)
}

/// Writes `f` and the books of its range into `out` (made if missing).
pub fn export_figures(
    store: &Store,
    group: GroupId,
    t: &I18n,
    f: &Figures,
    out: &Path,
) -> Result<Written, ExportError> {
    std::fs::create_dir_all(out).map_err(|source| ExportError::Folder {
        path: out.to_path_buf(),
        source,
    })?;
    let w = Tables { out, t };
    let money = |x: Fen| yuan(x);
    let files = vec![
        w.table(FILES[0], &["csv-day", "csv-units", "csv-sales-yuan"], |c| {
            for x in &f.sales_by_day {
                c.write_record([x.day.to_string(), x.units.to_string(), money(x.revenue)])?;
            }
            Ok(f.sales_by_day.len())
        })?,
        w.table(
            FILES[1],
            &["csv-product", "csv-units", "csv-sales-yuan"],
            |c| {
                for p in &f.products {
                    c.write_record([&p.name, &p.units.to_string(), &money(p.revenue)])?;
                }
                Ok(f.products.len())
            },
        )?,
        w.table(
            FILES[2],
            &[
                "csv-from",
                "csv-to",
                "csv-formed",
                "csv-failed",
                "csv-formed-pct",
            ],
            |c| {
                c.write_record([
                    f.from.to_string(),
                    f.to.to_string(),
                    f.forming.formed.to_string(),
                    f.forming.failed.to_string(),
                    rate(f.forming.per_mille()),
                ])?;
                Ok(1)
            },
        )?,
        w.table(FILES[3], &["csv-week", "csv-members"], |c| {
            for a in &f.active {
                c.write_record([a.week_start.to_string(), a.members.to_string()])?;
            }
            Ok(f.active.len())
        })?,
        w.table(
            FILES[4],
            &[
                "csv-product",
                "csv-received",
                "csv-lost",
                "csv-loss-pct",
                "csv-loss-yuan",
            ],
            |c| {
                for l in &f.losses {
                    c.write_record([
                        l.name.clone(),
                        l.received.to_string(),
                        l.lost.to_string(),
                        rate(l.per_mille()),
                        money(l.money),
                    ])?;
                }
                Ok(f.losses.len())
            },
        )?,
        w.table(FILES[5], &["csv-week", "csv-lost", "csv-loss-yuan"], |c| {
            for l in &f.loss_weeks {
                c.write_record([l.week_start.to_string(), l.lost.to_string(), money(l.money)])?;
            }
            Ok(f.loss_weeks.len())
        })?,
        w.table(
            FILES[6],
            &[
                "csv-day",
                "csv-member",
                "csv-product",
                "csv-units",
                "csv-unit",
            ],
            |c| {
                let all = store.unclaimed_orders(f.from, f.to, u32::MAX)?;
                for u in &all {
                    c.write_record([
                        u.pickup_day.to_string(),
                        u.member_name.clone(),
                        u.product_name.clone(),
                        u.units.to_string(),
                        u.unit.clone(),
                    ])?;
                }
                Ok(all.len())
            },
        )?,
        w.table(
            FILES[7],
            &[
                "csv-day",
                "csv-member",
                "csv-product",
                "csv-unit",
                "csv-price-yuan",
                "csv-ordered",
                "csv-got",
                "csv-amount-yuan",
                "csv-state",
                "csv-entered-by",
            ],
            |c| {
                let states = OrderWords::new(t);
                store.each_order_line(f.from, f.to, |o| {
                    let sold = o.sold_units();
                    c.write_record([
                        o.pickup_day.to_string().as_str(),
                        &o.member_name,
                        &o.product_name,
                        &o.unit,
                        &money(o.unit_price),
                        &o.qty.to_string(),
                        &o.allocated.map_or(String::new(), |a| a.to_string()),
                        &money(Fen(sold * o.unit_price.0)),
                        states.of(o.state),
                        o.entered_by.as_deref().unwrap_or_default(),
                    ])?;
                    Ok::<_, ExportError>(())
                })
            },
        )?,
        w.table(FILES[8], &["csv-member", "csv-balance-yuan"], |c| {
            // The one definition of a balance, read once for the whole group.
            let balances = store.balances(group)?;
            for b in &balances {
                c.write_record([b.member.display_name.clone(), money(b.balance)])?;
            }
            Ok(balances.len())
        })?,
        w.table(
            FILES[9],
            &[
                "csv-time",
                "csv-member",
                "csv-kind",
                "csv-reason",
                "csv-product",
                "csv-amount-yuan",
            ],
            |c| {
                let words = LedgerWords::new(t);
                let (from, to) = match f.range {
                    Range::All => (NaiveDate::MIN, NaiveDate::MAX),
                    _ => (f.from, f.to),
                };
                store.each_ledger_line(from, to, |l| {
                    let (kind, reason) = words.of(l.kind);
                    c.write_record([
                        local(l.at).as_str(),
                        &l.member_name,
                        kind,
                        reason,
                        l.product_name.as_deref().unwrap_or(""),
                        &money(l.amount),
                    ])?;
                    Ok::<_, ExportError>(())
                })
            },
        )?,
        w.table(
            FILES[10],
            &[
                "csv-time",
                "csv-product",
                "csv-reason",
                "csv-lost",
                "csv-price-yuan",
                "csv-loss-yuan",
                "csv-note",
            ],
            |c| {
                let why = |r: LossReason| {
                    t.t(match r {
                        LossReason::Spoiled => "org-loss-spoiled",
                        LossReason::Damaged => "org-loss-damaged",
                        LossReason::Unclaimed => "org-loss-unclaimed",
                        LossReason::Other => "org-loss-other",
                    })
                };
                store.each_loss_line(f.from, f.to, |l| {
                    c.write_record([
                        local(l.at),
                        l.product_name,
                        why(l.reason),
                        l.qty.to_string(),
                        money(l.unit_price),
                        money(Fen(l.qty * l.unit_price.0)),
                        l.note,
                    ])?;
                    Ok::<_, ExportError>(())
                })
            },
        )?,
    ];
    Ok(Written {
        folder: out.to_path_buf(),
        files,
    })
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        let source = match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        };
        ExportError::Write {
            path: PathBuf::new(),
            source,
        }
    }
}

/// The one CSV writer (BOM, Fluent header, temporary name then rename); `crate::files::my_data`
/// writes her own tables with it too.
pub(crate) struct Tables<'a> {
    pub(crate) out: &'a Path,
    pub(crate) t: &'a I18n,
}

impl Tables<'_> {
    /// Writes one file: BOM, header (Fluent ids), the rows `fill` writes (it returns how
    /// many), under a temporary name renamed at the end.
    pub(crate) fn table(
        &self,
        name: &str,
        header: &[&str],
        fill: impl FnOnce(&mut Csv) -> Result<usize, ExportError>,
    ) -> Result<WrittenFile, ExportError> {
        let path = self.out.join(name);
        let part = self.out.join(format!(".{name}.part"));
        let at = |p: &Path| {
            let p = p.to_path_buf();
            move |source| ExportError::Write { path: p, source }
        };
        let written = (|| {
            let mut file = BufWriter::new(File::create(&part).map_err(at(&path))?);
            file.write_all(BOM).map_err(at(&path))?;
            let mut c = csv::Writer::from_writer(file);
            c.write_record(header.iter().map(|id| self.t.t(id)))?;
            let rows = fill(&mut c)?;
            let file = c.into_inner().map_err(|e| at(&path)(e.into_error()))?;
            file.into_inner()
                .map_err(|e| at(&path)(e.into_error()))?
                .sync_all()
                .map_err(at(&path))?;
            std::fs::rename(&part, &path).map_err(at(&path))?;
            Ok(rows)
        })();
        match written {
            Ok(rows) => Ok(WrittenFile { path, rows }),
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                Err(match e {
                    ExportError::Write { path: p, source } if p.as_os_str().is_empty() => {
                        ExportError::Write { path, source }
                    }
                    other => other,
                })
            }
        }
    }
}

/// An order state's word, looked up once per export.
struct OrderWords([String; 7]);

impl OrderWords {
    fn new(t: &I18n) -> Self {
        OrderWords(
            [
                "csv-state-placed",
                "csv-state-rejected",
                "csv-state-cancelled",
                "csv-state-confirmed",
                "csv-state-ready",
                "csv-state-picked-up",
                "csv-state-unclaimed",
            ]
            .map(|id| t.t(id)),
        )
    }

    fn of(&self, s: OrderState) -> &str {
        &self.0[match s {
            OrderState::Placed => 0,
            OrderState::Rejected(_) => 1,
            OrderState::Cancelled(_) => 2,
            OrderState::Confirmed => 3,
            OrderState::Ready => 4,
            OrderState::PickedUp => 5,
            OrderState::Unclaimed => 6,
        }]
    }
}

/// A ledger line's kind and reason words, looked up once per export.
struct LedgerWords([String; 7]);

impl LedgerWords {
    fn new(t: &I18n) -> Self {
        LedgerWords(
            [
                "csv-kind-payment",
                "csv-kind-charge",
                "csv-kind-refund",
                "csv-refund-deal-failed",
                "csv-refund-called-off",
                "csv-refund-shortage",
                "csv-refund-complaint",
            ]
            .map(|id| t.t(id)),
        )
    }

    fn of(&self, k: LedgerKind) -> (&str, &str) {
        let w = &self.0;
        match k {
            LedgerKind::Payment => (&w[0], ""),
            LedgerKind::Charge => (&w[1], ""),
            LedgerKind::Refund(r) => (
                &w[2],
                &w[match r {
                    RefundReason::DealFailed => 3,
                    RefundReason::CalledOff => 4,
                    RefundReason::Shortage => 5,
                    RefundReason::Complaint => 6,
                }],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_yuan_with_two_decimals() {
        assert_eq!(yuan(Fen(1230)), "12.30");
        assert_eq!(yuan(Fen(5)), "0.05");
        assert_eq!(yuan(Fen(-380)), "-3.80");
        assert_eq!(rate(Some(83)), "8.3");
        assert_eq!(rate(None), "");
    }
}
