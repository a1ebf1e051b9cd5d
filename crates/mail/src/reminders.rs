//! Rental payment reminders at a store-local time.
//!
//! Each reminder's instant is computed from the civil due date and the
//! local send time in the store's IANA time zone, never by adding multiples
//! of 24 hours to an earlier instant, so 09:00 stays 09:00 across daylight
//! saving changes.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use sqlx::Transaction;

use crate::MailError;
use crate::address::Recipient;
use crate::jobs::{Enqueued, MailRepository, MailStore, NewMail, enqueue};
use crate::templates::{MessageLinks, RentalReminder, Templates};

/// When a reminder goes out relative to its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderRule {
    /// The store-local time of day: 09:00.
    pub send_time: Time,
    /// Days before the due date; 0 sends on the due date itself.
    pub days_before: i32,
}

/// A store's reminder rule and its IANA time zone.
#[derive(Debug, Clone)]
pub struct ReminderSchedule {
    pub rule: ReminderRule,
    pub zone: TimeZone,
}

/// An invalid reminder date or time zone.
#[derive(Debug, thiserror::Error)]
#[error("reminder for due date {due_date} cannot be scheduled: {source}")]
pub struct ReminderError {
    pub due_date: Date,
    #[source]
    pub source: jiff::Error,
}

/// The instant of the reminder for `due_date`.
///
/// # Properties
///
/// - The result is `rule.send_time` on the wall clock in `zone`, on the date
///   `rule.days_before` days before `due_date`, whatever the UTC offset on
///   any other day.
/// - A local time that does not exist on that date, because clocks jump
///   forward over it, is moved forward by the length of the gap: 02:30 on
///   a spring-forward day in New York becomes 03:30 EDT.
/// - A local time that occurs twice, because clocks fall back over it, is
///   taken at its first occurrence: 01:30 on a fall-back day in New York
///   is 01:30 EDT (05:30 UTC). The reminder is sent once.
///
/// These two rules are jiff's "compatible" disambiguation, the same as
/// RFC 5545 and JavaScript's Temporal use.
///
/// # Errors
///
/// Returns a [`ReminderError`] when the date is out of jiff's range.
pub fn reminder_instant(due_date: Date, rule: ReminderRule, zone: &TimeZone) -> Result<Timestamp, ReminderError> {
    let error = |source| ReminderError { due_date, source };
    let send_date = due_date
        .checked_sub(i64::from(rule.days_before).days())
        .map_err(error)?;
    let zoned = zone
        .to_ambiguous_zoned_datetime(send_date.to_datetime(rule.send_time))
        .compatible()
        .map_err(error)?;
    Ok(zoned.timestamp())
}

/// The idempotency key of the reminder of one installment, also used to
/// cancel it once the installment is paid.
pub fn reminder_key(contract_number: &str, due_date: Date) -> String {
    format!("rental:{contract_number}:due:{due_date}:reminder")
}

/// Queues the reminder for one installment inside `tx`, due at
/// [`reminder_instant`]. A reminder whose instant has passed is sent at
/// once, unless its due date has passed too, in which case nothing is
/// queued and `None` is returned. Queuing the same installment twice
/// returns the first job.
///
/// # Errors
///
/// Returns [`MailError::Reminder`] for a due date out of range,
/// [`MailError::Template`] and [`MailError::Database`].
pub async fn queue_reminder<DB: MailRepository>(
    tx: &mut Transaction<'_, DB>,
    templates: &Templates,
    recipient: &Recipient,
    reminder: &RentalReminder,
    due_date: Date,
    schedule: &ReminderSchedule,
    now: Timestamp,
) -> Result<Option<Enqueued>, MailError> {
    let send_at = reminder_instant(due_date, schedule.rule, &schedule.zone)?;
    let today = now.to_zoned_datetime(schedule.zone.clone()).date();
    if due_date < today {
        return Ok(None);
    }
    let rendered = templates.render(reminder, &MessageLinks::default())?;
    let mail = NewMail::new(recipient.clone(), rendered)
        .idempotency_key(&reminder_key(&reminder.contract_number, due_date))
        .send_at(send_at.max(now));
    enqueue(tx, &mail, now).await.map(Some)
}

