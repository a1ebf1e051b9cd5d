//! Instants as the shop stores them: UTC text with a fixed width, so that
//! comparing two stored instants as text orders them in time.

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

/// `2026-12-04T15:45:34.123456Z`: always six fractional digits and `Z`.
const FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// The current instant as stored text.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// The instant `seconds` from now (negative for the past) as stored text.
pub fn from_now(seconds: i64) -> String {
    format(OffsetDateTime::now_utc() + time::Duration::seconds(seconds))
}

/// The current Unix time in seconds.
pub fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn format(instant: OffsetDateTime) -> String {
    // Formatting a UTC instant with numeric components cannot fail.
    instant.format(FORMAT).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_instants_sort_as_text() {
        let earlier = format(OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(999));
        let later = format(OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(10));
        assert_eq!(earlier, "1970-01-01T00:00:00.999000Z");
        assert_eq!(later, "1970-01-01T00:00:10.000000Z");
        assert!(earlier < later);
    }
}
