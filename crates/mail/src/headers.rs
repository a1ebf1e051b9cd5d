//! Header text that is safe to send: no line breaks from customer data, and
//! display names encoded so that every parser reads back the same name.
//!
//! lettre 0.11.23 encodes a non-ASCII display name as one RFC 2047
//! encoded-word, which is correct. lettre 0.10.0-rc.3 opened a quoted
//! string and then encoded the rest of the name, closing quote included,
//! and a later release left names with a colon unquoted. Mailbox headers
//! are therefore built here, and the tests pin the bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::address::EmailAddress;

/// The maximum bytes of UTF-8 text in one encoded-word: 45 bytes make 60
/// base64 characters, and with `=?UTF-8?B?` and `?=` the word stays within
/// the 75 characters that RFC 2047 section 2 allows.
const ENCODED_WORD_INPUT_BYTES: usize = 45;

/// Replaces every control character (CR, LF, TAB, NEL and the Unicode line
/// and paragraph separators included) with a space, joins runs of
/// whitespace into one space and trims the ends.
pub fn sanitize_header_text(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    let mut pending_space = false;
    for character in text.chars() {
        if character.is_control() || character.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !clean.is_empty() {
            clean.push(' ');
        }
        pending_space = false;
        clean.push(character);
    }
    clean
}

/// Encodes a display name as an RFC 5322 phrase.
///
/// A printable ASCII name becomes a quoted string with `\` and `"` escaped,
/// so commas, colons and apostrophes stay inside it. Any other name becomes
/// a run of RFC 2047 `B` encoded-words separated by folding whitespace,
/// never inside a quoted string. Call [`sanitize_header_text`] first: line
/// breaks are not expected here.
pub fn encode_display_name(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{escaped}\"");
    }
    let mut words = Vec::new();
    let mut chunk_start = 0;
    let mut chunk_end = 0;
    for (index, character) in name.char_indices() {
        let end = index + character.len_utf8();
        if end - chunk_start > ENCODED_WORD_INPUT_BYTES {
            words.push(encoded_word(&name[chunk_start..chunk_end]));
            chunk_start = chunk_end;
        }
        chunk_end = end;
    }
    words.push(encoded_word(&name[chunk_start..chunk_end]));
    words.join("\r\n ")
}

fn encoded_word(text: &str) -> String {
    format!("=?UTF-8?B?{}?=", STANDARD.encode(text))
}

/// Formats one mailbox for a From or To header: `"Name" <address>`, an
/// encoded name before `<address>`, or the bare address when the name is
/// empty after sanitising.
pub fn format_mailbox(name: &str, address: &EmailAddress) -> String {
    let name = sanitize_header_text(name);
    if name.is_empty() {
        return address.to_string();
    }
    format!("{} <{address}>", encode_display_name(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> EmailAddress {
        EmailAddress::parse(text).unwrap()
    }

    #[test]
    fn sanitize_removes_every_line_break() {
        let text = "A\r\nB\rC\nD\u{85}E\u{2028}F\tG  ";
        assert_eq!(sanitize_header_text(text), "A B C D E F G");
    }

    #[test]
    fn mailbox_with_comma_and_accents() {
        let header = format_mailbox("Núñez, Lucía", &address("lucia.nunez@example.com"));
        assert_eq!(header, "=?UTF-8?B?TsO6w7FleiwgTHVjw61h?= <lucia.nunez@example.com>");
    }

    #[test]
    fn mailbox_with_colon_is_quoted() {
        let header = format_mailbox("Baker's Rentals: North", &address("north@example.org"));
        assert_eq!(header, "\"Baker's Rentals: North\" <north@example.org>");
    }

    #[test]
    fn mailbox_escapes_quotes_and_backslashes() {
        let header = format_mailbox(r#"The "Best" \ Co"#, &address("co@example.org"));
        assert_eq!(header, r#""The \"Best\" \\ Co" <co@example.org>"#);
    }

    #[test]
    fn mailbox_without_name_is_bare_address() {
        assert_eq!(format_mailbox(" \r\n", &address("a@example.org")), "a@example.org");
    }

    #[test]
    fn long_name_splits_into_short_words() {
        let name = "Zoë Ångström-Núñez de la Peña y Ibáñez, Hermanos Sociedad Limitada";
        let encoded = encode_display_name(name);
        let words: Vec<&str> = encoded.split("\r\n ").collect();
        assert!(words.len() > 1);
        for word in &words {
            assert!(word.len() <= 75, "{word}");
            assert!(word.starts_with("=?UTF-8?B?"), "{word}");
            assert!(word.ends_with("?="), "{word}");
        }
        let decoded: String = words
            .iter()
            .map(|word| {
                let payload = &word[10..word.len() - 2];
                String::from_utf8(STANDARD.decode(payload).unwrap()).unwrap()
            })
            .collect();
        assert_eq!(decoded, name);
    }

    /// Pins what lettre itself writes for the same names, so an upgrade that
    /// changes its encoding shows up here.
    #[test]
    fn lettre_mailbox_output_for_reference() {
        use lettre::message::{Mailbox, Message};

        let lucia = Mailbox::new(Some("Núñez, Lucía".into()), "lucia.nunez@example.com".parse().unwrap());
        let message = Message::builder()
            .from("shop@example.com".parse().unwrap())
            .to(lucia)
            .subject("Receipt")
            .body(String::from("Thanks"))
            .unwrap();
        let formatted = String::from_utf8(message.formatted()).unwrap();
        let to_line = formatted.lines().find(|line| line.starts_with("To: ")).unwrap();
        assert_eq!(
            to_line,
            "To: =?utf-8?b?TsO6w7FleiwgTHVjw61h?= <lucia.nunez@example.com>"
        );
    }
}
