//! The building blocks every screen uses: text in the scale's sizes, large buttons and cards
//! in the theme's colours, and keyboard handling ([`keys`]).

pub mod chart;
pub mod fonts;
pub mod icon;
pub mod keys;

use crate::i18n::I18n;
use crate::theme::{Palette, Scale};
use iced::widget::{button, container, text, text_input};
use iced::{Background, Border, Color, Element, Length, Shadow};

/// What a view needs to draw: words, colours, sizes.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub i18n: &'a I18n,
    pub pal: &'a Palette,
    pub scale: Scale,
}

impl Ctx<'_> {
    pub fn t(&self, id: &str) -> String {
        self.i18n.t(id)
    }
}

/// A button's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Primary,
    Secondary,
    Danger,
    Success,
}

fn text_line<'a>(s: impl text::IntoFragment<'a>, size: f32, color: Color) -> text::Text<'a> {
    text(s)
        .size(size)
        .line_height(Scale::LINE)
        .color(color)
        .wrapping(text::Wrapping::WordOrGlyph)
}

/// Body text (28 px at 100 %).
pub fn body<'a, M: 'a>(c: Ctx<'_>, s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text_line(s, c.scale.body(), c.pal.text).into()
}

/// Secondary text, same size, the muted colour (still ≥ 7:1).
pub fn note<'a, M: 'a>(c: Ctx<'_>, s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text_line(s, c.scale.small(), c.pal.muted).into()
}

pub fn heading<'a, M: 'a>(c: Ctx<'_>, s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text_line(s, c.scale.heading(), c.pal.text).into()
}

/// Very large digits: the pickup code, the quantity.
pub fn huge<'a, M: 'a>(c: Ctx<'_>, s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text_line(s, c.scale.huge(), c.pal.text).into()
}

fn colours(p: &Palette, kind: Kind) -> (Color, Color) {
    match kind {
        Kind::Primary => (p.primary, p.on_primary),
        Kind::Secondary => (p.surface, p.text),
        Kind::Danger => (p.danger, p.on_danger),
        Kind::Success => (p.success, p.on_success),
    }
}

/// A border's colour and width: the focus ring (`focus`, `wide`) on the item the keyboard
/// chose, a thinner text-coloured ring under the mouse, so the two are never confused.
fn ring_of(
    selected: bool,
    status: button::Status,
    (border, focus, text): (Color, Color, Color),
    wide: f32,
) -> (Color, f32) {
    if selected {
        (focus, wide)
    } else if matches!(status, button::Status::Hovered | button::Status::Pressed) {
        (text, 4.0)
    } else {
        (border, 2.0)
    }
}

/// A large button: at least 64 px tall (scaled), body-size words, a thick focus-coloured
/// ring when chosen with the keyboard (`selected`), a text-coloured one under the mouse.
pub fn big_button<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    label: impl text::IntoFragment<'a>,
    kind: Kind,
    selected: bool,
    on_press: Option<M>,
) -> Element<'a, M> {
    let fg = colours(c.pal, kind).1;
    big_button_with(
        c,
        text_line(label, c.scale.body(), fg),
        kind,
        selected,
        on_press,
    )
    .into()
}

/// [`big_button`] around any content (words with a key chip beside them): the same
/// height, colours and rings (its width and padding can still be changed).
pub fn big_button_with<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    content: impl Into<Element<'a, M>>,
    kind: Kind,
    selected: bool,
    on_press: Option<M>,
) -> button::Button<'a, M> {
    let (bg, fg) = colours(c.pal, kind);
    let (border, focus, text) = (c.pal.border, c.pal.focus, c.pal.text);
    let ring = c.scale.gap() / 4.0;
    button(container(content).center_y(Length::Fixed(c.scale.target() - c.scale.gap())))
        .padding([c.scale.gap() / 2.0, c.scale.pad()])
        .height(Length::Shrink)
        .on_press_maybe(on_press)
        .style(move |_theme, status| {
            filled(
                bg,
                fg,
                ring_of(selected, status, (border, focus, text), ring.max(4.0)),
                12.0,
            )
        })
}

