//! Horizontal bar charts for older eyes: one row per bar, its label on the left in body
//! size, a thick bar in the theme's primary colour, and its number printed just past the
//! bar's end. No axes, grids or legends: the numbers are on the bars.
//!
//! Built from iced's own widgets (a container per bar, text for the words), laid out to
//! the pixel inside `responsive`, which measures the words with the renderer's text
//! shaping. A first version drew on iced's canvas; under the wgpu renderer (Xvfb, llvmpipe)
//! the bars of the first chart on the page were not drawn while their numbers were, so
//! the bars are now quads, which every renderer draws (and the simulator can read the
//! numbers, as it can any text).

use super::Ctx;
use crate::theme::Scale;
use iced::advanced::text::Paragraph as _;
use iced::alignment::Vertical;
use iced::widget::{Space, container, responsive, row, text};
use iced::{Background, Color, Element, Font, Length, Pixels, Renderer, Size};

/// One bar: its label, its length (any unit; bars are scaled to the largest) and the
/// number printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
struct Style {
    bar: Color,
    text: Color,
    size: f32,
    gap: f32,
}

impl Style {
    /// A row: one line of text and half a gap.
    fn row(&self) -> f32 {
        self.size * Scale::LINE + self.gap / 2.0
    }

    /// How wide `s` is drawn, in pixels.
    fn width(&self, s: &str) -> f32 {
        type P = <Renderer as iced::advanced::text::Renderer>::Paragraph;
        P::with_text(iced::advanced::text::Text {
            content: s,
            bounds: Size::INFINITE,
            size: Pixels(self.size),
            line_height: Scale::LINE.into(),
            font: Font::with_name(crate::FONT_NAME),
            align_x: iced::advanced::text::Alignment::Left,
            align_y: Vertical::Top,
            shaping: iced::advanced::text::Shaping::Advanced,
            wrapping: iced::advanced::text::Wrapping::None,
        })
        .min_width()
    }

    fn words<'a, M: 'a>(&self, s: String) -> Element<'a, M> {
        text(s)
            .size(self.size)
            .line_height(Scale::LINE)
            .color(self.text)
            .wrapping(text::Wrapping::None)
            .into()
    }
}

/// The bars, as tall as they need and as wide as the space given.
pub fn bars<'a, M: 'a>(c: Ctx<'_>, bars: Vec<Bar>) -> Element<'a, M> {
    let s = Style {
        bar: c.pal.primary,
        text: c.pal.text,
        size: c.scale.body(),
        gap: c.scale.gap(),
    };
    let height = s.row() * bars.len() as f32;
    let labels: f32 = bars.iter().map(|b| s.width(&b.label)).fold(0.0, f32::max);
    let numbers: f32 = bars.iter().map(|b| s.width(&b.text)).fold(0.0, f32::max);
    let most = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    responsive(move |size: Size| {
        let label_w = labels.min(size.width * 0.45).ceil();
        let room = (size.width - label_w - s.gap * 1.5 - numbers - 2.0).max(s.gap);
        let thick = s.size * 1.1;
        let mut col = iced::widget::column![];
        for b in &bars {
            let len = if b.value > 0 {
                (room * b.value as f32 / most as f32).max(4.0)
            } else {
                0.0
            };
            let fill = s.bar;
            col = col.push(
                row![
                    container(s.words(b.label.clone()))
                        .width(Length::Fixed(label_w))
                        .clip(true),
                    Space::new().width(s.gap),
                    container(Space::new())
                        .width(Length::Fixed(len))
                        .height(Length::Fixed(thick))
                        .style(move |_| container::Style {
                            background: Some(Background::Color(fill)),
                            ..container::Style::default()
                        }),
                    Space::new().width(s.gap / 2.0),
                    s.words(b.text.clone()),
                ]
                .height(Length::Fixed(s.row()))
                .align_y(iced::Alignment::Center),
            );
        }
        col.into()
    })
    .width(Length::Fill)
    .height(Length::Fixed(height.max(1.0)))
    .into()
}
