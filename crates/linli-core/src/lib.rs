//! Linli's domain core: the types and rules of a neighbourhood group-buying day, the local
//! SQLite store, analytics queries and a demo-data generator. Both the hub and the desktop
//! app call this crate; every rule lives here once.

pub mod command;
pub mod demo;
pub mod file;
pub mod model;
pub mod money;
pub mod rules;
pub mod store;
pub mod sync;
pub mod text;

pub use money::Fen;
