//! [`TemplateListener`]: nearest-template matching with a threshold per phrase (from her
//! own recordings' distances to each other) and a margin against the runner-up. What she
//! says is also tried at several filterbank frequency warps ([`Vtln`]), so a voice
//! higher or lower than at set-up still meets her recordings.

use crate::dtw;
use crate::enrol::{self, is_learned};
use crate::mfcc::{Extractor, FeatureParams, Features};
use crate::{Enrolment, Error, Heard, Listener, wav};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The knobs of matching. [`Default`] holds the values chosen on the tuning conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct ListenerParams {
    pub features: FeatureParams,
    /// A phrase matches when its distance is at most this times its spread: the mean
    /// leave-one-out distance between her recordings of it (no less than the median spread
    /// over her phrases, so one phrase said three times alike does not get a tiny threshold).
    pub threshold_factor: f32,
    /// The smallest spread used: recordings near-identical to each other (or a phrase
    /// said once) must not make a threshold that nothing else can meet.
    pub min_spread: f32,
    /// The spread used when no phrase has two recordings.
    pub default_spread: f32,
    /// The best phrase's distance must be at most this fraction of the runner-up's.
    pub margin: f32,
    /// Nothing when a phrase she enrolled but that was not asked for is closer than the
    /// best one asked for (she said a command of another screen).
    pub reject_other_phrases: bool,
    /// Learned recordings kept per phrase (oldest replaced).
    pub max_learned: usize,
    /// How the frequency warp (VTLN, [`FeatureParams::warps`]) of what she says is chosen.
    pub vtln: Vtln,
    /// DTW paths may skip this many frames at either end of either side
    /// ([`dtw::distance_relaxed`]): trimmed a little more or less, a take still lines up.
    pub dtw_relax: usize,
}

/// How [`TemplateListener`] picks the frequency warp of an utterance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vtln {
    /// No warping: the plain filterbank.
    Off,
    /// One warp per utterance: the one whose features come closest to any of her
    /// recordings (of every phrase, asked for or not); all phrases are scored with it.
    PerUtterance,
    /// One warp per utterance, chosen on the recordings of the phrases asked for only.
    PerUtteranceAsked,
    /// Each phrase's distance is its best over all warps.
    PerPhrase,
}

impl Default for ListenerParams {
    fn default() -> Self {
        ListenerParams {
            features: FeatureParams::default(),
            threshold_factor: 3.0,
            min_spread: 0.6,
            default_spread: 0.8,
            margin: 0.9,
            reject_other_phrases: true,
            max_learned: 3,
            vtln: Vtln::PerUtterance,
            dtw_relax: 0,
        }
    }
}

struct Template {
    phrase: String,
    path: PathBuf,
    features: Features,
}

/// MFCC + DTW matching against an [`Enrolment`].
pub struct TemplateListener {
    enrolment: Enrolment,
    extractor: Extractor,
    params: ListenerParams,
    templates: Vec<Template>,
    thresholds: BTreeMap<String, f32>,
    warnings: Vec<String>,
}

/// How one utterance scored: each phrase's distance, best first (for the bench and tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub heard: Heard,
    /// (phrase, distance, threshold), closest first, phrases of `only` only.
    pub ranked: Vec<(String, f32, f32)>,
}

impl TemplateListener {
    /// Loads every recording of the enrolment and works out each phrase's threshold.
    /// A recording that can't be read, or has no speech in it, is skipped and named in
    /// [`TemplateListener::warnings`]; the rest load.
    pub fn load(enrolment: &Enrolment) -> Result<TemplateListener, Error> {
        Self::load_with(enrolment, ListenerParams::default())
    }

