//! Settings: language, text size, voice and speed, colours, mode, PIN. Guarded by the PIN
//! when one is set.

use super::Speech;
use super::{Message, View};
use crate::i18n::Lang;
use crate::system::settings::Mode;
use crate::system::speech::Rate;
use crate::theme::{self, Scale};
use crate::ui::{self, Ctx, Kind};
use iced::widget::{column, container, row};
use iced::{Element, Length};

/// One labelled row of choices; the chosen one is drawn as primary.
pub fn choices<'a, T: PartialEq + Clone + 'a>(
    c: Ctx<'a>,
    label: String,
    options: Vec<(T, String)>,
    current: &T,
    on: impl Fn(T) -> Message + 'a,
) -> Element<'a, Message> {
    let mut r = row![].spacing(c.scale.gap());
    for (value, words) in options {
        let chosen = &value == current;
        r = r.push(ui::chip(c, words, chosen, on(value)));
    }
    column![ui::body(c, label), r.wrap()].spacing(8).into()
}

/// The rows shared with first-run setup: language, size, voice, speed.
pub fn common<'a>(v: View<'a>, c: Ctx<'a>) -> Vec<Element<'a, Message>> {
    let s = &v.settings;
    vec![
        choices(
            c,
            c.t("settings-language"),
            Lang::ALL
                .iter()
                .map(|l| (*l, l.own_name().to_string()))
                .collect(),
            &s.lang,
            Message::SetLang,
        ),
        choices(
            c,
            c.t("settings-size"),
            Scale::ZOOMS
                .iter()
                .map(|z| {
                    (
                        *z,
                        c.i18n
                            .ta("settings-size-value", &[("percent", z.to_string())]),
                    )
                })
                .collect(),
            &s.zoom,
            Message::SetZoom,
        ),
        choices(
            c,
            c.t("settings-voice"),
            vec![(true, c.t("on")), (false, c.t("off"))],
            &s.voice,
            Message::SetVoice,
        ),
        choices(
            c,
            c.t("settings-rate"),
            Rate::ALL
                .iter()
                .map(|r| (*r, c.t(r.message_id())))
                .collect(),
            &s.rate,
            Message::SetRate,
        ),
        choices(
            c,
            c.t("settings-mode"),
            vec![
                (Mode::Basic, c.t("mode-basic")),
                (Mode::Advanced, c.t("mode-advanced")),
            ],
            &s.mode,
            Message::SetMode,
        ),
    ]
}

pub fn pin_field<'a>(c: Ctx<'a>, value: &str, on: fn(String) -> Message) -> Element<'a, Message> {
    ui::field(c, &c.t("setup-pin-hint"), value, on)
        .secure(true)
        .width(Length::Fixed(12.0 * c.scale.body()))
        .into()
}

/// Whether reading aloud works on this computer, with "try again" when it does not.
pub fn speech_row<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    let (words, retry) = match v.speech {
        Speech::Ready => (c.t("speech-ready"), false),
        Speech::Connecting => (c.t("speech-connecting"), false),
        Speech::Unavailable => (c.t("speech-unavailable"), true),
    };
    let mut r = row![container(ui::body(c, words)).width(Length::Fill)]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center);
    if retry {
        r = r.push(ui::big_button(
            c,
            c.t("speech-retry"),
            Kind::Primary,
            false,
            Some(Message::SpeechRetry),
        ));
    }
    column![ui::body(c, c.t("settings-speech")), ui::card(c, r)]
        .spacing(8)
        .into()
}

pub fn view<'a>(v: View<'a>, c: Ctx<'a>) -> Element<'a, Message> {
    if !v.b.unlocked {
        let mut col = column![
            ui::body(c, c.t("settings-locked")),
            pin_field(c, &v.b.pin_input, Message::PinInput),
            ui::big_button(
                c,
                c.t("settings-unlock"),
                Kind::Primary,
                false,
                Some(Message::Unlock)
            ),
        ]
        .spacing(c.scale.pad());
        if v.b.pin_wrong {
            col = col.push(ui::body(c, c.t("settings-pin-wrong")));
        }
        return col.into();
    }
    let s = &v.settings;
    let mut col = column(common(v, c))
        .spacing(c.scale.pad())
        .width(Length::Fill);
    col = col.push(speech_row(v, c));
    col = col.push(choices(
        c,
        c.t("settings-auto-read"),
        vec![(true, c.t("on")), (false, c.t("off"))],
        &s.auto_read,
        Message::SetAutoRead,
    ));
    col = col.push(choices(
        c,
        c.t("settings-theme"),
        theme::builtin()
            .into_iter()
            .map(|p| (p.id.clone(), c.t(&format!("theme-{}", p.id))))
            .collect(),
        &s.theme,
        Message::SetTheme,
    ));
    col = col.push(
        column![
            ui::body(c, c.t("settings-pin")),
            row![
                pin_field(c, &v.b.pin_input, Message::PinInput),
                ui::big_button(c, c.t("yes"), Kind::Primary, false, Some(Message::SavePin)),
            ]
            .spacing(c.scale.gap()),
        ]
        .spacing(8),
    );
    if v.b.pin_wrong {
        col = col.push(ui::body(c, c.t("setup-pin-hint")));
    }
    // Drawn in software (兼容模式): said, so a helper knows why the screen may be slower.
    if v.compatible {
        col = col.push(ui::note(c, c.t("settings-compatible")));
    }
    // Settings not saved: said in her words; the reason apart, for a family member.
    if let Some(n) = v.settings_note {
        col = col.push(ui::body(c, c.t("settings-save-failed")));
        col = col.push(ui::note(c, v.i18n.for_family(n)));
    }
    // 说话点菜: teach the app her voice, or delete her recordings.
    col = col.push(ui::big_button(
        c,
        ui::icon::with(ui::icon::MIC, &c.t("voice-settings")),
        Kind::Secondary,
        false,
        Some(Message::Go(super::Screen::Voice)),
    ));
    // 我的数据: what the group holds about her, export, leave.
    col = col.push(ui::big_button(
        c,
        c.t("mydata-title"),
        Kind::Secondary,
        false,
        Some(Message::Go(super::Screen::MyData)),
    ));
    col.into()
}
