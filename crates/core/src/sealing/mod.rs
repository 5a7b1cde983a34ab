//! Encryption at rest of confidential text (case notes, incident
//! narratives): XChaCha20-Poly1305 with keys kept outside the database.
//!
//! A keyring holds the current key (new text is sealed with it) and older
//! keys (still opened). Sealed text names its key: `v1:<key id>:<base64 of
//! nonce and ciphertext>`; the record's id is bound in as associated data,
//! so sealed text moved to another record does not open.

pub mod repo;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

const NONCE: usize = 24;

/// Keys by id; the first is current.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<(String, Key)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Keyring").field("keys", &ids).finish()
    }
}

/// Why a key file cannot be used (never shows a key).
#[derive(Debug, thiserror::Error)]
#[error("key file line {line}: {problem}")]
pub struct KeyFileError {
    pub line: usize,
    pub problem: &'static str,
}

impl Keyring {
    /// Parses a key file: one key per line, `<id> <base64 of 32 bytes>`;
    /// the first key is current; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Self, KeyFileError> {
        let mut keys: Vec<(String, Key)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |problem| KeyFileError { line: i + 1, problem };
            let (id, b64) = line.split_once(char::is_whitespace).ok_or_else(|| err("expected `<id> <key>`"))?;
            if id.is_empty() || id.contains(':') || id.len() > 32 {
                return Err(err("a key id is 1 to 32 characters without `:`"));
            }
            if keys.iter().any(|(k, _)| k == id) {
                return Err(err("key id used twice"));
            }
            let bytes = STANDARD.decode(b64.trim()).map_err(|_| err("the key is not base64"))?;
            if bytes.len() != 32 {
                return Err(err("a key is 32 bytes"));
            }
            keys.push((id.to_string(), *Key::from_slice(&bytes)));
        }
        if keys.is_empty() {
            return Err(KeyFileError { line: 0, problem: "no key" });
        }
        Ok(Keyring { keys })
    }

    /// A new random key line for a key file.
    pub fn new_key_line(id: &str) -> String {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        format!("{id} {}", STANDARD.encode(key))
    }

    pub fn current_id(&self) -> &str {
        self.keys.first().map(|(id, _)| id.as_str()).unwrap_or("")
    }

    /// Seals `plain` for the record `bound_to`.
    pub fn seal(&self, plain: &str, bound_to: &str) -> Result<String> {
        let (id, key) = self.keys.first().ok_or_else(|| Error::internal("empty keyring"))?;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = XChaCha20Poly1305::new(key)
            .encrypt(&nonce, Payload { msg: plain.as_bytes(), aad: bound_to.as_bytes() })
            .map_err(|_| Error::internal("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("v1:{id}:{}", STANDARD.encode(out)))
    }

    /// Opens text sealed for `bound_to` with any key of the ring.
    pub fn open(&self, sealed: &str, bound_to: &str) -> Result<String> {
        let bad = || Error::internal("sealed text cannot be opened");
        let mut parts = sealed.splitn(3, ':');
        let (Some("v1"), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let (_, key) = self
            .keys
            .iter()
            .find(|(k, _)| k == id)
            .ok_or_else(|| Error::internal(format!("sealed with key {id}, which is not in the key file")))?;
        let raw = STANDARD.decode(b64).map_err(|_| bad())?;
        if raw.len() < NONCE {
            return Err(bad());
        }
        let (nonce, body) = raw.split_at(NONCE);
        let plain = XChaCha20Poly1305::new(key)
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: bound_to.as_bytes() })
            .map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
    }

    /// Seals bytes (attachments): `v1:<key id>:` then nonce and ciphertext.
    pub fn seal_bytes(&self, plain: &[u8], bound_to: &str) -> Result<Vec<u8>> {
        let (id, key) = self.keys.first().ok_or_else(|| Error::internal("empty keyring"))?;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = XChaCha20Poly1305::new(key)
            .encrypt(&nonce, Payload { msg: plain, aad: bound_to.as_bytes() })
            .map_err(|_| Error::internal("sealing failed"))?;
        let mut out = format!("v1:{id}:").into_bytes();
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens bytes sealed by [`Keyring::seal_bytes`].
    pub fn open_bytes(&self, sealed: &[u8], bound_to: &str) -> Result<Vec<u8>> {
        let bad = || Error::internal("sealed bytes cannot be opened");
        let rest = sealed.strip_prefix(b"v1:").ok_or_else(bad)?;
        let colon = rest.iter().position(|b| *b == b':').ok_or_else(bad)?;
        let id = std::str::from_utf8(&rest[..colon]).map_err(|_| bad())?;
        let raw = &rest[colon + 1..];
        let (_, key) = self.keys.iter().find(|(k, _)| k == id).ok_or_else(bad)?;
        if raw.len() < NONCE {
            return Err(bad());
        }
        let (nonce, body) = raw.split_at(NONCE);
        XChaCha20Poly1305::new(key)
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: bound_to.as_bytes() })
            .map_err(|_| bad())
    }

    /// Signs `message` (links handed to people outside the system) with a
    /// key derived from the current one: `<key id in hex>~<HMAC-SHA256 in
    /// base64url>`, safe in a URL path.
    pub fn sign(&self, message: &str) -> Result<String> {
        let (id, key) = self.keys.first().ok_or_else(|| Error::internal("empty keyring"))?;
        let mac = signing_mac(key, message)?.finalize().into_bytes();
        Ok(format!("{}~{}", hex::encode(id), URL_SAFE_NO_PAD.encode(mac)))
    }

    /// Whether `signature` is [`Keyring::sign`]'s of `message` under any key
    /// of the ring (so that links outlive a key rotation). Constant-time.
    pub fn verify(&self, message: &str, signature: &str) -> bool {
        let Some((id_hex, mac_b64)) = signature.split_once('~') else { return false };
        let (Ok(id), Ok(mac)) = (hex::decode(id_hex), URL_SAFE_NO_PAD.decode(mac_b64)) else { return false };
        let Some((_, key)) = self.keys.iter().find(|(k, _)| k.as_bytes() == id.as_slice()) else { return false };
        signing_mac(key, message).is_ok_and(|m| m.verify_slice(&mac).is_ok())
    }

    /// Whether sealed text uses an older key (to re-seal on rotation).
    pub fn is_stale(&self, sealed: &str) -> bool {
        sealed.split(':').nth(1) != Some(self.current_id())
    }
}

