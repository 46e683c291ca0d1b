//! Tips and suggestions carried out (经验分享, 意见采纳): a member's tip or suggestion, and the
//! organiser's tip written for an expert, saved locally and queued for the hub in one
//! transaction, then sync is woken; what happened is shown and said.

use super::App;
use chrono::Utc;
use linli_core::model::*;

/// A tip as a device writes it: the store's rule sets its author and approval.
fn new_tip(group_id: GroupId, author_id: MemberId, product: Option<ProductId>, body: &str) -> Tip {
    Tip {
        id: TipId::new(),
        group_id,
        author_id,
        product_id: product,
        title: String::new(),
        body: body.trim().to_string(),
        approved: false,
        withdrawn: false,
        created_at: Utc::now(),
    }
}

impl App {
    /// An expert's own tip: saved (waiting for the organiser) and sent; back on the tips,
    /// she is told it waits for the organiser's approval.
    pub(super) fn write_tip(&mut self, product: Option<ProductId>, body: &str) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let tip = new_tip(me.group_id, me.member_id, product, body);
        let r = self
            .store
            .lock()
            .expect("store")
            .write_tip(me.member_id, None, tip, Utc::now());
        self.refresh();
        let words = match r {
            Ok(_) => {
                self.basic.tip_written();
                self.wake();
                self.i18n.t("nb-write-sent")
            }
            Err(e) => self.refusal(&e),
        };
        self.announce(vec![words]);
    }

    /// Her suggestion: saved and sent; she is told the organiser will answer here.
    pub(super) fn suggest(&mut self, topic: SuggestionTopic, body: &str) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let r = self.store.lock().expect("store").suggest(
            me.member_id,
            SuggestionId::new(),
            topic,
            body,
            Utc::now(),
        );
        self.refresh();
        let words = match r {
            Ok(_) => {
                self.basic.suggested();
                self.wake();
                self.i18n.t("nb-suggest-sent")
            }
            Err(e) => self.refusal(&e),
        };
        self.announce(vec![words]);
    }

    /// The organiser writes down an expert's tip: approved at once (she is the one who
    /// approves), saved and sent.
    pub(super) fn write_tip_for(&mut self, author: MemberId, tip: Tip, words: String) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let r = self.store.lock().expect("store").write_tip(
            me.member_id,
            Some(author),
            tip,
            Utc::now(),
        );
        self.wake();
        self.refresh();
        let line = match r {
            Ok(_) => {
                self.advanced.neighbours.written();
                words
            }
            Err(e) => self.refusal(&e),
        };
        self.announce(vec![line]);
    }
}
