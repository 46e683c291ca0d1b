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
        let mut fa = text_args(args);
        fa.set(count.0, FluentValue::from(count.1));
        self.format(id, fa)
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

    /// Whether a message exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// ¥7.60.
    pub fn money(&self, f: Fen) -> String {
        let sign = if f.0 < 0 { "-" } else { "" };
        let a = f.0.unsigned_abs();
        self.ta(
            "money",
            &[("yuan", format!("{sign}{}.{:02}", a / 100, a % 100))],
        )
    }

    /// "today", "tomorrow", or the date.
    pub fn day(&self, d: NaiveDate, today: NaiveDate) -> String {
        if d == today {
            self.t("day-today")
        } else if Some(d) == today.succ_opt() {
            self.t("day-tomorrow")
        } else {
            self.ta(
                "day-date",
                &[
                    ("month", d.month().to_string()),
                    ("day", d.day().to_string()),
                ],
            )
        }
    }

    /// The date always, with today/tomorrow beside it: 11月27日（明天）.
    pub fn long_day(&self, d: NaiveDate, today: NaiveDate) -> String {
        let date = self.ta(
            "day-date",
            &[
                ("month", d.month().to_string()),
                ("day", d.day().to_string()),
            ],
        );
        if d == today || Some(d) == today.succ_opt() {
            self.ta("day-long", &[("date", date), ("rel", self.day(d, today))])
        } else {
            date
        }
    }

    /// 晚上10点 / 10 pm.
    pub fn clock(&self, t: NaiveTime) -> String {
        let period = match t.hour() {
            0..=11 => "period-morning",
            12 => "period-noon",
            13..=17 => "period-afternoon",
            _ => "period-evening",
        };
        let hour = match t.hour() % 12 {
            0 => 12,
            h => h,
        };
        let mut args = vec![("period", self.t(period)), ("hour", hour.to_string())];
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
