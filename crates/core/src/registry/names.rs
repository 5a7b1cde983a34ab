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
            } else if let Some(rest) = MUHAMMAD
                .iter()
                .filter(|m| m.len() >= 6)
                .find_map(|m| raw.strip_prefix(m).filter(|rest| rest.len() >= 3))
            {
                // Written joined to the next name: Mohammadsolihin.
                tokens.push("muhamad".to_string());
                tokens.push(canonical(rest));
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

    /// Similarity in 0..1: order-independent over the core tokens (each of
    /// the shorter name matched to its best counterpart, Jaro-Winkler,
    /// averaged), or over the whole name written without spaces when the
    /// two names are cut into words differently ("Nur Hayati" /
    /// "Nurhayati", "Siti Aminah" / "Sitiaminah").
    pub fn similarity(&self, other: &NameKey) -> f64 {
        self.token_similarity(other).max(self.compact_similarity(other))
    }

    fn token_similarity(&self, other: &NameKey) -> f64 {
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

    /// 1 for the same letters cut into words differently; 0.95 when they
    /// are also one typo apart (long names only); else 0.
    fn compact_similarity(&self, other: &NameKey) -> f64 {
        if self.tokens.len() == other.tokens.len() || self.tokens.is_empty() || other.tokens.is_empty() {
            return 0.0;
        }
        let (a, b) = (self.compact(), other.compact());
        if a == b {
            1.0
        } else if a.len().min(b.len()) >= 8 && strsim::osa_distance(&a, &b) <= 1 {
            0.95
        } else {
            0.0
        }
    }

    /// The whole name without spaces, in canonical spelling (the letters
    /// either side of a space may make one sound: Lilik Halimah /
    /// Lilikhalimah).
    pub fn compact(&self) -> String {
        canonical(&self.tokens.concat())
    }

    /// Keys under which a person is filed for duplicate detection: each
    /// identifying token (`t:`) and its consonant skeleton (`k:`, so that
    /// dropped vowels still meet: Marlina / Marlna); the token and every
    /// way of dropping one of its letters (`d:`: two tokens one insertion,
    /// deletion, substitution or swap apart share one: Yuliani / Yulini,
    /// Syamsiah / Syamsaih, Dani / Dai); and the whole name without spaces
    /// (`j:`: Nur Hayati / Nurhayati).
    pub fn blocking_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for t in self.core_tokens() {
            keys.push(format!("t:{t}"));
            keys.push(format!("k:{}", skeleton(t)));
            keys.extend(deletion_keys(t));
        }
        if !self.tokens.is_empty() {
            keys.push(format!("j:{}", self.compact()));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn joined(&self) -> String {
        self.tokens.join(" ")
    }
}

/// `d:` and the token, and (for three letters or more) the token without
/// each one of its letters, doubled letters made single as in the token
/// (Diana without its n is Dia, as Diaa is written): never one letter.
fn deletion_keys(token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    let mut keys = vec![format!("d:{token}")];
    if chars.len() >= 3 {
        for i in 0..chars.len() {
            let dropped: String = chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| *c).collect();
            let dropped = squash(&dropped);
            if dropped.chars().count() >= 2 {
                keys.push(format!("d:{dropped}"));
            }
        }
    }
    keys
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
        replace_pair(&mut s, old, new);
    }
    // Old "j" is new "y"; after dj→j both spellings meet at "y".
    if s.contains('j') {
        s = s.replace('j', "y");
    }
    // Aspirated spellings and their plain forms: Akhmad/Ahmad, Ramadhan/Ramadan, Sithi/Siti.
    for (a, b) in [("kh", "h"), ("dh", "d"), ("th", "t")] {
        replace_pair(&mut s, a, b);
    }
    // A final y is an i (Tuty/Tuti); doubled letters are single (Muhammad/Muhamad).
    if s.len() > 2 && s.ends_with('y') {
        s.pop();
        s.push('i');
    }
    squash(&s)
}

/// `s.replace(old, new)` for a two-letter `old`, written only when `old`
/// occurs: most tokens hold none of the old spellings, and a token's
/// spelling is made for every candidate of every registration (ten
/// replacements each were a twentieth of a registration's instructions).
fn replace_pair(s: &mut String, old: &str, new: &str) {
    if s.as_bytes().windows(old.len()).any(|w| w == old.as_bytes()) {
        *s = s.replace(old, new);
    }
}

/// Doubled letters single.
fn squash(s: &str) -> String {
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
    fn joined_and_split_names_meet() {
        for (a, b) in [("Nur Hayati", "Nurhayati"), ("Siti Aminah", "Sitiaminah"), ("Sri Wahyuni", "Sriwahyuni")] {
            let (ka, kb) = (NameKey::new(a).blocking_keys(), NameKey::new(b).blocking_keys());
            assert!(ka.iter().any(|k| k.starts_with("j:") && kb.contains(k)), "{a} / {b}");
            assert!(same(a, b) > 0.99, "{a} / {b}");
        }
        assert!(same("Siti Aminah", "Sitiaminh") > 0.9, "joined with a typo");
        assert!(same("Lilik Halimah", "Lilikhalimah") > 0.99, "k and h meet across the space");
        assert_eq!(NameKey::new("Mochammadhamzah").tokens, NameKey::new("Muhammad Hamzah").tokens);
        assert!(same("Siti Aminah", "Siti Rohmah") < 0.8, "same words count, no compact comparison");
        assert!(same("Siti Aminah", "Sitirohmah") < 0.8);
    }

    #[test]
    fn one_letter_typos_share_a_key() {
        for (a, b) in [
            ("Yuliani", "Yulini"),
            ("Syamsiah", "Syamsaih"),
            ("Sukarni", "Sukarmi"),
            ("Kartini", "Karrtini"),
            ("Diana", "Diaa"),
            ("Dani", "Dai"),
            ("Ina", "Ian"),
            ("Edi", "Ei"),
            ("Titin", "Ttiin"),
        ] {
            let (ka, kb) = (NameKey::new(a).blocking_keys(), NameKey::new(b).blocking_keys());
            assert!(ka.iter().any(|k| k.starts_with("d:") && kb.contains(k)), "{a} / {b}");
        }
        let (ka, kb) = (NameKey::new("Yuliani").blocking_keys(), NameKey::new("Yusuf").blocking_keys());
        assert!(!ka.iter().any(|k| k.starts_with("d:") && kb.contains(k)), "two letters apart");
    }

    #[test]
    fn typos_stay_close_and_strangers_far() {
        assert!(same("Sri Wahyuni", "Sri Wahyuningsih") > 0.85);
        assert!(same("Nur Khasanah", "Nur Hasanah") > 0.95);
        assert!(same("Rina Marlina", "Rina Marlna") > 0.9);
        assert!(same("Rina Marlina", "Dedi Kurniawan") < 0.6);
    }
}
