//! The organiser's figures over a range of days, and one sentence per chart that says what
//! it shows, worded through Fluent. Pure data and words: the Figures page draws them,
//! [`crate::files::csv`] writes them to CSV files.
//!
//! Sales count by pickup day; losses by the UTC day they were recorded (as the store's
//! analytics do); "this week" compares with the same weekdays of last week, "four weeks"
//! with the 28 days before, "all" with nothing.

use crate::i18n::I18n;
use chrono::{Datelike, Duration, NaiveDate};
use linli_core::Fen;
use linli_core::model::ProductId;
use linli_core::store::analytics::{
    DaySales, FormingRate, ProductSales, SalesTotal, Unclaimed, WeekActivity, WeekLoss,
};
use linli_core::store::{Result, Store};
use std::collections::HashMap;

/// Which days the figures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Range {
    /// Monday of this week to today.
    Week,
    /// The 28 days to today.
    FourWeeks,
    /// Every pickup day with an order: from the first to the last (which may be
    /// tomorrow's: a formed deal's money is in), or today if that is later.
    #[default]
    All,
}

impl Range {
    pub const ALL: [Range; 3] = [Range::Week, Range::FourWeeks, Range::All];

    /// The name on the command line (`--range week|4weeks|all`).
    pub fn name(self) -> &'static str {
        match self {
            Range::Week => "week",
            Range::FourWeeks => "4weeks",
            Range::All => "all",
        }
    }

    /// The inverse of [`Range::name`].
    pub fn parse(s: &str) -> Option<Range> {
        Range::ALL.into_iter().find(|r| r.name() == s)
    }

    /// Its chip's Fluent id (本周 / 四周 / 全部).
    pub fn label_id(self) -> &'static str {
        match self {
            Range::Week => "fig-range-week",
            Range::FourWeeks => "fig-range-weeks",
            Range::All => "fig-range-all",
        }
    }

    /// The first and last day; "all" spans `orders` (the first and last pickup day with an
    /// order) and today.
    pub fn days(
        self,
        today: NaiveDate,
        orders: Option<(NaiveDate, NaiveDate)>,
    ) -> (NaiveDate, NaiveDate) {
        match (self, orders) {
            (Range::Week, _) => (monday(today), today),
            (Range::FourWeeks, _) => (today - Duration::days(27), today),
            (Range::All, Some((first, last))) => (first.min(today), last.max(today)),
            (Range::All, None) => (today, today),
        }
    }

    /// The days to compare with: the same weekdays of last week, the 28 days before; none
    /// for "all".
    pub fn previous(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Range::Week => Some((monday(today) - Duration::days(7), today - Duration::days(7))),
            Range::FourWeeks => Some((today - Duration::days(55), today - Duration::days(28))),
            Range::All => None,
        }
    }

    fn when_id(self) -> &'static str {
        match self {
            Range::Week => "fig-when-week",
            Range::FourWeeks => "fig-when-weeks",
            Range::All => "fig-when-all",
        }
    }
}

/// How the sales chart groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

/// The Monday of `d`'s week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// One product's losses: units received and lost, and the money lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    pub product_id: ProductId,
    pub name: String,
    pub received: i64,
    pub lost: i64,
    pub money: Fen,
}

impl Loss {
    /// Lost share of received units in ‰; `None` when nothing came in.
    pub fn per_mille(&self) -> Option<i64> {
        (self.received > 0).then(|| self.lost * 1000 / self.received)
    }
}

/// How many unclaimed orders the figures list (the export writes them all).
pub const UNCLAIMED_SHOWN: u32 = 30;

