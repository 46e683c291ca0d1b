//! One name for each thing: `locales/glossary.toml` names each concept's word in both
//! languages and the synonyms it retired; no message of any locale file may use a retired
//! one. Also: Chinese messages quote with Chinese quote marks (“说话”, not "说话").

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Glossary {
    concept: Vec<Concept>,
}

#[derive(Deserialize)]
struct Concept {
    id: String,
    about: String,
    #[serde(rename = "zh-CN")]
    zh: String,
    #[serde(rename = "en-US")]
    en: String,
    #[serde(rename = "retired-zh-CN")]
    retired_zh: Vec<String>,
    #[serde(rename = "retired-en-US")]
    retired_en: Vec<String>,
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const FILES: [&str; 3] = ["app.ftl", "outcomes.ftl", "organiser.ftl"];

fn glossary() -> Glossary {
    let text = std::fs::read_to_string(format!("{ROOT}/locales/glossary.toml")).unwrap();
    toml::from_str(&text).expect("glossary.toml reads")
}

/// Each message of a Fluent file: its id and its value (continuation lines joined),
/// without comments.
fn messages(lang: &str, file: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(format!("{ROOT}/locales/{lang}/{file}")).unwrap();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t', '}']) {
            if let Some(id) = &last {
                let v = out.get_mut(id).unwrap();
                v.push('\n');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((id, value)) = line.split_once('=') {
            let id = id.trim().to_string();
            out.insert(id.clone(), value.trim().to_string());
            last = Some(id);
        }
    }
    assert!(out.len() > 10, "{lang}/{file}: only {} messages", out.len());
    out
}

/// English words, lower case: letters, digits, ' and - make up a word.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn uses(lang: &str, message: &str, synonym: &str) -> bool {
    if lang == "zh-CN" {
        return message.contains(synonym);
    }
    let said = words(message);
    let wanted = words(synonym);
    said.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

#[test]
fn no_message_uses_a_retired_synonym() {
    let g = glossary();
    assert!(g.concept.len() >= 4);
    let mut found = Vec::new();
    for c in &g.concept {
        assert!(!c.about.trim().is_empty(), "{}: say why", c.id);
        for (lang, retired) in [("zh-CN", &c.retired_zh), ("en-US", &c.retired_en)] {
            for file in FILES {
                for (id, text) in messages(lang, file) {
                    for r in retired {
                        if uses(lang, &text, r) {
                            found.push(format!("{lang}/{file} {id}: {r:?} ({}) in {text:?}", c.id));
                        }
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "retired words still in use:\n{}",
        found.join("\n")
    );
}

#[test]
fn each_concept_word_is_one_the_messages_use() {
    for c in glossary().concept {
        for (lang, term) in [("zh-CN", &c.zh), ("en-US", &c.en)] {
            for part in term.split('/') {
                let used = FILES.iter().any(|f| {
                    messages(lang, f)
                        .values()
                        .any(|m| m.to_lowercase().contains(&part.to_lowercase()))
                });
                assert!(used, "{}: {lang} {part:?} is in no message", c.id);
            }
        }
    }
}

#[test]
fn the_check_catches_a_retired_word() {
    assert!(uses("zh-CN", "12点已同步", "同步"));
    assert!(uses("en-US", "Last synced at 6 pm", "synced"));
    assert!(uses("en-US", "Your Help Requests (3)", "help requests"));
    assert!(!uses("en-US", "runs linli-hub serve", "hub"));
    assert!(!uses("en-US", "Syncopation", "sync"));
}

/// Chinese text quotes with “ and ”, never the ASCII ".
#[test]
fn chinese_messages_use_chinese_quote_marks() {
    let mut found = Vec::new();
    for file in FILES {
        for (id, text) in messages("zh-CN", file) {
            // {""} and {" "} are Fluent's way to write an empty or spaced string.
            let bare = text.replace("{\"\"}", "").replace("{\" \"}", "");
            if bare.contains('"') {
                found.push(format!("{file} {id}: {text}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "ASCII quote marks in Chinese:\n{}",
        found.join("\n")
    );
}
