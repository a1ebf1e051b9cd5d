//! Checks of uploaded short-term rentals and their returns. The late fee
//! of a return must be the one the domain computes from the due date and
//! the store-local return date: whole calendar days late times the rate
//! per day.

use giggatek_domain::Money;
use giggatek_domain::rental::daily_late_fee;
use giggatek_protocol::{Record, ShortTermRentalPayload, ShortTermReturnPayload};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::rentals::{MAX_CODE_CHARS, MAX_DESCRIPTION_CHARS, MAX_SERIAL_CHARS, RentalChange, UNIT_CONDITIONS};
use super::rentals::{check_one_of, check_text, check_uuid};
use super::validate::{Rejection, check_amount, parse, parse_date};

/// A short-term rental with its instant and due date parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedShortTermRental {
    pub payload: ShortTermRentalPayload,
    pub rented_at: OffsetDateTime,
    pub due_date: time::Date,
}

/// A short-term return with the rental it repeats, checked the same way
/// as the rental's own record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedShortTermReturn {
    pub payload: ShortTermReturnPayload,
    pub rental: CheckedShortTermRental,
    pub returned_at: OffsetDateTime,
    pub returned_on: time::Date,
}

pub(crate) fn check_rental_record(record: &Record) -> Result<RentalChange, Rejection> {
    let payload: ShortTermRentalPayload = parse(record)?;
    check_rental("payload", payload, &record.created_at).map(RentalChange::ShortTermRental)
}

pub(crate) fn check_return_record(record: &Record) -> Result<RentalChange, Rejection> {
    let payload: ShortTermReturnPayload = parse(record)?;
    check_uuid("payload.rental_client_id", &payload.rental_client_id)?;
    let rental = check_rental("payload.rental", payload.rental.clone(), &record.created_at)?;
    check_text("payload.receipt_number", &payload.receipt_number, MAX_CODE_CHARS)?;
    let returned_at = parse_instant(
        "payload.returned_at",
        payload.returned_at.as_deref(),
        &record.created_at,
    )?;
    if returned_at < rental.rented_at {
        return Err(Rejection::new(
            "payload.returned_at",
            format!(
                "the return at {returned_at} is before the rental went out at {}",
                rental.rented_at
            ),
        ));
    }
    let returned_on = parse_date("payload.returned_on", &payload.returned_on)?;
    check_one_of("payload.condition", &payload.condition, UNIT_CONDITIONS)?;
    check_late_fee(&payload)?;
    Ok(RentalChange::ShortTermReturn(CheckedShortTermReturn {
        payload,
        rental,
        returned_at,
        returned_on,
    }))
}

fn check_rental(
    field: &str,
    payload: ShortTermRentalPayload,
    created_at: &str,
) -> Result<CheckedShortTermRental, Rejection> {
    check_text(
        &format!("{field}.rental_number"),
        &payload.rental_number,
        MAX_CODE_CHARS,
    )?;
    check_uuid(&format!("{field}.customer_client_id"), &payload.customer_client_id)?;
    check_uuid(&format!("{field}.unit_client_id"), &payload.unit_client_id)?;
    if let Some(serial) = &payload.serial_number {
        check_text(&format!("{field}.serial_number"), serial, MAX_SERIAL_CHARS)?;
    }
    if let Some(description) = &payload.description {
        check_text(&format!("{field}.description"), description, MAX_DESCRIPTION_CHARS)?;
    }
    let rented_at = parse_instant(&format!("{field}.rented_at"), payload.rented_at.as_deref(), created_at)?;
    let due_date = parse_date(&format!("{field}.due_date"), &payload.due_date)?;
    check_amount(
        &format!("{field}.late_fee_per_day_cents"),
        payload.late_fee_per_day_cents,
    )?;
    Ok(CheckedShortTermRental {
        payload,
        rented_at,
        due_date,
    })
}

/// Checks that the return's days late and late fee are the domain's for
/// the rental's due date, the return date and the rental's rate.
fn check_late_fee(payload: &ShortTermReturnPayload) -> Result<(), Rejection> {
    let rate = payload.rental.late_fee_per_day_cents;
    if payload.late_fee_per_day_cents != rate {
        return Err(Rejection::new(
            "payload.late_fee_per_day_cents",
            format!(
                "the late fee per day {} cents differs from the rental's {rate} cents",
                payload.late_fee_per_day_cents
            ),
        ));
    }
    check_amount("payload.late_fee_cents", payload.late_fee_cents)?;
    // Both dates passed parse_date, so jiff parses them too.
    let (Ok(due_date), Ok(returned_on)) = (
        payload.rental.due_date.parse::<jiff::civil::Date>(),
        payload.returned_on.parse::<jiff::civil::Date>(),
    ) else {
        return Err(Rejection::new(
            "payload.returned_on",
            format!("date {:?} is invalid: expected YYYY-MM-DD", payload.returned_on),
        ));
    };
    let expected = daily_late_fee(Money::from_cents(rate), due_date, returned_on);
    if payload.days_late != i64::from(expected.days_late) {
        return Err(Rejection::new(
            "payload.days_late",
            format!(
                "days late {} is wrong: due {due_date} and returned {returned_on} is {} days late",
                payload.days_late, expected.days_late
            ),
        ));
    }
    if payload.late_fee_cents != expected.total.cents() {
        return Err(Rejection::new(
            "payload.late_fee_cents",
            format!(
                "the late fee {} cents is wrong: {} days at {rate} cents per day is {} cents",
                payload.late_fee_cents,
                expected.days_late,
                expected.total.cents()
            ),
        ));
    }
    Ok(())
}

