//! The changes a transaction publishes, kept aside until it is about to commit
//! ([`Pending`]): a savepoint rolled back drops its own, and an entity changed several times
//! in one transaction (a deal, by every order of a batch) is written once, as it ends up.
//! Each store writes them to its feed in one go, numbered after everything committed before.

use linli_core::model::GroupId;
use linli_core::sync::protocol::Change;
use std::cell::RefCell;
use std::collections::HashSet;

#[derive(Default)]
pub struct Pending {
    changes: RefCell<Vec<(GroupId, Change)>>,
    /// Where each open savepoint began in `changes`.
    marks: RefCell<Vec<usize>>,
}

impl Pending {
    pub fn push(&self, g: GroupId, change: &Change) {
        self.changes.borrow_mut().push((g, change.clone()));
    }

    /// A savepoint begins.
    pub fn mark(&self) {
        self.marks.borrow_mut().push(self.changes.borrow().len());
    }

    /// The newest savepoint ends, keeping its changes.
    pub fn release(&self) {
        self.marks.borrow_mut().pop();
    }

    /// The newest savepoint is undone: its changes go.
    pub fn rollback(&self) {
        if let Some(at) = self.marks.borrow_mut().pop() {
            self.changes.borrow_mut().truncate(at);
        }
    }

    /// The changes to write, oldest first, each entity only in its last version (placed
    /// where that version came).
    pub fn take(&self) -> Vec<(GroupId, Change)> {
        let all = std::mem::take(&mut *self.changes.borrow_mut());
        let mut seen = HashSet::new();
        let mut latest: Vec<_> = all
            .into_iter()
            .rev()
            .filter(|(_, c)| seen.insert(c.entity()))
            .collect();
        latest.reverse();
        latest
    }
}
