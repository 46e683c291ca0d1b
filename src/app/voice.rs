//! Carrying out voice requests: listening for a command (说话) and acting on what was heard
//! as if she had pressed the button, and the enrolment screen's recording, playing back,
//! re-recording and erasing. The microphone runs on its own thread; its level and its
//! recording come back as [`Message::Voice`].

use super::{App, Message};
use crate::basic::{self, Screen, voice::Request};
use crate::voice::audio::{self, Capture, Trouble};
use crate::voice::{Event, LISTEN_FOR, Now, Phrase, TAKES};
use iced::Task;

impl App {
    /// Listens for one of `phrases` (the 说话 button).
    pub(super) fn listen(&mut self, phrases: Vec<Phrase>) -> Task<Message> {
        if matches!(
            self.voice.now,
            Now::Listening { .. } | Now::Recording { .. }
        ) {
            return Task::none();
        }
        // Her own reading would be heard by the microphone.
        self.speaker.stop();
        self.voice.asked = phrases;
        self.voice.now = Now::Listening { level: 0.0 };
        self.record()
    }

    /// Records one utterance from the microphone (a tone first).
    fn record(&self) -> Task<Message> {
        Task::run(
            audio::record(self.voice.mic.clone(), LISTEN_FOR, true),
            |c| Message::Voice(Event::Mic(c)),
        )
    }

    /// Does what the enrolment screen asked for.
    pub(super) fn enrol(&mut self, r: Request) -> Task<Message> {
        match r {
            Request::Record(p) => {
                if matches!(
                    self.voice.now,
                    Now::Listening { .. } | Now::Recording { .. }
                ) {
                    return Task::none();
                }
                self.speaker.stop();
                self.voice.now = Now::Recording {
                    phrase: p,
                    level: 0.0,
                };
                return self.record();
            }
            Request::Play(p) => {
                if let Some(last) = self.voice.takes(p).last().cloned() {
                    return Task::future(async move {
                        let _ = tokio::task::spawn_blocking(move || {
                            match linli_voice::wav::read(&last) {
                                Ok(a) => audio::play(&a, std::time::Duration::from_secs(1)),
                                Err(e) => Err(Trouble::Failed(e.to_string())),
                            }
                        })
                        .await;
                    })
                    .discard();
                }
            }
            Request::Redo(p) => {
                if let Err(e) = self.voice.remove_last(p) {
                    tracing::warn!("a recording was not removed: {e}");
                    self.voice.now = Now::Trouble(self.i18n.t("voice-file-failed"));
                    return Task::none();
                }
                return self.enrol(Request::Record(p));
            }
            Request::Erase => {
                let words = match self.voice.erase() {
                    Ok(()) => self.i18n.t("voice-erased"),
                    Err(e) => {
                        tracing::warn!("the recordings were not erased: {e}");
                        self.i18n.t("voice-file-failed")
                    }
                };
                self.voice.now = Now::Heard(words.clone());
                self.speak(vec![words]);
            }
        }
        Task::none()
    }

    /// News from the microphone, or the matcher.
    pub(super) fn heard(&mut self, e: Event) -> Task<Message> {
        let c = match e {
            Event::Mic(c) => c,
            // Only while still listening: a button pressed meanwhile has the last word.
            Event::Matched(p, a) if matches!(self.voice.now, Now::Listening { .. }) => {
                return self.act_on(p, a);
            }
            Event::Matched(..) => return Task::none(),
        };
        match (c, &mut self.voice.now) {
            (Capture::Level(l), Now::Listening { level } | Now::Recording { level, .. }) => {
                *level = l;
            }
            (Capture::Level(_), _) => {}
            (Capture::Done(Err(t)), _) => {
                let words = match t {
                    Trouble::NoMicrophone => self.i18n.t("voice-no-mic"),
                    Trouble::Failed(why) => {
                        tracing::warn!("microphone: {why}");
                        self.i18n.t("voice-failed")
                    }
                };
                self.voice.now = Now::Trouble(words.clone());
                self.speak(vec![words]);
            }
            (Capture::Done(Ok(a)), Now::Recording { phrase, .. }) => {
                let p = *phrase;
                return self.keep_take(p, a);
            }
            (Capture::Done(Ok(a)), Now::Listening { .. }) => {
                let asked = std::mem::take(&mut self.voice.asked);
                return Task::perform(self.voice.hear(a, asked), |(p, a)| {
                    Message::Voice(Event::Matched(p, a))
                });
            }
            (Capture::Done(Ok(_)), _) => {}
        }
        Task::none()
    }

