//! Indonesian names for duplicate detection: one canonical form for the old
//! and new spellings (oe/u, dj/j, tj/c, j/y, ch/kh, sj/sy, nj/ny), the many
//! ways of writing Muhammad, titles dropped, common prefixes (Siti, Sri, Nur)
//! kept apart so that a name matches with or without them.

/// Titles and honorifics that say nothing about who the person is.
/// Degrees follow a comma ("Siti Aminah, S.Pd") and are dropped with it.
const TITLES: &[&str] = &[
    "hj", "h", "haji", "hajjah", "kh", "ir", "dr", "drs", "dra", "prof", "bapak", "bpk", "ibu", "bu", "pak", "sdr",
    "sdri", "nona", "nn", "ny", "tn",
];

/// Common first elements of women's and men's names (canonical forms), kept
/// but weighed less.
const PREFIXES: &[&str] = &["siti", "sri", "nur", "nurul", "dewi", "muhamad", "ahmad", "abdul"];

/// Every way of writing Muhammad, and its abbreviations.
const MUHAMMAD: &[&str] = &[
    "muhammad",
    "mohammad",
    "muhamad",
    "mohamad",
    "mochammad",
    "mochamad",
    "muhamat",
    "moh",
    "moch",
    "muh",
    "mhd",
    "md",
    "m",
];

/// A name reduced for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    /// Canonical tokens, titles removed, in the order written.
    pub tokens: Vec<String>,
}

impl NameKey {
    pub fn new(name: &str) -> Self {
        let before_degrees = name.split(',').next().unwrap_or("");
        let cleaned: String = before_degrees
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { fold_accent(c) } else { ' ' })
            .collect();
        let mut tokens: Vec<String> = Vec::new();
        for raw in cleaned.split_whitespace() {
            // Leading titles (H., Hj., Ir., Bapak...) say nothing about who it is.
            if tokens.is_empty() && TITLES.contains(&raw) {
                continue;
            }
            if MUHAMMAD.contains(&raw) {
                tokens.push("muhamad".to_string());
            } else {
                tokens.push(canonical(raw));
            }
        }
        NameKey { tokens }
    }

    /// The tokens that carry most of the identity (prefixes aside, unless
    /// the name is nothing but prefixes).
    pub fn core_tokens(&self) -> Vec<&str> {
        let core: Vec<&str> = self.tokens.iter().map(String::as_str).filter(|t| !PREFIXES.contains(t)).collect();
        if core.is_empty() {
            self.tokens.iter().map(String::as_str).collect()
        } else {
            core
        }
    }

    /// Order-independent similarity in 0..1: each core token of the shorter
    /// name matched to its best counterpart (Jaro-Winkler), averaged.
    pub fn similarity(&self, other: &NameKey) -> f64 {
        let a = self.core_tokens();
        let b = other.core_tokens();
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
        let mut total = 0.0;
        for t in short.iter() {
            // Unrelated short names still share letters; below 0.75 a pair
            // of tokens counts as different.
            let best = long.iter().map(|u| strsim::jaro_winkler(t, u)).filter(|s| *s >= 0.75).fold(0.0, f64::max);
            total += best;
        }
        let coverage = short.len() as f64 / long.len() as f64;
        // A single-word name against a longer one still counts, a little less.
        (total / short.len() as f64) * (0.85 + 0.15 * coverage)
    }

    /// Keys under which a person is filed for duplicate detection: each
    /// identifying token, and its consonant skeleton (so that a dropped or
    /// swapped vowel still meets: Marlina / Marlna).
    pub fn blocking_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for t in self.core_tokens() {
            keys.push(format!("t:{t}"));
            keys.push(format!("k:{}", skeleton(t)));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn joined(&self) -> String {
        self.tokens.join(" ")
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        other => other,
    }
}

/// The first letter and the consonants after it, at most five letters.
fn skeleton(token: &str) -> String {
    let mut chars = token.chars();
    let mut out: String = chars.next().map(String::from).unwrap_or_default();
    out.extend(chars.filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')));
    out.chars().take(5).collect()
}

/// One token in the spelling both old and new forms reduce to.
pub fn canonical(token: &str) -> String {
    let mut s = token.to_string();
    for (old, new) in [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh")] {
        s = s.replace(old, new);
    }
    // Old "j" is new "y"; after dj→j both spellings meet at "y".
    s = s.replace('j', "y");
    // Aspirated spellings and their plain forms: Akhmad/Ahmad, Ramadhan/Ramadan, Sithi/Siti.
    for (a, b) in [("kh", "h"), ("dh", "d"), ("th", "t")] {
        s = s.replace(a, b);
    }
    // A final y is an i (Tuty/Tuti); doubled letters are single (Muhammad/Muhamad).
    if s.len() > 2 && s.ends_with('y') {
        s.pop();
        s.push('i');
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> f64 {
        NameKey::new(a).similarity(&NameKey::new(b))
    }

    #[test]
    fn old_and_new_spellings_meet() {
        for (old, new) in [
            ("Soekarno", "Sukarno"),
            ("Djoko Soesilo", "Joko Susilo"),
            ("Tjahjono", "Cahyono"),
            ("Jusuf", "Yusuf"),
            ("Sjarifah", "Syarifah"),
            ("Chairunnisa", "Khairunisa"),
            ("Njoman", "Nyoman"),
            ("Tuty Aminah", "Tuti Aminah"),
        ] {
            assert_eq!(NameKey::new(old).tokens, NameKey::new(new).tokens, "{old} / {new}");
        }
    }

    #[test]
    fn muhammad_titles_and_order() {
        assert_eq!(NameKey::new("Moh. Rizal").tokens, NameKey::new("Muhammad Rizal").tokens);
        assert_eq!(NameKey::new("M Rizal").tokens, NameKey::new("Mohamad Rizal").tokens);
        assert_eq!(NameKey::new("Hj. Siti Aminah, S.Pd").tokens, ["siti", "aminah"]);
        assert!(same("Aminah Siti", "Siti Aminah") > 0.99);
        assert!(same("Siti Aminah", "Aminah") > 0.8, "with or without the prefix");
        assert!(same("Siti Aminah", "Siti Rohmah") < 0.8, "the prefix alone is not a match");
    }

    #[test]
    fn blocking_keys_survive_vowel_typos() {
        let a = NameKey::new("Rina Marlina").blocking_keys();
        let b = NameKey::new("Rina Marlna").blocking_keys();
        assert!(a.iter().any(|k| b.contains(k) && k.starts_with("k:m")));
        assert!(!NameKey::new("Siti Aminah").blocking_keys().iter().any(|k| k == "t:siti"), "prefixes are no key");
    }

    #[test]
    fn typos_stay_close_and_strangers_far() {
        assert!(same("Sri Wahyuni", "Sri Wahyuningsih") > 0.85);
        assert!(same("Nur Khasanah", "Nur Hasanah") > 0.95);
        assert!(same("Rina Marlina", "Rina Marlna") > 0.9);
        assert!(same("Rina Marlina", "Dedi Kurniawan") < 0.6);
    }
}
