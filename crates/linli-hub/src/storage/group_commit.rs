//! Group commit, shared by both stores: commands handed over while a batch is being
//! written wait, and the next caller to find the store free applies every waiting command
//! in one transaction (each in its own savepoint, in arrival order), so concurrent pushes
//! share one write to disk. Nothing is answered before its batch is committed.

use super::{Actor, Applied, HubError};
use linli_core::command::Envelope;
use linli_core::model::Timestamp;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread::Thread;

/// One command waiting, with its ticket.
pub type Item = (u64, Actor, Envelope, Timestamp);
/// Answers by ticket.
pub type Answers = Vec<(u64, Result<Applied, HubError>)>;

/// The waiting commands and their answers (see the module's doc).
#[derive(Default)]
pub struct GroupCommit {
    waiting: Mutex<Waiting>,
    /// Transactions that applied commands (fewer than the commands when they were grouped).
    batches: AtomicU64,
}

#[derive(Default)]
struct Waiting {
    next: u64,
    /// A caller is applying a batch now.
    leading: bool,
    queue: Vec<Item>,
    answers: HashMap<u64, Result<Applied, HubError>>,
    /// The thread of each caller not yet answered, to wake it alone.
    callers: HashMap<u64, Thread>,
}

impl Waiting {
    /// Wakes the callers answered, and the first still waiting (to lead the next batch).
    fn wake(&self) {
        for t in self.answers.keys() {
            if let Some(th) = self.callers.get(t) {
                th.unpark();
            }
        }
        if let Some(th) = self.queue.first().and_then(|(t, ..)| self.callers.get(t)) {
            th.unpark();
        }
    }
}

/// The batch leader's mark: cleared, and the waiting callers woken, when the leader is
/// done — also if it panicked, when the commands it took are answered with an error (its
/// transaction was rolled back: none of them was applied).
struct Leading<'a> {
    group: &'a GroupCommit,
    tickets: Vec<u64>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut w = self.group.lock();
        w.leading = false;
        for t in &self.tickets {
            w.answers.entry(*t).or_insert_with(|| {
                Err(HubError::NotSaved(
                    "the batch it was in failed; nothing of it was saved".into(),
                ))
            });
        }
        w.wake();
    }
}

impl GroupCommit {
    // A panic elsewhere must not stop the hub: the queue stays consistent.
    fn lock(&self) -> MutexGuard<'_, Waiting> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies `command` together with every command waiting when the store comes free:
    /// `write` gets the batch (oldest first) and must apply it in one transaction, each
    /// command in its own savepoint, answering every ticket; if its commit fails it answers
    /// each with the error. Returns this command's answer.
    pub fn apply(
        &self,
        actor: &Actor,
        command: &Envelope,
        now: Timestamp,
        write: impl FnOnce(&[Item]) -> Answers,
    ) -> Result<Applied, HubError> {
        let mut write = Some(write);
        let mut w = self.lock();
        let ticket = w.next;
        w.next += 1;
        w.queue.push((ticket, *actor, command.clone(), now));
        w.callers.insert(ticket, std::thread::current());
        loop {
            if let Some(done) = w.answers.remove(&ticket) {
                w.callers.remove(&ticket);
                return done;
            }
            if w.leading {
                // Another caller is applying a batch: sleep until it answers this command
                // or hands on the lead, without queueing on the store. (A wake-up that came
                // early makes `park` return at once; a spurious one loops.)
                drop(w);
                std::thread::park();
                w = self.lock();
                continue;
            }
            // Lead: apply everything waiting, this command included (so a caller leads once).
            w.leading = true;
            let batch = std::mem::take(&mut w.queue);
            drop(w);
            let lead = Leading {
                group: self,
                tickets: batch.iter().map(|(t, ..)| *t).collect(),
            };
            self.batches.fetch_add(1, Ordering::Relaxed);
            let write = write.take().expect("a caller leads at most once");
            let answers = write(&batch);
            self.lock().answers.extend(answers);
            drop(lead);
            w = self.lock();
        }
    }

    /// How many transactions have applied commands.
    pub fn batches(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }
}

/// Every command of `batch` answered with the error that stopped its transaction.
pub fn all_failed(batch: &[Item], why: &str) -> Answers {
    batch
        .iter()
        .map(|(t, ..)| (*t, Err(HubError::NotSaved(why.to_string()))))
        .collect()
}
