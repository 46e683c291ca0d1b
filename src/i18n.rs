//! Every word the app shows or says, from Fluent (`locales/<lang>/*.ftl`, built in), and the
//! locale's way of writing money, days, clock times and cutoffs.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use linli_core::Fen;
use serde::{Deserialize, Serialize};

/// The languages Linli speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en-US")]
    EnUs,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::EnUs];

    /// The BCP 47 tag, also the folder under `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
        }
    }

    /// The language's own name (`language-own-name` in its own locale), shown on the
    /// language buttons so each reader finds theirs.
    pub fn own_name(self) -> &'static str {
        static NAMES: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| Lang::ALL.map(|l| I18n::new(l).t("language-own-name")));
        &names[self as usize]
    }

    fn sources(self) -> [&'static str; 3] {
        match self {
            Lang::ZhCn => [
                include_str!("../locales/zh-CN/app.ftl"),
                include_str!("../locales/zh-CN/outcomes.ftl"),
                include_str!("../locales/zh-CN/organiser.ftl"),
            ],
            Lang::EnUs => [
                include_str!("../locales/en-US/app.ftl"),
                include_str!("../locales/en-US/outcomes.ftl"),
                include_str!("../locales/en-US/organiser.ftl"),
            ],
        }
    }
}

/// Arguments as text, so codes such as "0427" keep their leading zero.
fn text_args<'a>(args: &[(&'a str, String)]) -> FluentArgs<'a> {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(v.clone()));
    }
    fa
}

/// English plural of a unit phrase (see [`I18n::units`]).
fn english_plural(unit: &str) -> String {
    let unit = unit.trim();
    // The counted word: before " of " ("bag of rice"), else the last word ("small box").
    let (head, word, tail) = match unit.find(" of ") {
        Some(at) => {
            let before = &unit[..at];
            let start = before.rfind(' ').map_or(0, |i| i + 1);
            (&unit[..start], &unit[start..at], &unit[at..])
        }
        None => {
            let start = unit.rfind(' ').map_or(0, |i| i + 1);
            (&unit[..start], &unit[start..], "")
        }
    };
    format!("{head}{}{tail}", plural_word(word))
}

fn plural_word(w: &str) -> String {
    const SAME: [&str; 16] = [
        "jin", "liang", "kg", "g", "mg", "ml", "l", "lb", "lbs", "oz", "dozen", "each", "sheep",
        "fish", "kilos", "grams",
    ];
    let lower = w.to_ascii_lowercase();
    if w.is_empty() || !w.chars().all(|c| c.is_ascii_alphabetic()) || SAME.contains(&lower.as_str())
    {
        return w.to_string();
    }
    let irregular = [
        ("loaf", "loaves"),
        ("half", "halves"),
        ("knife", "knives"),
        ("leaf", "leaves"),
    ];
    if let Some((_, p)) = irregular.iter().find(|(s, _)| *s == lower) {
        return p.to_string();
    }
    let ends = |s: &str| lower.ends_with(s);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{w}es")
    } else if ends("y") && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

/// 13999 → "13,999".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Arguments as text, and `counts` as numbers (so Fluent's plural selectors can choose).
fn count_args<'a>(counts: &[(&'a str, i64)], args: &[(&'a str, String)]) -> FluentArgs<'a> {
    let mut fa = text_args(args);
    for (k, n) in counts {
        fa.set(*k, FluentValue::from(*n));
    }
    fa
}

/// One language's messages.
pub struct I18n {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "I18n({})", self.lang.tag())
    }
}