/// A button's look: its colours, its ring (colour and width) and corner radius.
fn filled(bg: Color, fg: Color, (color, width): (Color, f32), radius: f32) -> button::Style {
    button::Style {
        background: Some(Background::Color(bg)),
        text_color: fg,
        border: Border {
            color,
            width,
            radius: radius.into(),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A small label in a thin frame beside a name (没有电脑): words, never colour alone.
pub fn tag<'a, M: 'a>(c: Ctx<'_>, s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    let (muted, text) = (c.pal.muted, c.pal.text);
    container(text_line(s, c.scale.small(), text))
        .padding([c.scale.gap() / 8.0, c.scale.gap() / 2.0])
        .style(move |_| container::Style {
            text_color: Some(text),
            border: Border {
                color: muted,
                width: 2.0,
                radius: 8.0.into(),
            },
            ..container::Style::default()
        })
        .into()
}

/// A boxed area on the surface colour with a thin border.
pub fn card<'a, M: 'a>(c: Ctx<'_>, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    boxed(c, content, c.pal.border, 2.0)
}

/// News for her (the hub's answer, a notice, what went wrong): a card with a thick border
/// in the primary colour, unlike the focus ring, so it never looks like the chosen item.
pub fn news<'a, M: 'a>(c: Ctx<'_>, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    boxed(c, content, c.pal.primary, 4.0)
}

fn boxed<'a, M: 'a>(
    c: Ctx<'_>,
    content: impl Into<Element<'a, M>>,
    border: Color,
    width: f32,
) -> Element<'a, M> {
    let (surface, text) = (c.pal.surface, c.pal.text);
    container(content)
        .padding(c.scale.pad())
        .width(Length::Fill)
        .style(move |_| container::Style {
            text_color: Some(text),
            background: Some(Background::Color(surface)),
            border: Border {
                color: border,
                width,
                radius: 16.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        })
        .into()
}

/// The whole window's background.
pub fn page<'a, M: 'a>(c: Ctx<'_>, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let (bg, text) = (c.pal.background, c.pal.text);
    // The window's margin stops growing at 125 %: at large text the room goes to the words.
    container(content)
        .padding(c.scale.pad().min(30.0))
        .width(Length::Fill)
        .height(Length::Fill)
        .style(move |_| container::Style {
            text_color: Some(text),
            background: Some(Background::Color(bg)),
            ..container::Style::default()
        })
        .into()
}

/// A whole card that is one big button (a deal, an order): surface colour, the focus ring
/// when chosen with the keyboard, a text-coloured ring under the mouse.
pub fn choice_card<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    content: impl Into<Element<'a, M>>,
    selected: bool,
    on_press: M,
) -> Element<'a, M> {
    let (surface, text, border, focus) = (c.pal.surface, c.pal.text, c.pal.border, c.pal.focus);
    button(content)
        .padding(c.scale.gap())
        .width(Length::Fill)
        .on_press(on_press)
        .style(move |_theme, status| {
            filled(
                surface,
                text,
                ring_of(selected, status, (border, focus, text), 6.0),
                16.0,
            )
        })
        .into()
}

/// A text field in the theme's colours (the hint in the muted colour, still ≥ 7:1).
pub fn field<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    hint: &str,
    value: &str,
    on_input: impl Fn(String) -> M + 'a,
) -> text_input::TextInput<'a, M> {
    let (bg, text, muted, border, focus, primary) = (
        c.pal.background,
        c.pal.text,
        c.pal.muted,
        c.pal.border,
        c.pal.focus,
        c.pal.primary,
    );
    text_input(hint, value)
        .on_input(on_input)
        .size(c.scale.body())
        .line_height(Scale::LINE)
        .padding(c.scale.gap())
        .style(move |_theme, status| text_input::Style {
            background: Background::Color(bg),
            border: Border {
                color: if matches!(status, text_input::Status::Focused { .. }) {
                    focus
                } else {
                    border
                },
                width: if matches!(status, text_input::Status::Focused { .. }) {
                    4.0
                } else {
                    2.0
                },
                radius: 8.0.into(),
            },
            icon: text,
            placeholder: muted,
            value: text,
            selection: Color { a: 0.35, ..primary },
        })
}