/// Cancels the reminder of an installment that has been paid, if it has
/// not been sent yet. Returns true when a reminder was cancelled.
///
/// # Errors
///
/// Returns [`MailError::Database`] when a query fails.
pub async fn cancel_reminder<DB: MailRepository>(
    store: &MailStore<DB>,
    contract_number: &str,
    due_date: Date,
    now: Timestamp,
) -> Result<bool, MailError> {
    let key = reminder_key(contract_number, due_date);
    Ok(store.cancel(&key, "installment paid", now).await?.is_some())
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, time};

    use super::*;

    fn new_york() -> TimeZone {
        TimeZone::get("America/New_York").unwrap()
    }

    const NINE_ON_DUE_DATE: ReminderRule = ReminderRule {
        send_time: time(9, 0, 0, 0),
        days_before: 0,
    };

    /// Weekly installments across the end (2026-11-01) and the start
    /// (2027-03-14) of daylight saving time in New York.
    #[test]
    fn reminders_stay_at_nine_across_dst() {
        let cases = [
            (date(2026, 10, 29), "2026-10-29T13:00:00Z"),
            (date(2026, 11, 5), "2026-11-05T14:00:00Z"),
            (date(2027, 3, 11), "2027-03-11T14:00:00Z"),
            (date(2027, 3, 18), "2027-03-18T13:00:00Z"),
        ];
        for (due_date, expected) in cases {
            let instant = reminder_instant(due_date, NINE_ON_DUE_DATE, &new_york()).unwrap();
            assert_eq!(instant.to_string(), expected, "due {due_date}");
        }
    }

    #[test]
    fn adding_weeks_to_an_instant_would_drift() {
        let first = reminder_instant(date(2026, 10, 29), NINE_ON_DUE_DATE, &new_york()).unwrap();
        let naive = first.checked_add(jiff::SignedDuration::from_hours(7 * 24)).unwrap();
        let correct = reminder_instant(date(2026, 11, 5), NINE_ON_DUE_DATE, &new_york()).unwrap();
        assert_eq!(naive.to_zoned_datetime(new_york()).time(), time(8, 0, 0, 0));
        assert_ne!(naive, correct);
    }

    #[test]
    fn late_evening_payment_is_on_due_date() {
        let paid_at: Timestamp = "2026-11-06T04:30:00Z".parse().unwrap();
        assert_eq!(paid_at.to_zoned_datetime(new_york()).date(), date(2026, 11, 5));
    }

    #[test]
    fn days_before_counts_calendar_days() {
        let rule = ReminderRule {
            send_time: time(9, 0, 0, 0),
            days_before: 3,
        };
        let instant = reminder_instant(date(2026, 11, 3), rule, &new_york()).unwrap();
        assert_eq!(instant.to_string(), "2026-10-31T13:00:00Z");
    }

    #[test]
    fn time_in_spring_gap_moves_forward() {
        let rule = ReminderRule {
            send_time: time(2, 30, 0, 0),
            days_before: 0,
        };
        let instant = reminder_instant(date(2027, 3, 14), rule, &new_york()).unwrap();
        assert_eq!(instant.to_string(), "2027-03-14T07:30:00Z");
        assert_eq!(instant.to_zoned_datetime(new_york()).time(), time(3, 30, 0, 0));
    }

    #[test]
    fn repeated_autumn_time_takes_first() {
        let rule = ReminderRule {
            send_time: time(1, 30, 0, 0),
            days_before: 0,
        };
        let instant = reminder_instant(date(2026, 11, 1), rule, &new_york()).unwrap();
        assert_eq!(instant.to_string(), "2026-11-01T05:30:00Z");
    }
}