/// What went wrong reading a locale file (a test runs this for every locale).
pub fn check(lang: Lang) -> Result<I18n, String> {
    let tag: unic_langid::LanguageIdentifier = lang.tag().parse().map_err(|e| format!("{e}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Isolation marks around arguments confuse text shaping and speech; not needed here.
    bundle.set_use_isolating(false);
    for src in lang.sources() {
        let res = FluentResource::try_new(src.to_string())
            .map_err(|(_, errs)| format!("{}: syntax errors {errs:?}", lang.tag()))?;
        bundle
            .add_resource(res)
            .map_err(|errs| format!("{}: {errs:?}", lang.tag()))?;
    }
    Ok(I18n { lang, bundle })
}

impl I18n {
    /// The messages of `lang` (built in, so they are always there).
    pub fn new(lang: Lang) -> I18n {
        check(lang).expect("built-in locales are checked by tests")
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id`; its id in brackets if missing (tests make sure none is).
    pub fn t(&self, id: &str) -> String {
        self.ta(id, &[])
    }

    /// The message `id` with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        self.format(id, text_args(args))
    }

    /// The message `id` with a count the message may choose its plural form by
    /// (`{ $count -> [one] … *[other] … }`), besides the other arguments.
    pub fn tn(&self, id: &str, count: (&str, i64), args: &[(&str, String)]) -> String {
        self.tns(id, &[count], args)
    }

    /// The message `id` with a count of the organiser's unit: `count` is passed as a number
    /// (so English chooses by `{ $qty -> [one] … *[other] … }`), `unit` as she typed it and
    /// `units` as its plural ([`I18n::units`]), besides the other arguments. English writes
    /// "{ $qty } { $units } left" for other counts; Chinese has no plural and writes `unit`.
    pub fn tq(&self, id: &str, count: (&str, i64), unit: &str, args: &[(&str, String)]) -> String {
        self.tqs(id, &[count], unit, args)
    }

    /// [`I18n::tq`] with several counts of the same unit, each passed as a number so each
    /// chooses its own plural form: "{ $sold } heads ordered, { $left } left, { $orders }
    /// orders". A count of something else (orders, neighbours) may be among them.
    pub fn tqs(
        &self,
        id: &str,
        counts: &[(&str, i64)],
        unit: &str,
        args: &[(&str, String)],
    ) -> String {
        let mut fa = count_args(counts, args);
        fa.set("unit", FluentValue::from(unit.to_string()));
        fa.set("units", FluentValue::from(self.units(unit)));
        self.format(id, fa)
    }

    /// [`I18n::tn`] with several counts, each passed as a number so each chooses its own
    /// plural form: "Today 1 deal, 3 orders."
    pub fn tns(&self, id: &str, counts: &[(&str, i64)], args: &[(&str, String)]) -> String {
        self.format(id, count_args(counts, args))
    }

    /// The plural of a unit the organiser typed, for this language: in English "box" →
    /// "boxes", "head" → "heads", "bunch" → "bunches", "catty" → "catties", "loaf" →
    /// "loaves"; measures that English leaves alone stay ("jin", "kg", "dozen"), and so
    /// does a unit written in another script (斤). In a phrase the word counted changes:
    /// "bag of rice" → "bags of rice", "small box" → "small boxes". Chinese: unchanged.
    pub fn units(&self, unit: &str) -> String {
        match self.lang {
            Lang::ZhCn => unit.to_string(),
            Lang::EnUs => english_plural(unit),
        }
    }

    fn format(&self, id: &str, fa: FluentArgs) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fa), &mut errors)
            .into_owned()
    }

    /// The small line under a failure for a family member or volunteer:
    /// "给家人看：can't reach the hub: …". The technical words stay out of her sentence.
    pub fn for_family(&self, detail: &str) -> String {
        self.ta("family-detail", &[("detail", detail.trim().to_string())])
    }

    /// Whether a message exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// ¥7.60, ¥13,999.10, -¥1,234.00: yuan with a comma between each three digits (as
    /// prices are printed in China too) and the sign before the ¥. For reading only: the
    /// CSV export writes plain numbers (`export::yuan`), which spreadsheets read.
    pub fn money(&self, f: Fen) -> String {
        let a = f.0.unsigned_abs();
        let yuan = format!("{}.{:02}", thousands(a / 100), a % 100);
        if f.0 < 0 {
            self.ta("money-negative", &[("yuan", yuan)])
        } else {
            self.ta("money", &[("yuan", yuan)])
        }
    }

    /// "today", "tomorrow", "yesterday", "the day before yesterday", or the date.
    pub fn day(&self, d: NaiveDate, today: NaiveDate) -> String {
        match (d - today).num_days() {
            0 => self.t("day-today"),
            1 => self.t("day-tomorrow"),
            -1 => self.t("day-yesterday"),
            -2 => self.t("day-before-yesterday"),
            _ => self.date(d),
        }
    }

    /// 11月27日 / 11/27.
    pub fn date(&self, d: NaiveDate) -> String {
        self.ta(
            "day-date",
            &[
                ("month", d.month().to_string()),
                ("day", d.day().to_string()),
            ],
        )
    }

    /// The date always, with today/tomorrow/yesterday beside it: 11月27日（明天）.
    pub fn long_day(&self, d: NaiveDate, today: NaiveDate) -> String {
        let date = self.date(d);
        if (d - today).num_days().abs() <= 1 {
            self.ta("day-long", &[("date", date), ("rel", self.day(d, today))])
        } else {
            date
        }
    }

    /// How many days back `then` was, as people say it: 今天, 昨天, 前天, 3天前.
    pub fn days_ago(&self, then: NaiveDate, today: NaiveDate) -> String {
        match (today - then).num_days() {
            ..=0 => self.t("day-today"),
            1 => self.t("day-yesterday"),
            2 => self.t("day-before-yesterday"),
            n => self.tn("days-ago", ("count", n), &[]),
        }
    }

    /// The part of the day as people say it. Chinese: 凌晨 (0–4), 早上 (5–8), 上午 (9–11),
    /// 中午 (12), 下午 (13–17), 晚上 (18–23); English has only am and pm (its messages say so).
    fn period(hour: u32) -> &'static str {
        match hour {
            0..=4 => "period-small-hours",
            5..=8 => "period-early-morning",
            9..=11 => "period-morning",
            12 => "period-noon",
            13..=17 => "period-afternoon",
            _ => "period-evening",
        }
    }

    /// 凌晨0点05分, 早上6点28分, 晚上10点 / 12:05 am, 6:28 am, 10 pm. The hour is counted from
    /// 1 to 12 after noon; before noon, the hour after midnight is the locale's
    /// `clock-zero-hour` (0 in Chinese: 凌晨0点; 12 in English: 12 am).
    pub fn clock(&self, t: NaiveTime) -> String {
        let hour = match t.hour() {
            0 => self.t("clock-zero-hour"),
            h @ 1..=12 => h.to_string(),
            h => (h - 12).to_string(),
        };
        let mut args = vec![("period", self.t(Self::period(t.hour()))), ("hour", hour)];
        if t.minute() == 0 {
            self.ta("clock", &args)
        } else {
            args.push(("minutes", format!("{:02}", t.minute())));
            self.ta("clock-minutes", &args)
        }
    }

    /// When orders close, in words: 今晚10点截单, 还有 20 分钟截单 …
    pub fn cutoff(&self, cutoff: NaiveDateTime, now: NaiveDateTime) -> String {
        if cutoff <= now {
            return self.t("cutoff-passed");
        }
        let minutes = (cutoff - now).num_minutes();
        if minutes < 60 {
            return self.tn("cutoff-soon", ("minutes", minutes.max(1)), &[]);
        }
        let clock = self.clock(cutoff.time());
        let (day, today) = (cutoff.date(), now.date());
        if day == today && cutoff.hour() >= 18 && cutoff.minute() == 0 {
            self.ta(
                "cutoff-tonight",
                &[("hour", (cutoff.hour() - 12).to_string())],
            )
        } else if day == today {
            self.ta("cutoff-today", &[("clock", clock)])
        } else if Some(day) == today.succ_opt() {
            self.ta("cutoff-tomorrow", &[("clock", clock)])
        } else {
            self.ta(
                "cutoff-later",
                &[("day", self.day(day, today)), ("clock", clock)],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn money_days_and_cutoffs_read_naturally_in_both_languages() {
        let zh = I18n::new(Lang::ZhCn);
        let en = I18n::new(Lang::EnUs);
        assert_eq!(zh.money(Fen(760)), "¥7.60");
        assert_eq!(en.money(Fen(12_345)), "¥123.45");
        assert_eq!(zh.cutoff(at(25, 22, 0), at(25, 9, 30)), "今晚10点截单");
        assert_eq!(
            en.cutoff(at(25, 22, 0), at(25, 9, 30)),
            "Orders close tonight at 10 pm"
        );
        assert_eq!(
            zh.cutoff(at(26, 9, 30), at(25, 9, 0)),
            "明天上午9点30分截单"
        );
        assert_eq!(zh.cutoff(at(25, 10, 0), at(25, 9, 40)), "还有 20 分钟截单");
        assert_eq!(zh.cutoff(at(25, 9, 0), at(25, 9, 40)), "已经截单了");
        assert_eq!(zh.day(at(28, 0, 0).date(), at(25, 0, 0).date()), "11月28日");
        assert_eq!(en.day(at(26, 0, 0).date(), at(25, 0, 0).date()), "tomorrow");
        assert_eq!(en.clock(NaiveTime::from_hms_opt(15, 0, 0).unwrap()), "3 pm");
        assert_eq!(
            zh.clock(NaiveTime::from_hms_opt(12, 5, 0).unwrap()),
            "中午12点05分"
        );
        assert_eq!(
            en.clock(NaiveTime::from_hms_opt(12, 5, 0).unwrap()),
            "12:05 pm"
        );
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Each part of the day at both its ends, as a seventy-year-old in Beijing says it, and
    /// am/pm in English (midnight is 12 am there, 0 点 in Chinese).
    #[test]
    fn the_time_of_day_is_said_as_people_say_it() {
        let zh = I18n::new(Lang::ZhCn);
        let en = I18n::new(Lang::EnUs);
        for (h, m, chinese, english) in [
            (0, 0, "凌晨0点", "12 am"),
            (0, 5, "凌晨0点05分", "12:05 am"),
            (4, 27, "凌晨4点27分", "4:27 am"),
            (4, 59, "凌晨4点59分", "4:59 am"),
            (5, 0, "早上5点", "5 am"),
            (6, 28, "早上6点28分", "6:28 am"),
            (8, 59, "早上8点59分", "8:59 am"),
            (9, 0, "上午9点", "9 am"),
            (11, 59, "上午11点59分", "11:59 am"),
            (12, 0, "中午12点", "12 pm"),
            (12, 59, "中午12点59分", "12:59 pm"),
            (13, 0, "下午1点", "1 pm"),
            (17, 59, "下午5点59分", "5:59 pm"),
            (18, 0, "晚上6点", "6 pm"),
            (23, 59, "晚上11点59分", "11:59 pm"),
        ] {
            assert_eq!(zh.clock(hm(h, m)), chinese, "{h}:{m:02}");
            assert_eq!(en.clock(hm(h, m)), english, "{h}:{m:02}");
        }
        assert_eq!(
            zh.cutoff(at(26, 4, 30), at(25, 20, 0)),
            "明天凌晨4点30分截单"
        );
        assert_eq!(
            en.cutoff(at(26, 0, 5), at(25, 20, 0)),
            "Orders close tomorrow at 12:05 am"
        );
    }

    #[test]
    fn days_back_are_yesterday_and_the_day_before() {
        let zh = I18n::new(Lang::ZhCn);
        let en = I18n::new(Lang::EnUs);
        let today = at(25, 0, 0).date();
        let back = |n: i64| today - chrono::Duration::days(n);
        let said: Vec<_> = (0..=3).map(|n| zh.days_ago(back(n), today)).collect();
        assert_eq!(said, ["今天", "昨天", "前天", "3 天前"]);
        let said: Vec<_> = (0..=3).map(|n| en.days_ago(back(n), today)).collect();
        assert_eq!(
            said,
            [
                "today",
                "yesterday",
                "the day before yesterday",
                "3 days ago"
            ]
        );
        assert_eq!(zh.day(back(1), today), "昨天");
        assert_eq!(zh.day(back(2), today), "前天");
        assert_eq!(zh.day(back(3), today), "11月22日");
        assert_eq!(zh.long_day(back(1), today), "11月24日（昨天）");
        assert_eq!(en.day(back(1), today), "yesterday");
    }

    #[test]
    fn english_units_take_their_plural() {
        let en = I18n::new(Lang::EnUs);
        let zh = I18n::new(Lang::ZhCn);
        for (one, many) in [
            ("box", "boxes"),
            ("head", "heads"),
            ("bag", "bags"),
            ("bottle", "bottles"),
            ("bunch", "bunches"),
            ("catty", "catties"),
            ("tray", "trays"),
            ("loaf", "loaves"),
            ("jin", "jin"),
            ("kg", "kg"),
            ("dozen", "dozen"),
            ("Box", "Boxes"),
            ("small box", "small boxes"),
            ("bag of rice", "bags of rice"),
            ("斤", "斤"),
            ("", ""),
        ] {
            assert_eq!(en.units(one), many, "{one}");
            assert_eq!(zh.units(one), one);
        }
        let left = |n| en.tq("deal-left", ("left", n), "box", &[]);
        assert_eq!(left(22), "22 boxes left");
        assert_eq!(left(1), "1 box left");
        assert_eq!(
            en.tq("order-limit", ("limit", 3), "box", &[]),
            "At most 3 boxes each"
        );
        assert_eq!(zh.tq("deal-left", ("left", 22), "盒", &[]), "还剩 22 盒");
    }

    #[test]
    fn money_has_thousands_separators_in_both_languages() {
        for l in Lang::ALL {
            let i = I18n::new(l);
            assert_eq!(i.money(Fen(1_399_910)), "¥13,999.10");
            assert_eq!(i.money(Fen(-123_400)), "-¥1,234.00");
            assert_eq!(i.money(Fen(-5)), "-¥0.05");
            assert_eq!(i.money(Fen(0)), "¥0.00");
            assert_eq!(i.money(Fen(99_999)), "¥999.99");
            assert_eq!(i.money(Fen(100_000)), "¥1,000.00");
            assert_eq!(i.money(Fen(12_345_678_900)), "¥123,456,789.00");
        }
    }

    #[test]
    fn english_counts_take_their_plural_and_codes_keep_their_zeros() {
        let zh = I18n::new(Lang::ZhCn);
        let en = I18n::new(Lang::EnUs);
        assert_eq!(
            en.cutoff(at(25, 9, 41), at(25, 9, 40)),
            "Orders close in one minute"
        );
        assert_eq!(
            en.cutoff(at(25, 10, 0), at(25, 9, 40)),
            "Orders close in 20 minutes"
        );
        assert_eq!(zh.cutoff(at(25, 9, 41), at(25, 9, 40)), "还有 1 分钟截单");
        assert_eq!(
            en.tn("sync-pending", ("count", 1), &[]),
            "one order waiting to be sent"
        );
        assert_eq!(
            en.tn("sync-pending", ("count", 3), &[]),
            "3 waiting to be sent"
        );
        let code = ("code", "0427".to_string());
        assert!(en.ta("pickup-banner", &[code]).ends_with("code 0427"));
    }

    #[test]
    fn each_language_is_named_in_itself() {
        assert_eq!(Lang::ZhCn.own_name(), "中文");
        assert_eq!(Lang::EnUs.own_name(), "English");
    }
}