/// One choice of several: the chosen one primary and ticked, the others secondary.
pub fn chip<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    label: String,
    chosen: bool,
    on_press: M,
) -> Element<'a, M> {
    let (label, kind) = if chosen {
        (icon::with(icon::CHOSEN, &label), Kind::Primary)
    } else {
        (label, Kind::Secondary)
    };
    big_button(c, label, kind, false, Some(on_press))
}

/// A large key of an on-screen keypad: heading-size text, 1.5 targets square (twice as
/// wide for a word such as 退格).
pub fn key_button<'a, M: Clone + 'a>(c: Ctx<'_>, label: String, on_press: M) -> Element<'a, M> {
    let side = c.scale.target() * 1.5;
    let wide = label.chars().count() > 2;
    let (surface, text, border) = (c.pal.surface, c.pal.text, c.pal.border);
    button(
        container(text_line(label, c.scale.heading(), text))
            .center_x(Length::Fill)
            .center_y(Length::Fill),
    )
    .width(Length::Fixed(side * if wide { 2.0 } else { 1.0 }))
    .height(Length::Fixed(side))
    .on_press(on_press)
    .style(move |_theme, status| {
        filled(
            surface,
            text,
            ring_of(false, status, (border, border, text), 4.0),
            12.0,
        )
    })
    .into()
}

/// The news box: the words, and "Got it" (`read`) that clears them once she has read them.
pub fn news_box<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    words: &'a str,
    got_it: String,
    read: M,
) -> Element<'a, M> {
    news(
        c,
        iced::widget::row![
            container(body(c, words)).width(Length::Fill),
            big_button(
                c,
                icon::with(icon::CHOSEN, &got_it),
                Kind::Secondary,
                false,
                Some(read)
            )
        ]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center),
    )
}

/// The status area under the top bar (the pickup line, 说话, news): one compact card.
pub fn status<'a, M: 'a>(c: Ctx<'_>, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let (surface, text, border) = (c.pal.surface, c.pal.text, c.pal.border);
    container(content)
        .padding([c.scale.gap() / 2.0, c.scale.gap()])
        .width(Length::Fill)
        .style(move |_| container::Style {
            text_color: Some(text),
            background: Some(Background::Color(surface)),
            border: Border {
                color: border,
                width: 2.0,
                radius: 16.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        })
        .into()
}

/// One piece of news inside the status area: a thick primary-coloured bar at its left (so
/// it never looks like the chosen item), the words, and "Got it" (`read`).
pub fn news_line<'a, M: Clone + 'a>(
    c: Ctx<'_>,
    words: &'a str,
    got_it: String,
    read: M,
) -> Element<'a, M> {
    let (primary, background) = (c.pal.primary, c.pal.background);
    // At most three lines, so a long notice never pushes the page's action off the window
    // (Read aloud reads it all, and My orders / Notices show it whole).
    let most = c.scale.body() * Scale::LINE * 3.0;
    container(
        iced::widget::row![
            container(body(c, words))
                .width(Length::Fill)
                .max_height(most)
                .clip(true),
            big_button(
                c,
                icon::with(icon::CHOSEN, &got_it),
                Kind::Secondary,
                false,
                Some(read)
            )
        ]
        .spacing(c.scale.gap())
        .align_y(iced::Alignment::Center),
    )
    .padding([c.scale.gap() / 4.0, c.scale.gap()])
    .width(Length::Fill)
    .style(move |_| container::Style {
        background: Some(Background::Color(background)),
        border: Border {
            color: primary,
            width: 4.0,
            radius: 12.0.into(),
        },
        ..container::Style::default()
    })
    .into()
}

/// A screen's main actions, kept under its content where scrolling never takes them.
pub fn action_bar<'a, M: 'a>(c: Ctx<'_>, actions: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(actions)
        .padding(iced::Padding {
            top: c.scale.gap() / 4.0,
            ..iced::Padding::ZERO
        })
        .width(Length::Fill)
        .into()
}