type HmacSha256 = Hmac<Sha256>;

/// HMAC over `message` with a signing key derived from a sealing key (the
/// sealing key itself never signs).
fn signing_mac(key: &Key, message: &str) -> Result<HmacSha256> {
    let mut derive = <HmacSha256 as Mac>::new_from_slice(key).map_err(|_| Error::internal("bad key length"))?;
    derive.update(b"satuatap signing key v1");
    let signing_key = derive.finalize().into_bytes();
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&signing_key).map_err(|_| Error::internal("bad key length"))?;
    mac.update(message.as_bytes());
    Ok(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_unaltered_and_survive_rotation() {
        let old = Keyring::parse(&Keyring::new_key_line("k1")).unwrap();
        let sig = old.sign("referral:1:1700000000").unwrap();
        assert!(old.verify("referral:1:1700000000", &sig));
        assert!(!old.verify("referral:1:1700000001", &sig), "another message");
        let mut forged = sig.clone();
        forged.pop();
        forged.push(if sig.ends_with('A') { 'B' } else { 'A' });
        assert!(!old.verify("referral:1:1700000000", &forged), "an altered signature");
        assert!(!old.verify("referral:1:1700000000", "nonsense"));
        let rotated = Keyring::parse(&format!("{}\nk1 {}", Keyring::new_key_line("k2"), key_of(&old))).unwrap();
        assert!(rotated.verify("referral:1:1700000000", &sig));
        let other = Keyring::parse(&Keyring::new_key_line("k1")).unwrap();
        assert!(!other.verify("referral:1:1700000000", &sig), "another deployment's key");
    }

    #[test]
    fn seal_open_and_rotate() {
        let old = Keyring::parse(&Keyring::new_key_line("k1")).unwrap();
        let sealed = old.seal("Korban dipukul majikan", "note-1").unwrap();
        assert!(!sealed.contains("Korban"));
        assert_eq!(old.open(&sealed, "note-1").unwrap(), "Korban dipukul majikan");
        assert!(old.open(&sealed, "note-2").is_err(), "bound to its record");
        // Rotation: a new current key, the old one kept to open old text.
        let text = format!("{}\n{}", Keyring::new_key_line("k2"), "k1 ".to_string() + &key_of(&old));
        let rotated = Keyring::parse(&text).unwrap();
        assert_eq!(rotated.open(&sealed, "note-1").unwrap(), "Korban dipukul majikan");
        assert!(rotated.is_stale(&sealed));
        assert!(!rotated.is_stale(&rotated.seal("x", "y").unwrap()));
        assert!(Keyring::parse("k1 c2hvcnQ=").is_err());
        assert!(Keyring::parse("").is_err());
    }

    fn key_of(ring: &Keyring) -> String {
        STANDARD.encode(ring.keys[0].1)
    }
}
