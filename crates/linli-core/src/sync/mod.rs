//! Syncing a device's store with the hub: the wire protocol both sides share
//! ([`protocol`]) and the device's client ([`client`]), which pushes the outbox, pulls
//! changes into the store and reports how it is going.

pub mod client;
pub mod protocol;