    /// [`TemplateListener::load`] with other parameters.
    pub fn load_with(
        enrolment: &Enrolment,
        params: ListenerParams,
    ) -> Result<TemplateListener, Error> {
        let enrolment = Enrolment::open(enrolment.dir())?;
        let extractor = Extractor::new(params.features.clone());
        let mut templates = Vec::new();
        let mut warnings = Vec::new();
        for phrase in enrolment.phrases() {
            for path in enrolment.recordings_of(&phrase) {
                let name = format!(
                    "{phrase}/{}",
                    path.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default()
                );
                let read = std::fs::File::open(&path)
                    .map_err(Error::from)
                    .and_then(|f| wav::from_reader(std::io::BufReader::new(f)));
                match read {
                    Ok(audio) => match extractor.features(&audio) {
                        Some(features) => templates.push(Template {
                            phrase: phrase.clone(),
                            path,
                            features,
                        }),
                        None => warnings.push(format!("{name}: skipped, no speech in it")),
                    },
                    Err(e) => warnings.push(format!("{name}: skipped, {e}")),
                }
            }
        }
        let mut l = TemplateListener {
            enrolment,
            extractor,
            params,
            templates,
            thresholds: BTreeMap::new(),
            warnings,
        };
        l.work_out_thresholds();
        Ok(l)
    }

    /// Recordings skipped at load, each as `phrase/file: why`.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The phrases that have at least one usable recording.
    pub fn phrases(&self) -> Vec<&str> {
        self.thresholds.keys().map(|s| s.as_str()).collect()
    }

    /// How many recordings (set-up and learned) `phrase` is matched against.
    pub fn templates_of(&self, phrase: &str) -> usize {
        self.templates.iter().filter(|t| t.phrase == phrase).count()
    }

    /// A phrase's threshold (DTW distance), if it has recordings.
    pub fn threshold(&self, phrase: &str) -> Option<f32> {
        self.thresholds.get(phrase).copied()
    }

    fn spread(&self, phrase: &str) -> Option<f32> {
        let ts: Vec<&Template> = self
            .templates
            .iter()
            .filter(|t| t.phrase == phrase)
            .collect();
        if ts.len() < 2 {
            return None;
        }
        let mut d = vec![vec![0f32; ts.len()]; ts.len()];
        for i in 0..ts.len() {
            for j in i + 1..ts.len() {
                let v =
                    dtw::distance_relaxed(&ts[i].features, &ts[j].features, self.params.dtw_relax);
                d[i][j] = v;
                d[j][i] = v;
            }
        }
        let nearest: Vec<f32> = (0..ts.len())
            .map(|i| {
                (0..ts.len())
                    .filter(|&j| j != i)
                    .map(|j| d[i][j])
                    .fold(f32::INFINITY, f32::min)
            })
            .filter(|v| v.is_finite())
            .collect();
        (!nearest.is_empty()).then(|| nearest.iter().sum::<f32>() / nearest.len() as f32)
    }

    fn work_out_thresholds(&mut self) {
        let mut phrases: Vec<String> = self.templates.iter().map(|t| t.phrase.clone()).collect();
        phrases.sort();
        phrases.dedup();
        let spreads: Vec<Option<f32>> = phrases.iter().map(|p| self.spread(p)).collect();
        let mut known: Vec<f32> = spreads.iter().flatten().copied().collect();
        known.sort_by(f32::total_cmp);
        // With no phrase said twice there is nothing to learn a spread from: a fixed guess.
        let median = known
            .get(known.len() / 2)
            .copied()
            .unwrap_or(self.params.default_spread);
        self.thresholds = phrases
            .into_iter()
            .zip(spreads)
            .map(|(p, s)| {
                (
                    p,
                    self.params.threshold_factor
                        * s.unwrap_or(median).max(median).max(self.params.min_spread),
                )
            })
            .collect();
    }