/// Every figure of one range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub range: Range,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub sales: SalesTotal,
    /// Sales of the range compared with ([`Range::previous`]).
    pub previous: Option<SalesTotal>,
    pub sales_by_day: Vec<DaySales>,
    /// Every product sold, most money first.
    pub products: Vec<ProductSales>,
    pub forming: FormingRate,
    pub active: Vec<WeekActivity>,
    /// Products received or lost in the range, most money lost first.
    pub losses: Vec<Loss>,
    pub loss_weeks: Vec<WeekLoss>,
    /// The newest [`UNCLAIMED_SHOWN`] unclaimed orders.
    pub unclaimed: Vec<Unclaimed>,
    pub unclaimed_count: i64,
    /// Orders placed for a neighbour by someone else (代下单), by pickup day.
    pub entered: i64,
}

impl Figures {
    /// Reads every figure of `range` ending `today` from the store.
    pub fn load(store: &Store, range: Range, today: NaiveDate) -> Result<Figures> {
        let orders = match range {
            Range::All => store.order_days()?,
            _ => None,
        };
        let (from, to) = range.days(today, orders);
        let previous = match range.previous(today) {
            Some((a, b)) => Some(store.sales_total(a, b)?),
            None => None,
        };
        let money: HashMap<ProductId, (i64, Fen)> = store
            .loss_money_per_product(from, to)?
            .into_iter()
            .map(|l| (l.product_id, (l.lost, l.money)))
            .collect();
        let mut losses: Vec<Loss> = store
            .loss_rate_per_product(from, to)?
            .into_iter()
            .map(|l| Loss {
                money: money.get(&l.product_id).map_or(Fen(0), |m| m.1),
                product_id: l.product_id,
                name: l.name,
                received: l.received,
                lost: l.lost,
            })
            .collect();
        losses.sort_by(|a, b| {
            (b.money, b.per_mille(), &a.name).cmp(&(a.money, a.per_mille(), &b.name))
        });
        Ok(Figures {
            range,
            from,
            to,
            today,
            sales: store.sales_total(from, to)?,
            previous,
            sales_by_day: store.sales_by_day(from, to)?,
            products: store.sales_by_product(from, to)?,
            forming: store.forming_rate(from, to)?,
            active: store.active_members_per_week(from, to)?,
            losses,
            loss_weeks: store.loss_money_per_week(from, to)?,
            unclaimed: store.unclaimed_orders(from, to, UNCLAIMED_SHOWN)?,
            unclaimed_count: store.unclaimed_total(from, to)?.0,
            entered: store.entered_for_neighbours(from, to)?,
        })
    }

    /// Money lost over the range.
    pub fn loss_money(&self) -> Fen {
        self.losses.iter().map(|l| l.money).sum()
    }

    /// Change against the previous range in whole percent; `None` without one (or when
    /// it sold nothing).
    pub fn change_percent(&self) -> Option<i64> {
        let before = self.previous?.revenue.0;
        (before > 0).then(|| {
            let diff = (self.sales.revenue.0 - before) * 100;
            // Rounded half away from zero.
            (diff + diff.signum() * before / 2) / before
        })
    }

    /// 这周有 12 单是帮邻居订的。
    pub fn entered_summary(&self, t: &I18n) -> String {
        t.tn(
            "fig-entered-summary",
            ("count", self.entered),
            &[("when", self.when(t))],
        )
    }

    /// The summaries in the order the page shows its charts (and Read aloud says them).
    pub fn summaries(&self, t: &I18n) -> [String; 7] {
        [
            self.sales_summary(t),
            self.top_summary(t),
            self.forming_summary(t),
            self.active_summary(t),
            self.loss_summary(t),
            self.loss_weeks_summary(t),
            self.unclaimed_summary(t),
        ]
    }

    /// Sales for the chart: by day over up to two weeks, by week (Monday) up to sixteen
    /// weeks, by month (its first day) beyond — so a chart never has more than about
    /// sixteen bars. Oldest first: (bucket start, units, money).
    pub fn sales_bars(&self) -> (Bucket, Vec<(NaiveDate, i64, Fen)>) {
        let days = (self.to - self.from).num_days() + 1;
        let bucket = match days {
            ..=14 => Bucket::Day,
            15..=112 => Bucket::Week,
            _ => Bucket::Month,
        };
        let mut bars: Vec<(NaiveDate, i64, Fen)> = Vec::new();
        for x in &self.sales_by_day {
            let start = match bucket {
                Bucket::Day => x.day,
                Bucket::Week => monday(x.day),
                Bucket::Month => x.day.with_day(1).unwrap_or(x.day),
            };
            match bars.last_mut() {
                Some(b) if b.0 == start => {
                    b.1 += x.units;
                    b.2 += x.revenue;
                }
                _ => bars.push((start, x.units, x.revenue)),
            }
        }
        (bucket, bars)
    }

