//! Settings: language, text size, voice and speed, colours, mode, PIN. Guarded by the PIN
//! when one is set.

use crate::app::{App, Message};
use crate::i18n::Lang;
use crate::settings::Mode;
use crate::speech::Rate;
use crate::theme::{self, Scale};
use crate::ui::{self, Ctx, Kind};
use iced::widget::{column, row};
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
        let kind = if &value == current {
            Kind::Primary
        } else {
            Kind::Secondary
        };
        let words = if &value == current {
            ui::icon::with(ui::icon::CHOSEN, &words)
        } else {
            words
        };
        r = r.push(ui::big_button(c, words, kind, false, Some(on(value))));
    }
    column![ui::body(c, label), r.wrap()].spacing(8).into()
}

/// The rows shared with first-run setup: language, size, voice, speed.
pub fn common<'a>(app: &'a App, c: Ctx<'a>) -> Vec<Element<'a, Message>> {
    let s = &app.settings;
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

pub fn view<'a>(app: &'a App, c: Ctx<'a>) -> Element<'a, Message> {
    if !app.unlocked {
        let mut col = column![
            ui::body(c, c.t("settings-locked")),
            pin_field(c, &app.pin_input, Message::PinInput),
            ui::big_button(
                c,
                c.t("settings-unlock"),
                Kind::Primary,
                false,
                Some(Message::Unlock)
            ),
        ]
        .spacing(c.scale.pad());
        if app.pin_wrong {
            col = col.push(ui::body(c, c.t("settings-pin-wrong")));
        }
        return col.into();
    }
    let s = &app.settings;
    let mut col = column(common(app, c))
        .spacing(c.scale.pad())
        .width(Length::Fill);
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
                pin_field(c, &app.pin_input, Message::PinInput),
                ui::big_button(c, c.t("yes"), Kind::Primary, false, Some(Message::SavePin)),
            ]
            .spacing(c.scale.gap()),
        ]
        .spacing(8),
    );
    if app.pin_wrong {
        col = col.push(ui::body(c, c.t("setup-pin-hint")));
    }
    if let Some(n) = &app.settings_note {
        col = col.push(ui::note(c, n.as_str()));
    }
    col.into()
}
