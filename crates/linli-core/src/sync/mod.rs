//! Syncing a device's store with the hub: the wire protocol both sides share
//! ([`protocol`]) and the device's client ([`client`]), which pushes the outbox, pulls
//! changes into the store and reports how it is going. The address rule ([`address`])
//! and HTTPS with web PKI or a pinned certificate ([`tls`]) are checked where a client is
//! made.

pub mod address;
pub mod client;
pub mod protocol;
pub mod tls;
