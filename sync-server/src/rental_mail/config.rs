//! Settings of the rental mail: when reminders go out, in the stores' time
//! zone, and how often the server looks for mail to queue.

use std::time::Duration;

use giggatek_mail::reminders::{ReminderRule, ReminderSchedule};
use jiff::civil::Time;
use jiff::tz::TimeZone;

/// The maximum number of days a reminder may go out before its due date.
const MAX_DAYS_BEFORE: i32 = 14;
/// The maximum pause between two passes, in seconds.
const MAX_INTERVAL_SECONDS: u64 = 3600;

/// When rental reminders go out and how often the planner runs.
#[derive(Debug, Clone)]
pub struct RentalMailConfig {
    /// The store-local time, day offset and IANA zone of reminders.
    pub schedule: ReminderSchedule,
    /// The pause between two passes of the planner.
    pub interval: Duration,
    /// `https://shop.example.com`, without a trailing slash; a reminder
    /// links to the contract's page under it.
    pub public_url: String,
}

impl RentalMailConfig {
    /// Reads the settings from the environment, with defaults for those
    /// not set: 09:00, one day before the due date, every 60 seconds.
    /// `zone` is the stores' time zone (`GIGGATEK_STORE_TIME_ZONE`, read
    /// with the shop's settings).
    ///
    /// # Errors
    ///
    /// Returns an error naming the variable whose value is invalid.
    pub fn from_env(zone: TimeZone, public_url: &str) -> anyhow::Result<RentalMailConfig> {
        let lookup = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        RentalMailConfig::from_lookup(lookup, zone, public_url)
    }

    /// Reads the settings through `lookup`, which is the environment
    /// outside tests.
    ///
    /// # Errors
    ///
    /// Returns an error naming the variable whose value is invalid.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        zone: TimeZone,
        public_url: &str,
    ) -> anyhow::Result<RentalMailConfig> {
        let send_time = match lookup("GIGGATEK_RENTAL_REMINDER_TIME") {
            None => Time::constant(9, 0, 0, 0),
            Some(text) => parse_time(&text).ok_or_else(|| {
                anyhow::anyhow!("GIGGATEK_RENTAL_REMINDER_TIME is invalid: {text:?}; use HH:MM, such as 09:00")
            })?,
        };
        let days_before = match lookup("GIGGATEK_RENTAL_REMINDER_DAYS_BEFORE") {
            None => 1,
            Some(text) => text
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|days| (0..=MAX_DAYS_BEFORE).contains(days))
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "GIGGATEK_RENTAL_REMINDER_DAYS_BEFORE is invalid: {text:?}; use 0 to {MAX_DAYS_BEFORE}"
                    )
                })?,
        };
        let interval_seconds = match lookup("GIGGATEK_RENTAL_MAIL_INTERVAL_SECONDS") {
            None => 60,
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|seconds| (1..=MAX_INTERVAL_SECONDS).contains(seconds))
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "GIGGATEK_RENTAL_MAIL_INTERVAL_SECONDS is invalid: {text:?}; use 1 to {MAX_INTERVAL_SECONDS}"
                    )
                })?,
        };
        Ok(RentalMailConfig {
            schedule: ReminderSchedule {
                rule: ReminderRule { send_time, days_before },
                zone,
            },
            interval: Duration::from_secs(interval_seconds),
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }
}

/// Parses `HH:MM` on a 24-hour clock.
fn parse_time(text: &str) -> Option<Time> {
    let (hour, minute) = text.trim().split_once(':')?;
    if hour.len() != 2 || minute.len() != 2 {
        return None;
    }
    let hour = hour.parse::<i8>().ok()?;
    let minute = minute.parse::<i8>().ok()?;
    Time::new(hour, minute, 0, 0).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<RentalMailConfig> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        RentalMailConfig::from_lookup(|name| map.get(name).cloned(), TimeZone::UTC, "https://shop.example/")
    }

    #[test]
    fn defaults_are_nine_one_day_before() {
        let config = config(&[]).unwrap();
        assert_eq!(config.schedule.rule.send_time, Time::constant(9, 0, 0, 0));
        assert_eq!(config.schedule.rule.days_before, 1);
        assert_eq!(config.schedule.zone, TimeZone::UTC);
        assert_eq!(config.interval, Duration::from_secs(60));
        assert_eq!(config.public_url, "https://shop.example");
    }

    #[test]
    fn settings_are_read() {
        let config = config(&[
            ("GIGGATEK_RENTAL_REMINDER_TIME", "07:30"),
            ("GIGGATEK_RENTAL_REMINDER_DAYS_BEFORE", "0"),
            ("GIGGATEK_RENTAL_MAIL_INTERVAL_SECONDS", "5"),
        ])
        .unwrap();
        assert_eq!(config.schedule.rule.send_time, Time::constant(7, 30, 0, 0));
        assert_eq!(config.schedule.rule.days_before, 0);
        assert_eq!(config.interval, Duration::from_secs(5));
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let cases = [
            ("GIGGATEK_RENTAL_REMINDER_TIME", "9am"),
            ("GIGGATEK_RENTAL_REMINDER_TIME", "24:00"),
            ("GIGGATEK_RENTAL_REMINDER_DAYS_BEFORE", "15"),
            ("GIGGATEK_RENTAL_REMINDER_DAYS_BEFORE", "-1"),
            ("GIGGATEK_RENTAL_MAIL_INTERVAL_SECONDS", "0"),
        ];
        for (name, value) in cases {
            let error = config(&[(name, value)]).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("{name} is invalid")),
                "{name}={value}: {error}"
            );
        }
    }
}