    /// An utterance while listening: the phrase it is, done as its button would be.
    fn act_on(&mut self, heard: Option<Phrase>, a: Vec<f32>) -> Task<Message> {
        let meaning = heard.and_then(|p| {
            basic::voice::meaning(self.basic.view_of(self.shared()), p).map(|m| (p, m))
        });
        let Some((p, (message, words))) = meaning else {
            self.voice.now = Now::Missed;
            let words = self.i18n.t("voice-missed");
            self.speak(vec![words]);
            return Task::none();
        };
        match p {
            Phrase::Back | Phrase::No => self.voice.forget_the_way(),
            Phrase::ReadAloud => {}
            _ => self.voice.heard_on_the_way(p, a),
        }
        let task = self.basic_message(message);
        // The heard words stay on the screen she is now on, and are said before its own.
        self.voice.now = Now::Heard(words.clone());
        let mut lines = vec![words];
        lines.extend(basic::voice::follow_up(
            self.basic.view_of(self.shared()),
            p,
        ));
        if p != Phrase::ReadAloud {
            self.speak(lines);
        }
        task
    }

    /// A take recorded at enrolment: kept if she said something, then the next prompt.
    fn keep_take(&mut self, p: Phrase, a: Vec<f32>) -> Task<Message> {
        if !crate::voice::has_speech(&a) {
            let words = self.i18n.t("voice-too-quiet");
            self.voice.now = Now::Trouble(words.clone());
            self.speak(vec![words]);
            return Task::none();
        }
        if let Err(e) = self.voice.add(p, &a) {
            tracing::warn!("a recording was not saved: {e}");
            let words = self.i18n.t("voice-file-failed");
            self.voice.now = Now::Trouble(words.clone());
            self.speak(vec![words]);
            return Task::none();
        }
        let s = self.shared();
        let mut lines = vec![self.i18n.t("voice-saved")];
        if self.voice.count(p) < TAKES {
            lines.push(
                self.i18n
                    .ta("voice-again", &[("phrase", basic::voice::say(&s, p))]),
            );
        } else if let Some(next) = self.basic.voice.next_to_record(&self.voice) {
            lines.push(self.i18n.t("voice-phrase-done"));
            lines.push(basic::voice::prompt(&s, Phrase::ALL[next]));
            self.basic.voice.at = next;
        } else {
            lines.push(self.i18n.t("voice-all-done"));
        }
        self.voice.now = Now::Heard(lines.join("\n"));
        self.speak(lines);
        Task::none()
    }

    /// A member's screen message, with what voice keeps of the way there.
    pub(super) fn basic_message(&mut self, m: basic::Message) -> Task<Message> {
        if matches!(m, basic::Message::Back | basic::Message::Home) {
            self.voice.forget_the_way();
        }
        // Any other press clears what was heard, and while listening it wins: what the
        // microphone brings after it is dropped.
        if !matches!(m, basic::Message::Talk)
            && matches!(
                self.voice.now,
                Now::Heard(_) | Now::Missed | Now::Trouble(_) | Now::Listening { .. }
            )
        {
            self.voice.now = Now::Idle;
        }
        if matches!(m, basic::Message::Go(Screen::Voice)) {
            self.voice.now = Now::Idle;
        }
        let (b, shared) = self.split();
        let action = b.update(m, shared);
        self.perform_basic(action)
    }
}
