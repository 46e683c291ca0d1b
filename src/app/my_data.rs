//! 我的数据's requests, carried out for the app (beside `perform.rs`, which routes them
//! here): load her data from the store, write the export into her data folder, and leave —
//! the hub first (an iced task), then, only when it agreed, this computer's copy: sync
//! stops, the store is closed (an empty in-memory store takes its place), its files are
//! zeroed and deleted ([`privacy::remove_store_files`]), settings keep her language, size,
//! voice and colours but forget the group, and the app is back at first run with a message
//! shown and said. When the hub can't be reached or refuses, nothing is erased.

use super::{App, Message};
use crate::basic::{self, Basic, Screen, my_data::Request};
use crate::files::my_data::{self as privacy, LeaveTrouble};
use crate::system::settings::Mode;
use crate::view_model::ViewModel;
use chrono::Utc;
use iced::Task;
use linli_core::store::Store;
use std::path::PathBuf;

impl App {
    /// Does what 我的数据 asked for.
    pub(super) fn my_data(&mut self, r: Request) -> Task<Message> {
        match r {
            Request::Load => {
                self.load_my_data();
                if self.settings.auto_read {
                    let lines = basic::script(self.basic.view_of(self.shared()));
                    self.speak(lines);
                }
            }
            Request::Export => {
                let words = match self.export_my_data() {
                    Ok(w) => {
                        let words = self.i18n.tn(
                            "mydata-exported",
                            ("files", 1 + w.csv.len() as i64),
                            &[("folder", w.folder.display().to_string())],
                        );
                        self.basic.my_data.exported = Some(words.clone());
                        words
                    }
                    Err(e) => {
                        tracing::warn!("her data was not exported: {e}");
                        let words = self.i18n.t("mydata-export-failed");
                        self.basic.my_data.failed(words.clone(), Some(e));
                        words
                    }
                };
                self.announce(vec![words]);
            }
            Request::Leave => {
                let Some(me) = self.identity.clone() else {
                    return Task::none();
                };
                let words = self.i18n.t("mydata-leaving");
                self.speak(vec![words]);
                return Task::perform(privacy::leave_hub(me), Message::Left);
            }
        }
        Task::none()
    }

    /// Reads her data again while 我的数据 shows (after a write or a sync).
    pub(super) fn reload_my_data(&mut self) {
        if self.basic.screen == Screen::MyData {
            self.load_my_data();
        }
    }

    fn load_my_data(&mut self) {
        let Some(me) = self.identity.clone() else {
            return;
        };
        let r = privacy::MyData::collect(&self.store.lock().expect("store"), &me, Utc::now());
        match r {
            Ok(d) => self.basic.my_data.data = Some(d),
            Err(e) => {
                tracing::warn!("her data was not read: {e}");
                let words = self.i18n.t("mydata-load-failed");
                self.basic.my_data.failed(words, Some(e.to_string()));
            }
        }
    }

    /// The data folder: the app's, or the store's folder when it was given none (tests).
    fn data_dir(&self) -> PathBuf {
        match &self.paths {
            Some(p) => p.dir.clone(),
            None => PathBuf::from(self.store.lock().expect("store").path())
                .parent()
                .map(PathBuf::from)
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(std::env::temp_dir),
        }
    }

    /// Writes her data into `my-data-<today>` in the data folder.
    fn export_my_data(&self) -> Result<privacy::Written, String> {
        let me = self.identity.as_ref().ok_or("not joined")?;
        let out = privacy::folder(&self.data_dir(), self.now.date());
        let store = self.store.lock().expect("store");
        privacy::export(&store, me, &self.i18n, Utc::now(), &out).map_err(|e| e.to_string())
    }

    /// The hub's answer to leaving.
    pub(super) fn left(&mut self, r: Result<(), LeaveTrouble>) -> Task<Message> {
        match r {
            Ok(()) => self.forget_group(),
            Err(t) => {
                let (id, detail) = match t {
                    LeaveTrouble::Offline => ("mydata-leave-offline", None),
                    LeaveTrouble::Organiser => ("mydata-organiser-stays", None),
                    LeaveTrouble::ShutOut => ("mydata-leave-shut-out", None),
                    LeaveTrouble::Certificate => ("trust-changed", None),
                    LeaveTrouble::Other(why) => ("mydata-leave-failed", Some(why)),
                };
                if let Some(why) = &detail {
                    tracing::warn!("leaving did not work: {why}");
                }
                let words = self.i18n.t(id);
                self.basic.my_data.failed(words.clone(), detail);
                self.announce(vec![words]);
            }
        }
        Task::none()
    }

    /// The hub has erased her: this computer forgets the group and erases its copy.
    fn forget_group(&mut self) {
        // Dropping the sync task's handle aborts it.
        self.sync = None;
        self.waker = None;
        // Close the store (its connection goes with it) before deleting its files.
        let db = PathBuf::from(self.store.lock().expect("store").path());
        let closed = Store::open_in_memory().map(|empty| {
            drop(std::mem::replace(
                &mut *self.store.lock().expect("store"),
                empty,
            ))
        });
        let removed = match closed {
            Ok(()) if db.as_os_str() == ":memory:" => Ok(()),
            Ok(()) => privacy::remove_store_files(&db).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        // Her voice recordings go too: they are hers, and of no use to the next person.
        if let Err(e) = self.voice.erase() {
            tracing::warn!("her voice recordings were not deleted: {e}");
        }
        self.identity = None;
        self.vm = ViewModel::default();
        self.advanced = Default::default();
        self.basic = Basic::new(false);
        self.announcement = None;
        let mut next = self.settings.clone();
        next.mode = Mode::Basic;
        next.host_port = None;
        self.apply_settings(next);
        let mut words = vec![self.i18n.t("mydata-left")];
        if let Err(why) = removed {
            tracing::warn!("her local store was not deleted: {why}");
            words.push(
                self.i18n
                    .ta("mydata-left-files", &[("file", db.display().to_string())]),
            );
        }
        self.announce(words);
    }
}
