//! Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), the
//! optional second factor.

use totp_rs::{Algorithm, Secret, TOTP};

use crate::error::{Error, Result};

const ISSUER: &str = "Satu Atap";

fn totp(secret_base32: &str, account: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|e| Error::internal(format!("totp secret: {e:?}")))?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some(ISSUER.into()), account.into())
        .map_err(|e| Error::internal(format!("totp: {e:?}")))
}

/// A new random secret, base32 as authenticator apps expect it.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

/// The `otpauth://` URL an authenticator app reads (as text or QR code).
pub fn url(secret_base32: &str, username: &str) -> Result<String> {
    Ok(totp(secret_base32, username)?.get_url())
}

/// True when `code` is the current code (or the one before or after it).
pub fn check(secret_base32: &str, code: &str) -> bool {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret_base32, "check").is_ok_and(|t| t.check_current(&code).unwrap_or(false))
}

/// The current code (for tests and for the command line's enrolment check).
pub fn current(secret_base32: &str) -> Result<String> {
    totp(secret_base32, "current")?.generate_current().map_err(Error::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let s = new_secret();
        let code = current(&s).unwrap();
        assert_eq!(code.len(), 6);
        assert!(check(&s, &code));
        assert!(!check(&s, "000000") || code == "000000");
        assert!(url(&s, "cirebon.wcc").unwrap().starts_with("otpauth://totp/Satu%20Atap:cirebon.wcc?secret="));
    }
}