    /// Like [`Listener::hear`], with every phrase's distance (for tuning and tests).
    pub fn score(&self, audio: &[f32], only: &[&str]) -> Scores {
        let nothing = |ranked| Scores {
            heard: Heard::Nothing,
            ranked,
        };
        let Some(best) = self.best_distances(audio, only) else {
            return nothing(Vec::new());
        };
        let mut ranked: Vec<(String, f32, f32)> = best
            .iter()
            .filter(|(p, _)| only.contains(p))
            .map(|(p, &d)| (p.to_string(), d, self.thresholds[*p]))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
        let Some((phrase, d, thr)) = ranked.first().cloned() else {
            return nothing(ranked);
        };
        let runner_up = ranked.get(1).map_or(f32::INFINITY, |r| r.1);
        let other_closer = self.params.reject_other_phrases
            && best.iter().any(|(p, &o)| !only.contains(p) && o < d);
        if !d.is_finite() || d > thr || d > self.params.margin * runner_up || other_closer {
            return nothing(ranked);
        }
        Scores {
            heard: Heard::Phrase(phrase),
            ranked,
        }
    }

    /// Each enrolled phrase's distance to `audio` (its closest recording), with the
    /// warp chosen as [`ListenerParams::vtln`] says; `None` when there is no speech.
    fn best_distances(&self, audio: &[f32], only: &[&str]) -> Option<BTreeMap<&str, f32>> {
        let per_phrase = |f: &Features| {
            let mut best: BTreeMap<&str, f32> = BTreeMap::new();
            for t in &self.templates {
                let d = dtw::distance_relaxed(f, &t.features, self.params.dtw_relax);
                let e = best.entry(t.phrase.as_str()).or_insert(f32::INFINITY);
                *e = e.min(d);
            }
            best
        };
        let warped = match self.params.vtln {
            Vtln::Off => Vec::new(),
            _ => self.extractor.warped_features(audio),
        };
        if warped.is_empty() {
            return self.extractor.features(audio).map(|f| per_phrase(&f));
        }
        let all: Vec<BTreeMap<&str, f32>> = warped.iter().map(|(_, f)| per_phrase(f)).collect();
        let closest = |m: &BTreeMap<&str, f32>, asked: bool| {
            m.iter()
                .filter(|(p, _)| !asked || only.contains(p))
                .map(|(_, &d)| d)
                .fold(f32::INFINITY, f32::min)
        };
        let pick = |asked: bool| {
            all.iter()
                .min_by(|a, b| closest(a, asked).total_cmp(&closest(b, asked)))
                .cloned()
        };
        match self.params.vtln {
            Vtln::PerUtterance | Vtln::Off => pick(false),
            Vtln::PerUtteranceAsked => pick(true),
            Vtln::PerPhrase => {
                let mut best = all[0].clone();
                for m in &all[1..] {
                    for (p, d) in m {
                        let e = best.entry(p).or_insert(f32::INFINITY);
                        *e = e.min(*d);
                    }
                }
                Some(best)
            }
        }
    }

    pub(crate) fn learn_audio(&mut self, phrase: &str, audio: &[f32]) -> Result<(), Error> {
        enrol::check_phrase(phrase)?;
        let Some(features) = self.extractor.features(audio) else {
            return Ok(()); // no speech in it: nothing worth keeping
        };
        let path = self.enrolment.save(phrase, audio, true)?;
        self.templates.push(Template {
            phrase: phrase.to_string(),
            path,
            features,
        });
        loop {
            let learned: Vec<usize> = (0..self.templates.len())
                .filter(|&i| {
                    self.templates[i].phrase == phrase && is_learned(&self.templates[i].path)
                })
                .collect();
            if learned.len() <= self.params.max_learned {
                break;
            }
            let oldest = *learned
                .iter()
                .min_by_key(|&&i| enrol::counter(&self.templates[i].path))
                .expect("more than max_learned");
            self.enrolment.remove(&self.templates[oldest].path)?;
            self.templates.remove(oldest);
        }
        self.work_out_thresholds();
        Ok(())
    }
}

impl Listener for TemplateListener {
    fn hear(&self, audio: &[f32], only: &[&str]) -> Heard {
        self.score(audio, only).heard
    }
    fn learn(&mut self, phrase: &str, audio: &[f32]) -> Result<(), Error> {
        self.learn_audio(phrase, audio)
    }
}
