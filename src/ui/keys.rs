//! Keyboard use of every screen: a wrapper widget that turns key presses nobody else took
//! (a text field takes its own typing) into the app's [`Key`]s. Being a widget, it works the
//! same in the real window and in iced_test's simulator.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer;
use iced::advanced::widget::{self, Tree, Widget};
use iced::advanced::{Clipboard, Shell, mouse, overlay};
use iced::keyboard::{self, key::Named};
use iced::{Element, Event, Length, Rectangle, Size, Vector};

/// What the keyboard can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// 1–9: choose a numbered item.
    Number(usize),
    Enter,
    Escape,
    /// Erases a digit at the pickup desk; elsewhere it goes back, as Esc does.
    Backspace,
    /// R: read aloud.
    Read,
    Plus,
    Minus,
    Up,
    Down,
    /// 0, for typing a pickup code at the desk.
    Zero,
    /// Tab and Shift+Tab: the next or previous text field.
    Tab,
    BackTab,
    /// F1–F12: the organiser's pages.
    Function(usize),
    /// Ctrl with a key of the number row (1…9, 0, -, =): the organiser's pages 1…12, for
    /// laptops whose F-keys change brightness or volume unless Fn is held.
    Page(usize),
    /// Page Up / Page Down: the organiser's previous / next page.
    PageUp,
    PageDown,
    /// ← / →: the previous / next part of a page (the organiser's).
    Left,
    Right,
    /// E: export (the organiser's Figures page).
    Export,
    /// Space: 说话 (listen for a voice command); on the enrolment screen, record.
    Talk,
    /// P: play her recording back (enrolment).
    Play,
    /// D: 代下单, an order for a neighbour (the organiser's).
    OrderFor,
}

/// Moves the keyboard choice on a list of `len` items (↑ ↓).
pub fn step(selected: usize, len: usize, k: Key) -> usize {
    match k {
        Key::Up => selected.saturating_sub(1),
        Key::Down => (selected + 1).min(len.saturating_sub(1)),
        _ => selected,
    }
}

/// Maps one key press to a [`Key`].
pub fn map(key: &keyboard::Key, modifiers: keyboard::Modifiers) -> Option<Key> {
    if modifiers.alt() || modifiers.logo() {
        return None;
    }
    if modifiers.control() {
        return page_key(key);
    }
    match key {
        keyboard::Key::Named(Named::Enter) => Some(Key::Enter),
        keyboard::Key::Named(Named::Escape) => Some(Key::Escape),
        keyboard::Key::Named(Named::Backspace) => Some(Key::Backspace),
        keyboard::Key::Named(Named::Tab) if modifiers.shift() => Some(Key::BackTab),
        keyboard::Key::Named(Named::Tab) => Some(Key::Tab),
        keyboard::Key::Named(Named::ArrowUp) => Some(Key::Up),
        keyboard::Key::Named(Named::ArrowDown) => Some(Key::Down),
        keyboard::Key::Named(Named::Space) => Some(Key::Talk),
        keyboard::Key::Named(Named::PageUp) => Some(Key::PageUp),
        keyboard::Key::Named(Named::PageDown) => Some(Key::PageDown),
        keyboard::Key::Named(Named::ArrowLeft) => Some(Key::Left),
        keyboard::Key::Named(Named::ArrowRight) => Some(Key::Right),
        keyboard::Key::Named(f) => [
            Named::F1,
            Named::F2,
            Named::F3,
            Named::F4,
            Named::F5,
            Named::F6,
            Named::F7,
            Named::F8,
            Named::F9,
            Named::F10,
            Named::F11,
            Named::F12,
        ]
        .iter()
        .position(|n| n == f)
        .map(|i| Key::Function(i + 1)),
        keyboard::Key::Character(c) => match c.as_str() {
            "r" | "R" => Some(Key::Read),
            "e" | "E" => Some(Key::Export),
            "p" | "P" => Some(Key::Play),
            "d" | "D" => Some(Key::OrderFor),
            " " => Some(Key::Talk),
            "+" | "=" => Some(Key::Plus),
            "-" | "_" => Some(Key::Minus),
            "0" => Some(Key::Zero),
            d => d
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(Key::Number),
        },
        _ => None,
    }
}

/// The keys of the number row in order, as Ctrl+key chooses the organiser's pages.
pub const NUMBER_ROW: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "="];

/// Ctrl with a key of the number row: [`Key::Page`].
fn page_key(key: &keyboard::Key) -> Option<Key> {
    let keyboard::Key::Character(c) = key else {
        return None;
    };
    let c = match c.as_str() {
        "+" => "=",
        "_" => "-",
        c => c,
    };
    NUMBER_ROW
        .iter()
        .position(|k| *k == c)
        .map(|i| Key::Page(i + 1))
}

/// Wraps `content`; unclaimed key presses become `on_key(key)`.
pub fn catch<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
    on_key: fn(Key) -> Message,
) -> Element<'a, Message> {
    Element::new(KeyCatcher {
        content: content.into(),
        on_key,
    })
}

struct KeyCatcher<'a, Message> {
    content: Element<'a, Message>,
    on_key: fn(Key) -> Message,
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for KeyCatcher<'_, Message> {
    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&[&self.content]);
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn widget::Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        // Ctrl+number changes the page even while a text field has the focus (a field
        // would otherwise type the digit).
        if let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event
            && modifiers.control()
            && let Some(k @ Key::Page(_)) = map(key, *modifiers)
        {
            shell.publish((self.on_key)(k));
            shell.capture_event();
            return;
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        if shell.is_event_captured() {
            return;
        }
        if let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event
            && let Some(k) = map(key, *modifiers)
        {
            shell.publish((self.on_key)(k));
            shell.capture_event();
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, iced::Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(s: &str) -> keyboard::Key {
        keyboard::Key::Character(s.into())
    }

    #[test]
    fn ctrl_and_the_number_row_choose_pages_page_up_and_down_step() {
        let ctrl = keyboard::Modifiers::CTRL;
        assert_eq!(map(&ch("1"), ctrl), Some(Key::Page(1)));
        assert_eq!(map(&ch("0"), ctrl), Some(Key::Page(10)));
        assert_eq!(map(&ch("="), ctrl), Some(Key::Page(12)));
        assert_eq!(
            map(&ch("+"), ctrl),
            Some(Key::Page(12)),
            "with Shift held too"
        );
        assert_eq!(map(&ch("c"), ctrl), None, "Ctrl+C stays the field's copy");
        assert_eq!(
            map(&ch("1"), keyboard::Modifiers::default()),
            Some(Key::Number(1))
        );
        let named = |n| keyboard::Key::Named(n);
        let none = keyboard::Modifiers::default();
        assert_eq!(map(&named(Named::PageUp), none), Some(Key::PageUp));
        assert_eq!(map(&named(Named::PageDown), none), Some(Key::PageDown));
        assert_eq!(map(&named(Named::F8), none), Some(Key::Function(8)));
    }
}
