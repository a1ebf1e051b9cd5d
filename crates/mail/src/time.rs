//! Instants as stored in the mail tables.

use jiff::Timestamp;

use crate::MailError;

/// Formats an instant as UTC RFC 3339 with exactly six fractional digits,
/// `2026-11-05T14:00:00.000000Z`. The fixed width makes text order equal to
/// time order, which the due-job queries rely on.
pub fn format_instant(instant: Timestamp) -> String {
    format!("{instant:.6}")
}

/// Reads an instant written by [`format_instant`].
///
/// # Errors
///
/// Returns [`MailError::Corrupt`] when the text is not an RFC 3339 instant.
pub fn parse_instant(column: &'static str, text: &str) -> Result<Timestamp, MailError> {
    text.parse().map_err(|_| MailError::Corrupt {
        column,
        value: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_instant_has_fixed_width() {
        let whole: Timestamp = "2026-11-05T14:00:00Z".parse().unwrap();
        let fraction: Timestamp = "2026-11-05T14:00:00.5Z".parse().unwrap();
        assert_eq!(format_instant(whole), "2026-11-05T14:00:00.000000Z");
        assert_eq!(format_instant(fraction), "2026-11-05T14:00:00.500000Z");
        assert!(format_instant(whole) < format_instant(fraction));
    }

    #[test]
    fn parse_instant_reads_formatted_text() {
        let instant: Timestamp = "2027-03-18T13:00:00.123456Z".parse().unwrap();
        assert_eq!(parse_instant("sent_at", &format_instant(instant)).unwrap(), instant);
    }
}
