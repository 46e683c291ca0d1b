//! Figures (数据): this week, four weeks or everything; each chart led by its one-sentence
//! summary in large text and drawn as bars with their numbers on them ([`ui::chart`]):
//! sales, best sellers, deals that formed, neighbours ordering each week, money lost per
//! product and per week, and goods nobody collected. Read aloud says the summaries in
//! order; Export (E) writes the CSV files into the data folder and says where.

pub mod data;

use super::{Action, Cx};
use crate::files::csv::Written;
use crate::ui::chart::{self, Bar};
use crate::ui::{self, Kind, keys::Key};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use data::{self as figures, Bucket, Range, percent};
use iced::Element;
use iced::widget::{column, row};
use linli_core::store::sync::Identity;
use linli_core::store::{Result, Store};

/// How many bars a product or week chart shows (the export has them all).
const BARS: usize = 8;
/// How many weeks the weekly charts show.
const WEEKS: usize = 12;
/// How many unclaimed orders are listed.
const UNCLAIMED_LISTED: usize = 8;

#[derive(Debug, Default)]
pub struct Figures {
    pub range: Range,
    pub data: Option<figures::Figures>,
    /// The last export's files, or why it failed.
    pub last_export: Option<std::result::Result<Written, String>>,
    /// The words said about it.
    pub export_words: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Range(Range),
    Export,
}

impl Figures {
    pub fn load(&mut self, store: &Store, _me: &Identity, now: NaiveDateTime) -> Result<()> {
        self.data = Some(figures::Figures::load(store, self.range, now.date())?);
        Ok(())
    }

    pub fn update(&mut self, m: Message, _cx: &Cx, _store: &Store, _me: &Identity) -> Action {
        match m {
            Message::Range(r) => {
                self.range = r;
                self.export_words = None;
                Action::Reload
            }
            Message::Export => Action::Export(self.range),
        }
    }

    /// What the app wrote (or why not) and said, shown on the page.
    pub fn exported(&mut self, result: std::result::Result<Written, String>, words: String) {
        self.last_export = Some(result);
        self.export_words = Some(words);
    }