    fn when(&self, t: &I18n) -> String {
        t.t(self.range.when_id())
    }

    /// 这四周卖了 ¥3,210.00，比再往前的四周多 12%，西红柿卖得最好。
    pub fn sales_summary(&self, t: &I18n) -> String {
        let Some(best) = self.products.first() else {
            return t.ta("fig-sales-none", &[("when", self.when(t))]);
        };
        let (trend, pct) = match self.change_percent() {
            None => ("none", 0),
            Some(0) => ("same", 0),
            Some(p) if p > 0 => ("up", p),
            Some(p) => ("down", -p),
        };
        let before = match self.range {
            Range::Week => "fig-before-week",
            _ => "fig-before-weeks",
        };
        t.ta(
            "fig-sales-summary",
            &[
                ("when", self.when(t)),
                ("money", t.money(self.sales.revenue)),
                ("trend", trend.into()),
                ("pct", pct.to_string()),
                ("before", t.t(before)),
                ("best", best.name.clone()),
            ],
        )
    }

    /// 卖得最好的是西红柿 ¥820.00、鸡蛋 ¥640.00、猪肉 ¥520.00。
    pub fn top_summary(&self, t: &I18n) -> String {
        if self.products.is_empty() {
            return t.ta("fig-sales-none", &[("when", self.when(t))]);
        }
        let list: Vec<String> = self
            .products
            .iter()
            .take(3)
            .map(|p| {
                t.ta(
                    "fig-top-item",
                    &[("name", p.name.clone()), ("money", t.money(p.revenue))],
                )
            })
            .collect();
        t.tn(
            "fig-top-summary",
            ("count", list.len() as i64),
            &[("list", list.join(&t.t("fig-list-sep")))],
        )
    }

    /// 这四周截单了 40 个团，成了 36 个，占 90%。
    pub fn forming_summary(&self, t: &I18n) -> String {
        let all = self.forming.formed + self.forming.failed;
        match self.forming.per_mille() {
            None => t.ta("fig-forming-none", &[("when", self.when(t))]),
            Some(pm) => t.tn(
                "fig-forming-summary",
                ("count", all),
                &[
                    ("when", self.when(t)),
                    ("formed", self.forming.formed.to_string()),
                    ("pct", percent(pm)),
                ],
            ),
        }
    }

    /// 11月23日那周有 45 位邻居下单，前一周 42 位。
    pub fn active_summary(&self, t: &I18n) -> String {
        let Some(last) = self.active.last() else {
            return t.ta("fig-active-none", &[("when", self.when(t))]);
        };
        let week = t.day(last.week_start, self.today);
        match self.active.len().checked_sub(2).map(|i| &self.active[i]) {
            Some(prev) if prev.week_start + Duration::days(7) == last.week_start => t.tn(
                "fig-active-summary",
                ("count", last.members),
                &[("week", week), ("before", prev.members.to_string())],
            ),
            _ => t.tn(
                "fig-active-summary-one",
                ("count", last.members),
                &[("week", week)],
            ),
        }
    }

    /// 这四周损耗了 ¥23.20，最多的是西红柿：¥19.40，损耗率 6%。
    pub fn loss_summary(&self, t: &I18n) -> String {
        let total = self.loss_money();
        let worst = self.losses.first().filter(|l| l.lost > 0);
        let Some(worst) = worst else {
            return t.ta("fig-loss-none", &[("when", self.when(t))]);
        };
        let mut args = vec![
            ("when", self.when(t)),
            ("money", t.money(total)),
            ("name", worst.name.clone()),
            ("its", t.money(worst.money)),
        ];
        match worst.per_mille() {
            Some(pm) => {
                args.push(("pct", percent(pm)));
                t.ta("fig-loss-summary", &args)
            }
            None => t.ta("fig-loss-summary-norate", &args),
        }
    }

