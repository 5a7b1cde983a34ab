//! The recipient backups are encrypted to, checked where the configuration
//! is read (below both the configuration and the commands).

/// Parses a recipient (`age1…`), with a message that says what is wanted.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, String> {
    text.trim().parse::<age::x25519::Recipient>().map_err(|e| {
        format!("{e}: a backup recipient is an age public key (age1…), as `satuatap backup keygen` prints it")
    })
}
