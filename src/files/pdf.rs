//! Printable sheets: the day's sort sheets (by member: one block per household with its
//! total; by product: totals and who ordered) and the invite sheet, worded through Fluent
//! and drawn as PDF by `linli-print`; the members' large-print guide (大字说明书). Also
//! `linli print …` without a window.

use crate::advanced::PrintJob;
use crate::advanced::sorting::qty;
use crate::i18n::I18n;
use crate::system::host::HostInfo;
use chrono::Local;
use linli_core::store::Store;
use linli_core::store::organiser::DaySheet;
use linli_core::store::rows;
use linli_core::store::sync::Identity;
use linli_print::{Block, Guide, Invite, Options, Row, Sheet};
use std::path::Path;

/// The sort sheet of a day, worded in `i18n`'s language.
pub fn sort_sheet(
    i18n: &I18n,
    group: &str,
    place: &str,
    day: chrono::NaiveDate,
    sheet: &DaySheet,
    by_member: bool,
) -> Sheet {
    let today = Local::now().date_naive();
    let title = i18n.ta(
        if by_member {
            "print-sort-by-member"
        } else {
            "print-sort-by-product"
        },
        &[("day", i18n.long_day(day, today))],
    );
    let subtitle = i18n.ta(
        "print-sort-subtitle",
        &[
            ("group", group.to_string()),
            ("place", place.to_string()),
            ("printed", Local::now().format("%Y-%m-%d %H:%M").to_string()),
        ],
    );
    let total = sheet.baskets.iter().map(|b| b.total).sum();
    let blocks = if by_member {
        sheet
            .baskets
            .iter()
            .map(|b| Block {
                heading: b.name.clone(),
                note: b
                    .code
                    .as_ref()
                    .map(|c| i18n.ta("print-code", &[("code", c.clone())]))
                    .unwrap_or_default(),
                rows: b
                    .lines
                    .iter()
                    .map(|l| Row {
                        cells: vec![
                            l.product_name.clone(),
                            qty(i18n, l.allocated, &l.unit),
                            i18n.money(l.amount),
                        ],
                        tick: true,
                    })
                    .collect(),
                total: i18n.ta("org-basket-total", &[("total", i18n.money(b.total))]),
            })
            .collect()
    } else {
        sheet
            .products
            .iter()
            .map(|p| Block {
                heading: p.product_name.clone(),
                note: qty(i18n, p.total, &p.unit),
                rows: p
                    .who
                    .iter()
                    .map(|w| Row {
                        cells: vec![crate::advanced::sorting::who(w), qty(i18n, w.qty, &p.unit)],
                        tick: true,
                    })
                    .collect(),
                total: i18n.tq(
                    "print-product-total",
                    ("qty", i64::from(p.total)),
                    &p.unit,
                    &[],
                ),
            })
            .collect()
    };
    Sheet {
        title,
        subtitle,
        blocks,
        footer: i18n.tn(
            "print-sort-footer",
            ("members", sheet.baskets.len() as i64),
            &[("total", i18n.money(total))],
        ),
    }
}

/// The invite sheet: the group, the address, the member code, the hub's fingerprint in
/// four lines ("加入时请核对这串指纹"), the three steps.
pub fn invite_sheet(i18n: &I18n, host: &HostInfo) -> Invite {
    let mut lines = vec![
        (i18n.t("org-invite-address"), host.address.clone()),
        (i18n.t("org-invite-member"), host.member_invite.clone()),
    ];
    if let Some(fp) = host.fingerprint {
        lines.push((
            format!(
                "{} · {}",
                i18n.t("org-invite-fingerprint"),
                i18n.t("org-invite-fingerprint-check")
            ),
            fp.lines().join("\n"),
        ));
    }
    Invite {
        title: i18n.ta("print-invite-title", &[("group", host.group.clone())]),
        lines,
        steps: vec![
            i18n.t("print-invite-step1"),
            i18n.t("print-invite-step2"),
            i18n.t("print-invite-step3"),
        ],
        note: i18n.t("org-invite-hosted-note"),
    }
}

/// The members' large-print guide: ordering in basic mode, the pickup line and code, Read
/// aloud, Help and the practice group, in numbered steps (the invite sheet's flowchart).
pub fn guide(i18n: &I18n) -> Guide {
    Guide {
        title: i18n.t("guide-title"),
        intro: i18n.t("guide-intro"),
        steps: GUIDE_STEPS.iter().map(|id| i18n.t(id)).collect(),
        note: i18n.t("guide-note"),
    }
}

/// The guide's steps, in order.
pub const GUIDE_STEPS: [&str; 6] = [
    "guide-step1",
    "guide-step2",
    "guide-step3",
    "guide-step4",
    "guide-step5",
    "guide-step6",
];

/// The guide as a PDF in `i18n`'s language.
pub fn guide_pdf(i18n: &I18n) -> Result<Vec<u8>, String> {
    linli_print::guide_pdf(&guide(i18n)).map_err(|e| e.to_string())
}

/// The PDF of `job` from the store.
pub fn render(
    store: &Store,
    me: &Identity,
    i18n: &I18n,
    job: &PrintJob,
    host: Option<&HostInfo>,
) -> Result<Vec<u8>, String> {
    match job {
        PrintJob::Sort {
            day,
            by_member,
            large,
        } => {
            let group = store
                .read(|c| rows::group(c, me.group_id))
                .map_err(|e| e.to_string())?
                .map(|g| g.name)
                .unwrap_or_default();
            let sheet = store
                .day_sheet(me.group_id, *day)
                .map_err(|e| e.to_string())?;
            // The pickup place of the day's deals.
            let place = match sheet.products.first() {
                Some(p) => {
                    store
                        .deal(p.deal_id)
                        .map_err(|e| e.to_string())?
                        .pickup_place
                }
                None => String::new(),
            };
            let doc = sort_sheet(i18n, &group, &place, *day, &sheet, *by_member);
            linli_print::sheet_pdf(&doc, &Options { large: *large }).map_err(|e| e.to_string())
        }
        PrintJob::Invite => {
            let host = host.ok_or_else(|| i18n.t("org-invite-elsewhere-note"))?;
            linli_print::invite_pdf(&invite_sheet(i18n, host)).map_err(|e| e.to_string())
        }
    }
}

/// Opens `path` in the system's viewer (best effort: the file is saved either way).
pub fn open(path: &Path) {
    #[cfg(target_os = "linux")]
    let cmd = "xdg-open";
    #[cfg(target_os = "macos")]
    let cmd = "open";
    #[cfg(target_os = "windows")]
    let cmd = "explorer";
    if let Err(e) = std::process::Command::new(cmd)
        .arg(path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tracing::warn!("can't open the printout: {e}");
    }
}
