//! This computer: the group's hub when the organiser's app hosts it ([`host`]), speech
//! ([`speech`]), the settings file ([`settings`]), the window's size ([`window`]), how the window is
//! drawn ([`renderer`]: the graphics card or compatible mode) and the start-up probe ([`probe`]).

pub mod host;
pub mod local_time;
pub mod probe;
pub mod renderer;
pub mod settings;
pub mod speech;
pub mod window;