/// Parses a UTC RFC 3339 instant from the payload, or the record's
/// `created_at` when a terminal before the field was added left it out.
fn parse_instant(field: &str, text: Option<&str>, created_at: &str) -> Result<OffsetDateTime, Rejection> {
    let (field, text) = match text {
        Some(text) => (field, text),
        None => ("created_at", created_at),
    };
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| Rejection::new(field, format!("instant {text:?} is invalid: expected UTC RFC 3339")))
}

#[cfg(test)]
mod tests {
    use giggatek_protocol::RecordKind;
    use serde_json::{Value, json};
    use uuid::Uuid;

    use super::*;

    fn record(kind: &str, payload: Value) -> Record {
        Record {
            kind: RecordKind(kind.to_owned()),
            client_id: Uuid::nil(),
            created_at: "2026-07-31T19:30:00Z".to_owned(),
            payload: serde_json::value::to_raw_value(&payload).unwrap(),
        }
    }

    /// A carpet cleaner due 2026-07-30 at 3500 cents per day, returned
    /// on `returned_on` with `days_late` and `late_fee_cents`.
    fn carpet_cleaner_return(returned_on: &str, days_late: i64, late_fee_cents: i64) -> Value {
        json!({
            "rental_client_id": "0193a5b2-7c4e-7000-8000-00000000e001",
            "rental": {
                "rental_number": "S01-T01-S000001",
                "customer_client_id": "0193a5b2-7c4e-7000-8000-00000000c001",
                "unit_client_id": "0193a5b2-7c4e-7000-8000-00000000a001",
                "serial_number": "CC-1",
                "description": "Carpet cleaner",
                "rented_at": "2026-07-29T14:00:00Z",
                "due_date": "2026-07-30",
                "late_fee_per_day_cents": 3500,
            },
            "receipt_number": "S01-T01-000002",
            "returned_at": "2026-07-31T19:30:00Z",
            "returned_on": returned_on,
            "condition": "used",
            "days_late": days_late,
            "late_fee_per_day_cents": 3500,
            "late_fee_cents": late_fee_cents,
        })
    }

    fn rejected_field(payload: Value) -> String {
        match check_return_record(&record("short_term_return", payload)) {
            Err(rejection) => rejection.field,
            Ok(change) => panic!("expected a rejection, got {change:?}"),
        }
    }

    #[test]
    fn one_day_late_return_passes() {
        let Ok(RentalChange::ShortTermReturn(checked)) = check_return_record(&record(
            "short_term_return",
            carpet_cleaner_return("2026-07-31", 1, 3500),
        )) else {
            panic!("the return should pass");
        };
        assert_eq!(checked.returned_on, time::macros::date!(2026 - 07 - 31));
        assert_eq!(checked.rental.due_date, time::macros::date!(2026 - 07 - 30));
        assert_eq!(checked.returned_at, time::macros::datetime!(2026-07-31 19:30 UTC));
        assert_eq!(checked.rental.rented_at, time::macros::datetime!(2026-07-29 14:00 UTC));
    }

    #[test]
    fn on_time_return_owes_nothing() {
        assert!(check_return_record(&record("short_term_return", carpet_cleaner_return("2026-07-30", 0, 0))).is_ok());
        assert_eq!(
            rejected_field(carpet_cleaner_return("2026-07-30", 0, 3500)),
            "payload.late_fee_cents"
        );
    }

    #[test]
    fn late_fee_must_be_days_times_rate() {
        // Seconds between the due date and the return, times the rate.
        assert_eq!(
            rejected_field(carpet_cleaner_return("2026-07-31", 1, 142_200 * 3500)),
            "payload.late_fee_cents"
        );
        assert_eq!(
            rejected_field(carpet_cleaner_return("2026-07-31", 2, 7000)),
            "payload.days_late"
        );
    }

    #[test]
    fn invalid_return_fields_are_named() {
        let mut rate = carpet_cleaner_return("2026-07-31", 1, 3500);
        rate["late_fee_per_day_cents"] = json!(3000);
        assert_eq!(rejected_field(rate), "payload.late_fee_per_day_cents");
        let mut negative = carpet_cleaner_return("2026-07-31", 1, 3500);
        negative["rental"]["late_fee_per_day_cents"] = json!(-3500);
        assert_eq!(rejected_field(negative), "payload.rental.late_fee_per_day_cents");
        let mut due = carpet_cleaner_return("2026-07-31", 1, 3500);
        due["rental"]["due_date"] = json!("07/30/2026");
        assert_eq!(rejected_field(due), "payload.rental.due_date");
        assert_eq!(
            rejected_field(carpet_cleaner_return("2026-07-32", 1, 3500)),
            "payload.returned_on"
        );
        let mut before = carpet_cleaner_return("2026-07-31", 1, 3500);
        before["returned_at"] = json!("2026-07-28T12:00:00Z");
        assert_eq!(rejected_field(before), "payload.returned_at");
        let mut condition = carpet_cleaner_return("2026-07-31", 1, 3500);
        condition["condition"] = json!("lost");
        assert_eq!(rejected_field(condition), "payload.condition");
    }

    #[test]
    fn rental_without_rented_at_uses_created_at() {
        let rental = json!({
            "rental_number": "S01-T01-S000001",
            "customer_client_id": "0193a5b2-7c4e-7000-8000-00000000c001",
            "unit_client_id": "0193a5b2-7c4e-7000-8000-00000000a001",
            "due_date": "2026-07-30",
            "late_fee_per_day_cents": 3500,
        });
        let Ok(RentalChange::ShortTermRental(checked)) = check_rental_record(&record("short_term_rental", rental))
        else {
            panic!("the rental should pass");
        };
        assert_eq!(checked.rented_at, time::macros::datetime!(2026-07-31 19:30 UTC));
        assert_eq!(checked.payload.serial_number, None);
    }
}
