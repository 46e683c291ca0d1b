//! Printable sheets: the day's sort sheets (by member: one block per household with its
//! total; by product: totals and who ordered) and the invite sheet, worded through Fluent
//! and drawn as PDF by `linli-print`; the members' large-print guide (大字说明书); paper
//! for neighbours without a computer: the order form (订货单), the pickup slips (取货条)
//! and the link sheet (连接码). Also `linli print …` without a window.

use crate::advanced::PrintJob;
use crate::advanced::sorting::qty;
use crate::i18n::I18n;
use crate::system::host::HostInfo;
use chrono::{Local, NaiveDate, Utc};
use linli_core::model::{MemberId, Timestamp};
use linli_core::store::Store;
use linli_core::store::organiser::{Basket, DaySheet};
use linli_core::store::paper::FormLine;
use linli_core::store::rows;
use linli_core::store::sync::Identity;
use linli_print::{
    Block, FormItem, Guide, Invite, LinkSheet, Options, OrderForm, Row, Sheet, Slip, Slips,
};
use std::collections::HashMap;
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

/// The order form of `day` for the group `group`: each deal of `lines` (already numbered
/// by `Store::order_form_deals` as of `printed`) with its unit price, the shop price when
/// she gave one, when orders close and when and where to pick up, in words relative to
/// `day`; the footer says how to hand it in and when it was printed (the instant that
/// gives the same numbers again).
pub fn order_form(
    i18n: &I18n,
    group: &str,
    day: NaiveDate,
    lines: &[FormLine],
    printed: Timestamp,
) -> OrderForm {
    let items = lines
        .iter()
        .map(|l| {
            let d = &l.deal;
            let mut price = i18n.ta(
                "print-form-price",
                &[("unit", d.unit.clone()), ("price", i18n.money(d.price))],
            );
            if let Some(shop) = l.product.shop_price {
                price.push_str(" · ");
                price.push_str(&i18n.ta("print-form-shop", &[("price", i18n.money(shop))]));
            }
            let cutoff = d.cutoff.with_timezone(&Local).naive_local();
            FormItem {
                number: l.number,
                name: l.product.name.clone(),
                lines: vec![
                    price,
                    i18n.ta(
                        "cutoff-later",
                        &[
                            ("day", i18n.day(cutoff.date(), day)),
                            ("clock", i18n.clock(cutoff.time())),
                        ],
                    ),
                    i18n.ta(
                        "print-form-pickup",
                        &[
                            ("day", i18n.long_day(d.pickup_day, day)),
                            ("place", d.pickup_place.clone()),
                        ],
                    ),
                ],
                unit: d.unit.clone(),
            }
        })
        .collect();
    let today = Local::now().date_naive();
    OrderForm {
        title: i18n.ta("print-form-title", &[("group", group.to_string())]),
        subtitle: if lines.is_empty() {
            i18n.t("print-form-none")
        } else {
            i18n.ta("print-form-subtitle", &[("day", i18n.long_day(day, today))])
        },
        name_label: i18n.t("print-form-name"),
        items,
        qty_label: i18n.t("print-form-qty"),
        footer: i18n.ta(
            "print-form-footer",
            &[(
                "printed",
                printed
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            )],
        ),
    }
}

/// The pickup slips of `day`: one per basket of `baskets` (what each still collects, see
/// `DaySheet::to_collect`), with her items, total, code and where to pick up (`places`:
/// each deal's pickup place).
pub fn slips(
    i18n: &I18n,
    day: NaiveDate,
    baskets: &[Basket],
    places: &HashMap<linli_core::model::DealId, String>,
) -> Slips {
    let today = Local::now().date_naive();
    let when = i18n.long_day(day, today);
    Slips {
        title: i18n.ta("print-slips-title", &[("day", when.clone())]),
        slips: baskets
            .iter()
            .map(|b| {
                let mut at: Vec<&str> = Vec::new();
                for l in &b.lines {
                    if let Some(p) = places.get(&l.deal_id)
                        && !at.contains(&p.as_str())
                    {
                        at.push(p);
                    }
                }
                Slip {
                    name: b.name.clone(),
                    pickup: i18n.ta(
                        "print-form-pickup",
                        &[("day", when.clone()), ("place", at.join(" / "))],
                    ),
                    rows: b
                        .lines
                        .iter()
                        .map(|l| {
                            vec![
                                l.product_name.clone(),
                                qty(i18n, l.allocated, &l.unit),
                                i18n.money(l.amount),
                            ]
                        })
                        .collect(),
                    total: i18n.ta("org-basket-total", &[("total", i18n.money(b.total))]),
                    code_label: i18n.t("print-slip-code"),
                    code: b.code.clone().unwrap_or_else(|| "—".into()),
                }
            })
            .collect(),
        empty: i18n.ta("print-slips-none", &[("day", when)]),
    }
}

