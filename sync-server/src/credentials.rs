//! Device tokens and enrolment codes: how they are made and hashed.
//!
//! Only SHA-256 hashes reach the database. Tokens carry 244 random bits
//! (two UUIDv4s), so a fast hash is enough; no password stretching needed.

use sha2::{Digest, Sha256};

/// Letters of enrolment codes: no 0/O or 1/I/L, so a code read aloud or
/// typed from paper comes through.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Length of an enrolment code, in letters (about 59 bits).
const CODE_LENGTH: usize = 12;

/// Makes a new device token, 64 lowercase hex digits.
pub fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Makes a new one-time enrolment code, shown as `XXXX-XXXX-XXXX`.
pub fn new_enrolment_code() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let mut code = String::with_capacity(CODE_LENGTH + 2);
    for (index, byte) in bytes.iter().take(CODE_LENGTH).enumerate() {
        if index > 0 && index % 4 == 0 {
            code.push('-');
        }
        let letter = CODE_ALPHABET[usize::from(*byte) % CODE_ALPHABET.len()];
        code.push(char::from(letter));
    }
    code
}

/// Puts a typed code in the form it was made in: upper case, dashes kept,
/// spaces dropped.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Returns the lowercase hex SHA-256 of a secret.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolment_code_shape() {
        let code = new_enrolment_code();
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        assert_eq!(normalize_code(&code.to_lowercase()), code);
    }

    #[test]
    fn token_is_64_hex_digits() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn hash_secret_is_sha256_hex() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