    pub fn view<'a>(&'a self, cx: Cx<'a>) -> Element<'a, Message> {
        let c = cx.c;
        let t = c.i18n;
        let mut chips = row![].spacing(c.scale.gap() / 2.0);
        for (i, r) in Range::ALL.iter().enumerate() {
            chips = chips.push(ui::chip(
                c,
                format!("{} {}", i + 1, cx.t(r.label_id())),
                *r == self.range,
                Message::Range(*r),
            ));
        }
        chips = chips.push(ui::big_button(
            c,
            format!("{} (E)", cx.t("fig-export")),
            Kind::Primary,
            false,
            Some(Message::Export),
        ));
        // Where the export went shows in the news box (the app announces it); the page
        // keeps the words for Read aloud.
        let mut col = column![chips.wrap()].spacing(c.scale.gap());
        // Tables that were not saved: why, in her words, by the button she pressed; the
        // technical words small under it, for a family member.
        if let (Some(Err(detail)), Some(words)) = (&self.last_export, &self.export_words) {
            col = col.push(ui::news(
                c,
                super::failure(c, ui::body(c, words.as_str()), Some(detail.as_str())),
            ));
        }
        let Some(f) = &self.data else {
            return col.into();
        };
        let [
            s_sales,
            s_top,
            s_forming,
            s_active,
            s_loss,
            s_loss_weeks,
            s_unclaimed,
        ] = f.summaries(t);
        let card = |title: String, summary: String, chart: Option<Element<'a, Message>>| {
            let mut inner =
                column![ui::note(c, title), ui::heading(c, summary)].spacing(c.scale.gap() / 2.0);
            if let Some(ch) = chart {
                inner = inner.push(ch);
            }
            ui::card(c, inner)
        };
        let bars = |_: usize, bars: Vec<Bar>| -> Option<Element<'a, Message>> {
            (!bars.is_empty()).then(|| chart::bars(c, bars))
        };

        let (bucket, sales) = f.sales_bars();
        let label = |d: NaiveDate| match bucket {
            Bucket::Day => t.day(d, f.today),
            Bucket::Week => week(&cx, d, f.today),
            Bucket::Month => t.ta(
                "fig-month",
                &[
                    ("year", d.year().to_string()),
                    ("month", d.month().to_string()),
                ],
            ),
        };
        let title = match bucket {
            Bucket::Day => "fig-sales-title-day",
            Bucket::Week => "fig-sales-title-week",
            Bucket::Month => "fig-sales-title-month",
        };
        let sales: Vec<Bar> = sales
            .iter()
            .map(|(d, _, money)| Bar {
                label: label(*d),
                value: money.0,
                text: t.money(*money),
            })
            .collect();
        col = col.push(card(cx.t(title), s_sales, bars(0, sales)));

        let top: Vec<Bar> = f
            .products
            .iter()
            .take(BARS)
            .map(|p| Bar {
                label: format!("{} {}", p.emoji, p.name),
                value: p.revenue.0,
                text: t.money(p.revenue),
            })
            .collect();
        col = col.push(card(cx.t("fig-top-title"), s_top, bars(1, top)));

        let forming = f.forming.per_mille().map(|pm| {
            let all = f.forming.formed + f.forming.failed;
            let bar = |id: &str, n: i64| Bar {
                label: cx.t(id),
                value: n,
                text: cx.ta(
                    "fig-deals",
                    &[
                        ("count", n.to_string()),
                        ("pct", percent(if all > 0 { n * 1000 / all } else { pm })),
                    ],
                ),
            };
            vec![
                bar("fig-forming-formed", f.forming.formed),
                bar("fig-forming-failed", f.forming.failed),
            ]
        });
        col = col.push(card(
            cx.t("fig-forming-title"),
            s_forming,
            bars(2, forming.unwrap_or_default()),
        ));

        let active: Vec<Bar> = last(&f.active, WEEKS)
            .iter()
            .map(|w| Bar {
                label: week(&cx, w.week_start, f.today),
                value: w.members,
                text: cx.ta("fig-people", &[("count", w.members.to_string())]),
            })
            .collect();
        col = col.push(card(cx.t("fig-active-title"), s_active, bars(3, active)));
        // Orders taken for neighbours without a computer (代下单): one sentence.
        col = col.push(card(cx.t("fig-entered-title"), f.entered_summary(t), None));

        let losses: Vec<Bar> = f
            .losses
            .iter()
            .filter(|l| l.lost > 0)
            .take(BARS)
            .map(|l| Bar {
                label: l.name.clone(),
                value: l.money.0,
                text: match l.per_mille() {
                    Some(pm) => cx.ta(
                        "fig-loss-bar",
                        &[("money", t.money(l.money)), ("pct", percent(pm))],
                    ),
                    None => t.money(l.money),
                },
            })
            .collect();
        col = col.push(card(cx.t("fig-loss-title"), s_loss, bars(4, losses)));

        let loss_weeks: Vec<Bar> = last(&f.loss_weeks, WEEKS)
            .iter()
            .map(|w| Bar {
                label: week(&cx, w.week_start, f.today),
                value: w.money.0,
                text: t.money(w.money),
            })
            .collect();
        col = col.push(card(
            cx.t("fig-loss-weeks-title"),
            s_loss_weeks,
            bars(5, loss_weeks),
        ));

        let mut list = column![].spacing(c.scale.gap() / 4.0);
        for u in f.unclaimed.iter().take(UNCLAIMED_LISTED) {
            list = list.push(ui::body(
                c,
                cx.tq(
                    "fig-unclaimed-line",
                    ("qty", u.units),
                    &u.unit,
                    &[
                        ("day", t.day(u.pickup_day, f.today)),
                        ("member", u.member_name.clone()),
                        ("product", u.product_name.clone()),
                    ],
                ),
            ));
        }
        let more = f.unclaimed_count - f.unclaimed.len().min(UNCLAIMED_LISTED) as i64;
        if more > 0 {
            list = list.push(ui::note(
                c,
                cx.tn("fig-unclaimed-more", ("count", more), &[]),
            ));
        }
        col = col.push(card(
            cx.t("fig-unclaimed-title"),
            s_unclaimed,
            Some(list.into()),
        ));
        col.into()
    }

    /// The summaries, in the page's order (and the last export's words).
    pub fn script(&self, cx: &Cx) -> Vec<String> {
        let mut lines: Vec<String> = self
            .data
            .as_ref()
            .map(|f| {
                let mut s = f.summaries(cx.c.i18n).to_vec();
                // In the page's order: after the neighbours who ordered.
                s.insert(4, f.entered_summary(cx.c.i18n));
                s
            })
            .unwrap_or_default();
        lines.extend(self.export_words.clone());
        lines
    }

    pub fn on_key(&self, k: Key) -> Option<Message> {
        match k {
            Key::Number(n) => Range::ALL.get(n - 1).copied().map(Message::Range),
            Key::Export => Some(Message::Export),
            _ => None,
        }
    }
}

/// The last `n` of `v`.
fn last<T>(v: &[T], n: usize) -> &[T] {
    &v[v.len().saturating_sub(n)..]
}

/// "11月23日那周".
fn week(cx: &Cx, monday: NaiveDate, today: NaiveDate) -> String {
    cx.ta("fig-week-of", &[("date", cx.c.i18n.day(monday, today))])
}