/// The link sheet of `member_name` with the one-time `code`: the address and fingerprint
/// (the hosted hub's when this computer hosts the group, else the ones this computer
/// joined with), the code, three steps, and that the code works once.
pub fn link_sheet(
    i18n: &I18n,
    member_name: &str,
    code: &str,
    address: &str,
    fingerprint: Option<&linli_core::sync::tls::Fingerprint>,
) -> LinkSheet {
    let mut lines = vec![(i18n.t("org-invite-address"), address.to_string())];
    if let Some(fp) = fingerprint {
        lines.push((
            format!(
                "{} · {}",
                i18n.t("org-invite-fingerprint"),
                i18n.t("org-invite-fingerprint-check")
            ),
            fp.lines().join("\n"),
        ));
    }
    LinkSheet {
        title: i18n.ta("print-link-title", &[("name", member_name.to_string())]),
        lines,
        code_label: i18n.t("print-link-code"),
        code: code.to_string(),
        steps: vec![
            i18n.t("print-link-step1"),
            i18n.t("print-link-step2"),
            i18n.t("print-link-step3"),
        ],
        note: i18n.t("print-link-note"),
    }
}

/// The member of the group called exactly `name` (for `linli print slip --member`): an
/// error in plain words when no one is, or more than one.
pub fn member_by_name(store: &Store, me: &Identity, name: &str) -> Result<MemberId, String> {
    let name = name.trim();
    let found: Vec<MemberId> = store
        .read(|c| rows::members(c, me.group_id))
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|m| m.display_name == name)
        .map(|m| m.id)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no member of this group is called {name:?} (the name must match exactly)"
        )),
        more => Err(format!(
            "{} members are called {name:?}; print every slip of the day without --member",
            more.len()
        )),
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
        PrintJob::OrderForm { day } => {
            let now = Utc::now();
            let lines = store
                .order_form_deals(me.group_id, crate::system::local_time::day_start(*day), now)
                .map_err(|e| e.to_string())?;
            let doc = order_form(i18n, &group_name(store, me)?, *day, &lines, now);
            linli_print::order_form_pdf(&doc).map_err(|e| e.to_string())
        }
        PrintJob::Slips { day, member } => {
            let mut baskets = store
                .day_sheet(me.group_id, *day)
                .map_err(|e| e.to_string())?
                .to_collect();
            if let Some(m) = member {
                baskets.retain(|b| b.member_id == *m);
                if baskets.is_empty() {
                    return Err(format!("nothing waits for this member on {day}"));
                }
            }
            let mut places = HashMap::new();
            for l in baskets.iter().flat_map(|b| &b.lines) {
                if let std::collections::hash_map::Entry::Vacant(e) = places.entry(l.deal_id) {
                    e.insert(
                        store
                            .deal(l.deal_id)
                            .map_err(|e| e.to_string())?
                            .pickup_place,
                    );
                }
            }
            linli_print::slips_pdf(&slips(i18n, *day, &baskets, &places)).map_err(|e| e.to_string())
        }
        PrintJob::LinkSheet { member_name, code } => {
            let (address, fingerprint) = match host {
                Some(h) => (h.address.as_str(), h.fingerprint.as_ref()),
                None => (me.hub.as_str(), me.pin.as_ref()),
            };
            let doc = link_sheet(i18n, member_name, code, address, fingerprint);
            linli_print::link_pdf(&doc).map_err(|e| e.to_string())
        }
    }
}

/// The name of `me`'s group ("" when the store has not heard of it yet).
fn group_name(store: &Store, me: &Identity) -> Result<String, String> {
    Ok(store
        .read(|c| rows::group(c, me.group_id))
        .map_err(|e| e.to_string())?
        .map(|g| g.name)
        .unwrap_or_default())
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
