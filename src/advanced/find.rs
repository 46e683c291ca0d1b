//! Finding a member by what the organiser types: part of the name ("李"), its pinyin
//! initials ("lnn" → 李奶奶), its full pinyin ("linainai"), or a mix ("linn"); and the order
//! she expects a list of names in (by pinyin, as a phone's contacts are).

use pinyin::ToPinyin;

/// The name as syllables: each Chinese character's pinyin without tones (李奶奶 → li nai
/// nai), each other word in lower case (Arthur Li → arthur li).
fn syllables(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for (ch, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                out.push(p.plain().to_string());
            }
            None if ch.is_alphanumeric() => word.extend(ch.to_lowercase()),
            None => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether `q` is spelt by consecutive syllables from the first, each by a beginning of
/// it: an initial, the whole syllable, or anything between.
fn spelt_by(syllables: &[String], q: &str) -> bool {
    if q.is_empty() {
        return true;
    }
    let Some((first, rest)) = syllables.split_first() else {
        return false;
    };
    (1..=first.len().min(q.len()))
        .rev()
        .any(|k| q.is_char_boundary(k) && first.starts_with(&q[..k]) && spelt_by(rest, &q[k..]))
}

/// Whether the name matches what she typed (case and spaces ignored; nothing typed
/// matches everyone): a part of the name, or pinyin from any syllable on, each syllable by
/// its initial or more of it.
pub fn name_matches(name: &str, typed: &str) -> bool {
    let q: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if q.is_empty() {
        return true;
    }
    let plain: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if plain.contains(&q) {
        return true;
    }
    let s = syllables(name);
    (0..s.len()).any(|i| spelt_by(&s[i..], &q))
}

/// The key a list of names is sorted by: the pinyin (then the name itself), so 陈 comes
/// before 李 and 李 before 王, and English names in alphabetical order among them.
pub fn sort_key(name: &str) -> (String, String) {
    (syllables(name).join(" "), name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_part_of_the_name() {
        assert!(name_matches("李奶奶", "李"));
        assert!(name_matches("李奶奶", "奶奶"));
        assert!(!name_matches("李奶奶", "王"));
        assert!(name_matches("Arthur Li", "arth"));
        assert!(name_matches("李奶奶", ""), "nothing typed: everyone");
        assert!(name_matches("李奶奶", "  "));
    }

    #[test]
    fn by_pinyin_initials() {
        assert!(name_matches("李奶奶", "lnn"));
        assert!(name_matches("李奶奶", "LNN"), "whatever the case");
        assert!(name_matches("李奶奶", "l n n"), "spaces ignored");
        assert!(name_matches("李奶奶", "nn"), "from any syllable on");
        assert!(!name_matches("李奶奶", "lnz"));
        assert!(!name_matches("张大爷", "lnn"));
        assert!(name_matches("张大爷", "zdy"));
    }

    #[test]
    fn by_full_pinyin_or_a_mix() {
        assert!(name_matches("李奶奶", "linainai"));
        assert!(name_matches("李奶奶", "li nai nai"));
        assert!(name_matches("李奶奶", "linn"));
        assert!(name_matches("李奶奶", "lnai"));
        assert!(
            name_matches("李奶奶", "linai"),
            "the last syllable half typed"
        );
        assert!(!name_matches("李奶奶", "lina i x"));
        assert!(name_matches("王秀英", "wangxiuying"));
        assert!(
            name_matches("Arthur Li", "ali"),
            "English words by their initials too"
        );
    }

    #[test]
    fn names_sort_by_pinyin() {
        let mut names = vec!["王阿姨", "张大爷", "李奶奶", "陈奶奶", "Arthur Li"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["Arthur Li", "陈奶奶", "李奶奶", "王阿姨", "张大爷"]);
    }
}