    /// 损耗最多的是11月23日那周：¥19.40。
    pub fn loss_weeks_summary(&self, t: &I18n) -> String {
        match self
            .loss_weeks
            .iter()
            .max_by_key(|w| (w.money, w.week_start))
        {
            Some(w) if w.lost > 0 => t.ta(
                "fig-loss-weeks-summary",
                &[
                    ("week", t.day(w.week_start, self.today)),
                    ("money", t.money(w.money)),
                ],
            ),
            _ => t.ta("fig-loss-none", &[("when", self.when(t))]),
        }
    }

    /// 这四周有 12 份货没人来取。
    pub fn unclaimed_summary(&self, t: &I18n) -> String {
        if self.unclaimed_count == 0 {
            return t.ta("fig-unclaimed-none", &[("when", self.when(t))]);
        }
        t.tn(
            "fig-unclaimed-summary",
            ("count", self.unclaimed_count),
            &[("when", self.when(t))],
        )
    }
}

/// ‰ as whole percent, rounded: 666 → "67".
pub fn percent(per_mille: i64) -> String {
    ((per_mille + 5) / 10).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use linli_core::demo::{DemoConfig, generate};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn ranges_cover_the_days_they_say() {
        let thu = d(11, 26);
        assert_eq!(Range::Week.days(thu, None), (d(11, 23), thu));
        assert_eq!(Range::Week.previous(thu), Some((d(11, 16), d(11, 19))));
        assert_eq!(Range::FourWeeks.days(thu, None), (d(10, 30), thu));
        assert_eq!(
            Range::FourWeeks.previous(thu),
            Some((d(10, 2), d(10, 29))),
            "the 28 days before"
        );
        assert_eq!(
            Range::All.days(thu, Some((d(9, 1), d(9, 30)))),
            (d(9, 1), thu)
        );
        assert_eq!(
            Range::All.days(thu, Some((d(9, 1), d(11, 27)))),
            (d(9, 1), d(11, 27)),
            "tomorrow's pickup is in"
        );
        assert_eq!(Range::All.days(thu, None), (thu, thu));
        assert_eq!(Range::All.previous(thu), None);
        let mon = d(11, 23);
        assert_eq!(Range::Week.days(mon, None), (mon, mon));
        for r in Range::ALL {
            assert_eq!(Range::parse(r.name()), Some(r));
        }
        assert_eq!(percent(666), "67");
        assert_eq!(percent(4), "0");
    }

    fn figures() -> (Figures, Store) {
        let data = generate(&DemoConfig {
            members: 40,
            days: 70,
            ..DemoConfig::standard()
        });
        let mut s = Store::open_in_memory().unwrap();
        s.import(&data).unwrap();
        let today = data.deals.iter().map(|d| d.pickup_day).max().unwrap();
        (Figures::load(&s, Range::FourWeeks, today).unwrap(), s)
    }

    #[test]
    fn the_figures_agree_with_each_other_and_the_store() {
        let (f, s) = figures();
        let by_day: (i64, Fen) = f
            .sales_by_day
            .iter()
            .fold((0, Fen(0)), |a, x| (a.0 + x.units, a.1 + x.revenue));
        assert_eq!(by_day, (f.sales.units, f.sales.revenue));
        let by_product: Fen = f.products.iter().map(|p| p.revenue).sum();
        assert_eq!(by_product, f.sales.revenue);
        assert!(f.sales.revenue > Fen(0) && f.previous.unwrap().revenue > Fen(0));
        assert!(
            f.sales_by_day
                .iter()
                .all(|x| x.day >= f.from && x.day <= f.to)
        );
        let week_money: Fen = f.loss_weeks.iter().map(|w| w.money).sum();
        assert_eq!(week_money, f.loss_money());
        assert!(
            f.loss_money() > Fen(0),
            "the generated group loses something"
        );
        assert!(f.losses.windows(2).all(|w| w[0].money >= w[1].money));
        assert_eq!(
            f.unclaimed_count as usize,
            s.unclaimed_orders(f.from, f.to, u32::MAX).unwrap().len()
        );
        assert!(f.unclaimed.len() <= UNCLAIMED_SHOWN as usize);
        let (bucket, bars) = f.sales_bars();
        assert_eq!(bucket, Bucket::Week, "28 days go by week");
        assert!((4..=5).contains(&bars.len()), "{bars:?}");
        assert_eq!(bars.iter().map(|b| b.2).sum::<Fen>(), f.sales.revenue);
        assert!(bars.iter().all(|b| b.0.weekday() == chrono::Weekday::Mon));
    }

    #[test]
    fn each_chart_is_said_in_one_sentence_in_both_languages() {
        let (f, _) = figures();
        for lang in Lang::ALL {
            let t = I18n::new(lang);
            for s in f.summaries(&t) {
                assert!(!s.contains('[') && !s.contains('{'), "{s}");
                assert!(s.len() > 10, "{s}");
            }
        }
        let zh = I18n::new(Lang::ZhCn);
        let s = f.sales_summary(&zh);
        assert!(s.starts_with("这四周卖了 ¥"), "{s}");
        assert!(s.contains(&f.products[0].name), "{s}");
        assert!(s.contains(&zh.money(f.sales.revenue)), "{s}");
    }

    /// Worked: this week sold ¥120.00, the same days last week ¥100.00 → 20% more; the
    /// best seller is named; empty figures say so.
    #[test]
    fn the_sales_sentence_compares_with_the_days_before() {
        let (mut f, _) = figures();
        f.range = Range::Week;
        f.sales.revenue = Fen(12_000);
        f.previous = Some(SalesTotal {
            units: 1,
            revenue: Fen(10_000),
        });
        f.products[0].name = "西红柿".into();
        let zh = I18n::new(Lang::ZhCn);
        let en = I18n::new(Lang::EnUs);
        assert_eq!(
            f.sales_summary(&zh),
            "这周卖了 ¥120.00，比上周的同样几天多 20%，西红柿卖得最好。"
        );
        f.sales.revenue = Fen(9_049);
        assert_eq!(f.change_percent(), Some(-10));
        f.products[0].name = "Tomatoes".into();
        assert_eq!(
            f.sales_summary(&en),
            "This week the group sold ¥90.49, 10% less than the same days last week; Tomatoes sold best."
        );
        f.sales.revenue = Fen(10_020);
        assert_eq!(f.change_percent(), Some(0));
        assert!(f.sales_summary(&zh).contains("差不多"));
        f.products.clear();
        assert_eq!(f.sales_summary(&zh), "这周还没有卖出东西。");
        f.forming = FormingRate {
            formed: 2,
            failed: 1,
        };
        assert_eq!(
            f.forming_summary(&zh),
            "这周截单了 3 个团，成了 2 个，占 67%。"
        );
        assert_eq!(
            f.forming_summary(&en),
            "This week 2 of 3 deals formed (67%)."
        );
        f.unclaimed_count = 1;
        assert_eq!(
            f.unclaimed_summary(&en),
            "This week one order was not collected."
        );
    }

    #[test]
    fn an_empty_store_has_nothing_to_say_but_says_it() {
        let s = Store::open_in_memory().unwrap();
        let f = Figures::load(&s, Range::All, d(11, 26)).unwrap();
        assert_eq!((f.from, f.to), (d(11, 26), d(11, 26)));
        let zh = I18n::new(Lang::ZhCn);
        for line in f.summaries(&zh) {
            assert!(!line.contains('['), "{line}");
        }
    }
}
