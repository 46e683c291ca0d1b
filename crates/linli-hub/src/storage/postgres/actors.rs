//! The devices a hub process has seen, by token: who each one acts as, so a push costs no
//! look-up round trip. Every process forgets them all when told that a device or member
//! changed (`NOTIFY linli_actors`, sent by triggers at commit: a revoked device, a member
//! who left or changed role), and keeps none while it can't hear that (its listening
//! connection is down). A look-up that raced with such news is not kept ([`Actors::keep`]).
//! Between a revocation's commit and another process hearing of it, that process may
//! still answer the device once or twice (milliseconds on one machine).

use crate::storage::Actor;
use linli_core::model::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

/// What one device was found to be, and when it was last marked as seen.
#[derive(Clone, Copy)]
pub struct Seen {
    pub actor: Actor,
    pub seen: Option<Timestamp>,
}

#[derive(Default)]
pub struct Actors(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    by_token: HashMap<Vec<u8>, Seen>,
    /// Bumped by each piece of news: a look-up begun before it is not kept.
    generation: u64,
    /// The listener hears the news (else nothing is kept).
    hearing: bool,
}

/// Devices kept at most (a hub serves a few groups of a few hundred devices).
const KEPT: usize = 10_000;

impl Actors {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The device with this token hash as last found, if kept; else the generation to hand
    /// to [`Actors::keep`] after looking it up.
    pub fn find(&self, hash: &[u8]) -> Result<Seen, u64> {
        let inner = self.lock();
        inner.by_token.get(hash).copied().ok_or(inner.generation)
    }

    /// Keeps what a look-up begun at `generation` found, unless news came meanwhile.
    pub fn keep(&self, hash: &[u8], seen: Seen, generation: u64) {
        let mut inner = self.lock();
        if inner.hearing && inner.generation == generation {
            if inner.by_token.len() >= KEPT {
                inner.by_token.clear();
            }
            inner.by_token.insert(hash.to_vec(), seen);
        }
    }

    /// Notes that the device with this token hash was marked as seen `at`.
    pub fn seen(&self, hash: &[u8], at: Timestamp) {
        if let Some(s) = self.lock().by_token.get_mut(hash) {
            s.seen = Some(at);
        }
    }

    /// Forgets every device: news came, or this process changed one itself.
    pub fn forget(&self) {
        self.lock().forget();
    }

    /// Whether the news can be heard: while it can't, nothing is kept. Either way what was
    /// kept goes (news may have been missed while not hearing).
    pub fn hearing(&self, yes: bool) {
        let mut inner = self.lock();
        inner.hearing = yes;
        inner.forget();
    }
}

impl Inner {
    /// Drops every device kept, and makes look-ups already under way not kept.
    fn forget(&mut self) {
        self.generation += 1;
        self.by_token.clear();
    }
}
