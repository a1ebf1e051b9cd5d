//! Email addresses and recipients, parsed once at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::headers::sanitize_header_text;

/// The maximum address length SMTP can carry (RFC 5321 section 4.5.3.1.3 limits a
/// path to 256 octets including the angle brackets).
const MAX_ADDRESS_LENGTH: usize = 254;

/// An invalid email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("email address is empty")]
    Empty,
    #[error("email address is longer than {MAX_ADDRESS_LENGTH} characters")]
    TooLong,
    #[error("email address must be ASCII with no spaces, control characters, quotes or brackets")]
    InvalidCharacter,
    #[error("email address must have the form local-part@domain")]
    InvalidForm,
}

/// An ASCII email address of the plain form `local-part@domain`.
///
/// Quoted local parts, comments and internationalised addresses are
/// rejected: customers type them almost never, and rejecting them keeps
/// every character of the address safe to place in a header and an SMTP
/// command as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses and trims an address.
    ///
    /// # Errors
    ///
    /// Returns an [`AddressError`] naming what is wrong with it.
    pub fn parse(text: &str) -> Result<EmailAddress, AddressError> {
        let address = text.trim();
        if address.is_empty() {
            return Err(AddressError::Empty);
        }
        if address.len() > MAX_ADDRESS_LENGTH {
            return Err(AddressError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_graphic() && !"\"(),:;<>[\\]".contains(c);
        if !address.chars().all(allowed) {
            return Err(AddressError::InvalidCharacter);
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(AddressError::InvalidForm);
        };
        let labels_valid = domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || domain.contains('@') || !domain.contains('.') || !labels_valid {
            return Err(AddressError::InvalidForm);
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(AddressError::InvalidForm);
        }
        Ok(EmailAddress(address.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = AddressError;

    fn try_from(text: String) -> Result<EmailAddress, AddressError> {
        EmailAddress::parse(&text)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> String {
        address.0
    }
}

/// A person to send to: a display name, possibly empty, and an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    name: String,
    email: EmailAddress,
}

impl Recipient {
    /// Makes a recipient. Control characters in the name, CR and LF
    /// included, become spaces, so no customer field can end a header line.
    pub fn new(name: &str, email: EmailAddress) -> Recipient {
        Recipient {
            name: sanitize_header_text(name),
            email,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn email(&self) -> &EmailAddress {
        &self.email
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_plain_addresses() {
        for text in [
            "lucia.nunez@example.com",
            " north@example.org ",
            "a+tag@mail.example.co.uk",
        ] {
            assert!(EmailAddress::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn parse_rejects_header_breaking_input() {
        let cases = [
            ("", AddressError::Empty),
            ("a@b.example\r\nBcc: x@evil.example", AddressError::InvalidCharacter),
            ("Lucía <l@example.com>", AddressError::InvalidCharacter),
            ("a,b@example.com", AddressError::InvalidCharacter),
            ("no-at-sign.example.com", AddressError::InvalidForm),
            ("two@at@example.com", AddressError::InvalidForm),
            ("dot.@example.com", AddressError::InvalidForm),
            ("user@localhost", AddressError::InvalidForm),
            ("user@-bad.example", AddressError::InvalidForm),
        ];
        for (text, expected) in cases {
            assert_eq!(EmailAddress::parse(text), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn recipient_name_loses_line_breaks() {
        let email = EmailAddress::parse("eve@example.com").unwrap();
        let recipient = Recipient::new("Eve\r\nBcc: victim@example.com", email);
        assert_eq!(recipient.name(), "Eve Bcc: victim@example.com");
    }
}
