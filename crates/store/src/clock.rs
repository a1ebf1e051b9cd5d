//! The store's source of the current instant, and how instants and business
//! dates are written.
//!
//! Instants are stored as UTC RFC 3339 text with exactly three decimals
//! (`2026-12-04T13:45:07.125Z`), so that sorting the text sorts the instants.
//! A business date is the store's local calendar date of an instant, in the
//! store's IANA time zone.

use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::db::Store;
use crate::error::StoreError;

/// A source of the current instant; tests swap in a [`FixedClock`].
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stays at one instant until it is set again, for tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<Timestamp>,
}

impl FixedClock {
    pub fn new(now: Timestamp) -> FixedClock {
        FixedClock { now: Mutex::new(now) }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: Timestamp) {
        // A poisoned lock only means another test thread panicked while
        // setting the time; the stored instant is still whole.
        let mut guard = self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *guard = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Store {
    /// Replaces the clock this store reads for every timestamp and business
    /// date it writes.
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }
}

/// Formats an instant for storage: UTC, RFC 3339, millisecond precision.
pub(crate) fn format_instant(instant: Timestamp) -> String {
    instant.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Reads an instant written by [`format_instant`].
pub(crate) fn parse_instant(text: &str) -> Result<Timestamp, StoreError> {
    text.parse()
        .map_err(|error| StoreError::Corrupt(format!("stored instant \"{text}\" is unreadable: {error}")))
}

/// Looks up an IANA time zone such as `America/New_York`.
pub(crate) fn time_zone(name: &str) -> Result<TimeZone, StoreError> {
    TimeZone::get(name).map_err(|error| {
        StoreError::Invalid(format!(
            "time zone \"{name}\" is not a known IANA time zone name ({error}): use a name like America/New_York"
        ))
    })
}

/// Returns the store's local date of `instant` as `YYYY-MM-DD`.
pub(crate) fn business_date(instant: Timestamp, zone: &TimeZone) -> String {
    instant.to_zoned_datetime(zone.clone()).date().to_string()
}

/// Formats an instant as the store's local date and time for a receipt:
/// `2026-12-04 08:45`.
pub(crate) fn local_date_time(instant: Timestamp, zone: &TimeZone) -> String {
    instant
        .to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instant_format_has_fixed_width() {
        let instant: Timestamp = "2026-12-04T13:45:07Z".parse().unwrap();
        assert_eq!(format_instant(instant), "2026-12-04T13:45:07.000Z");
        assert_eq!(parse_instant("2026-12-04T13:45:07.000Z").unwrap(), instant);
    }

    #[test]
    fn business_date_uses_local_calendar() {
        let zone = time_zone("America/New_York").unwrap();
        let late_evening: Timestamp = "2026-11-06T04:30:00Z".parse().unwrap();
        assert_eq!(business_date(late_evening, &zone), "2026-11-05");
        assert_eq!(local_date_time(late_evening, &zone), "2026-11-05 23:30");
    }

    #[test]
    fn unknown_zone_is_invalid() {
        let error = time_zone("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Invalid);
    }
}
