//! Checks one uploaded record and works out what storing it changes:
//! the sales it adds to a business day, the stock it moves, or the rental
//! rows it writes.
//!
//! A record that fails is rejected on its own with the field at fault; the
//! rest of its batch is stored. Stock shortages are never a reason to
//! reject: the money for a sale was already taken.

use giggatek_protocol::{Record, RecordKind, ReturnPayload, SalePayload, StockReceivedPayload};
use serde::de::DeserializeOwned;

use super::rentals::{self, RentalChange};

/// The most a single record's amount may be, in cents (10 million
/// currency units); larger values are typing errors or corruption.
pub(crate) const MAX_AMOUNT_CENTS: i64 = 1_000_000_000;
/// The most units one line may move.
const MAX_LINE_QUANTITY: i64 = 100_000;
/// The longest text a record's `created_at` may have.
const MAX_CREATED_AT_LEN: usize = 64;

/// What storing a valid record changes besides the record itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    /// The store's business day of a sale or return.
    pub business_date: Option<String>,
    /// A sale's total, or a return's refund as a negative amount.
    pub sales_cents: Option<i64>,
    /// Stock deltas per SKU, in the record's line order.
    pub stock: Vec<(String, i64)>,
    /// The rows a rental record writes to the rental tables.
    pub rental: Option<RentalChange>,
}

/// Why a record was rejected: the field at fault and a message for the
/// user who will see it at the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub field: String,
    pub message: String,
}

impl Rejection {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Rejection {
        Rejection {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Checks `record` and returns its effects, or why it cannot be stored.
pub fn check(record: &Record) -> Result<Effects, Rejection> {
    if record.created_at.is_empty() || record.created_at.len() > MAX_CREATED_AT_LEN {
        return Err(Rejection::new(
            "created_at",
            format!("created_at must be 1 to {MAX_CREATED_AT_LEN} characters"),
        ));
    }
    if !record.payload.get().trim_start().starts_with('{') {
        return Err(Rejection::new("payload", "the payload must be a JSON object"));
    }
    if let Some(rental) = rentals::check(record) {
        return rental.map(|change| Effects {
            rental: Some(change),
            ..Effects::default()
        });
    }
    match record.kind.as_str() {
        RecordKind::SALE => check_sale(record),
        RecordKind::RETURN => check_return(record),
        RecordKind::STOCK_RECEIVED => check_stock_received(record),
        RecordKind::SHIFT_CLOSED | RecordKind::CASH_MOVEMENT | RecordKind::AUDIT_ENTRY => Ok(Effects::default()),
        other => Err(Rejection::new(
            "kind",
            format!("record kind {other:?} is unknown to this server: update the server"),
        )),
    }
}

fn check_sale(record: &Record) -> Result<Effects, Rejection> {
    let sale: SalePayload = parse(record)?;
    check_business_date(&sale.business_date)?;
    check_amount("payload.total_cents", sale.total_cents)?;
    let mut stock = Vec::with_capacity(sale.lines.len());
    for (index, line) in sale.lines.iter().enumerate() {
        let field = format!("payload.lines[{index}]");
        check_sku(&field, &line.sku)?;
        check_quantity(&field, line.quantity)?;
        stock.push((line.sku.clone(), -line.quantity));
    }
    Ok(Effects {
        business_date: Some(sale.business_date),
        sales_cents: Some(sale.total_cents),
        stock,
        rental: None,
    })
}

fn check_return(record: &Record) -> Result<Effects, Rejection> {
    let refund: ReturnPayload = parse(record)?;
    check_business_date(&refund.business_date)?;
    check_amount("payload.total_cents", refund.total_cents)?;
    let mut stock = Vec::with_capacity(refund.lines.len());
    for (index, line) in refund.lines.iter().enumerate() {
        let field = format!("payload.lines[{index}]");
        check_sku(&field, &line.sku)?;
        if !(0..=MAX_LINE_QUANTITY).contains(&line.stock_delta) {
            return Err(Rejection::new(
                format!("{field}.stock_delta"),
                format!("stock_delta {} must be 0 to {MAX_LINE_QUANTITY}", line.stock_delta),
            ));
        }
        if line.stock_delta > 0 {
            stock.push((line.sku.clone(), line.stock_delta));
        }
    }
    Ok(Effects {
        business_date: Some(refund.business_date),
        sales_cents: Some(-refund.total_cents),
        stock,
        rental: None,
    })
}

fn check_stock_received(record: &Record) -> Result<Effects, Rejection> {
    let received: StockReceivedPayload = parse(record)?;
    check_sku("payload", &received.sku)?;
    check_quantity("payload", received.quantity)?;
    Ok(Effects {
        business_date: None,
        sales_cents: None,
        stock: vec![(received.sku, received.quantity)],
        rental: None,
    })
}

pub(crate) fn parse<T: DeserializeOwned>(record: &Record) -> Result<T, Rejection> {
    serde_json::from_str(record.payload.get()).map_err(|error| {
        Rejection::new(
            "payload",
            format!("the {} payload is invalid: {error}", record.kind.as_str()),
        )
    })
}

fn check_business_date(date: &str) -> Result<(), Rejection> {
    parse_date("payload.business_date", date).map(drop)
}

/// Parses a store-local `YYYY-MM-DD` date, naming `field` when it is invalid.
pub(crate) fn parse_date(field: &str, text: &str) -> Result<time::Date, Rejection> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map_err(|_| Rejection::new(field, format!("date {text:?} is invalid: expected YYYY-MM-DD")))
}

pub(crate) fn check_amount(field: &str, cents: i64) -> Result<(), Rejection> {
    if (0..=MAX_AMOUNT_CENTS).contains(&cents) {
        Ok(())
    } else {
        Err(Rejection::new(
            field,
            format!("amount {cents} cents must be 0 to {MAX_AMOUNT_CENTS}"),
        ))
    }
}

fn check_sku(field: &str, sku: &str) -> Result<(), Rejection> {
    if sku.trim().is_empty() || sku.len() > 64 {
        return Err(Rejection::new(
            format!("{field}.sku"),
            format!("SKU {sku:?} must be 1 to 64 characters"),
        ));
    }
    Ok(())
}

fn check_quantity(field: &str, quantity: i64) -> Result<(), Rejection> {
    if !(1..=MAX_LINE_QUANTITY).contains(&quantity) {
        return Err(Rejection::new(
            format!("{field}.quantity"),
            format!("quantity {quantity} must be 1 to {MAX_LINE_QUANTITY}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use uuid::Uuid;

    fn record(kind: &str, payload: serde_json::Value) -> Record {
        Record {
            kind: RecordKind(kind.to_owned()),
            client_id: Uuid::nil(),
            created_at: "2026-12-04T10:02:00Z".to_owned(),
            payload: serde_json::value::to_raw_value(&payload).unwrap(),
        }
    }

    #[test]
    fn sale_effects() {
        let sale = record(
            "sale",
            json!({
                "receipt_number": "S01-T01-000001",
                "business_date": "2026-12-04",
                "total_cents": 2706,
                "lines": [{ "sku": "B-200", "quantity": 2 }, { "sku": "T-1", "quantity": 1 }],
            }),
        );
        let effects = check(&sale).unwrap();
        assert_eq!(effects.business_date.as_deref(), Some("2026-12-04"));
        assert_eq!(effects.sales_cents, Some(2706));
        assert_eq!(effects.stock, vec![("B-200".to_owned(), -2), ("T-1".to_owned(), -1)]);
    }

    #[test]
    fn return_counts_negative() {
        let refund = record(
            "return",
            json!({
                "receipt_number": "S01-T01-R000001",
                "business_date": "2026-12-05",
                "total_cents": 500,
                "lines": [{ "sku": "B-200", "stock_delta": 1 }],
            }),
        );
        let effects = check(&refund).unwrap();
        assert_eq!(effects.sales_cents, Some(-500));
        assert_eq!(effects.stock, vec![("B-200".to_owned(), 1)]);
    }

    #[test]
    fn invalid_records_name_the_field() {
        let cases = [
            (record("sale", json!({ "business_date": "2026-12-04" })), "payload"),
            (
                record(
                    "sale",
                    json!({ "receipt_number": "R", "business_date": "04/12/2026", "total_cents": 1, "lines": [] }),
                ),
                "payload.business_date",
            ),
            (
                record(
                    "sale",
                    json!({ "receipt_number": "R", "business_date": "2026-12-04", "total_cents": -1, "lines": [] }),
                ),
                "payload.total_cents",
            ),
            (
                record(
                    "sale",
                    json!({
                        "receipt_number": "R", "business_date": "2026-12-04", "total_cents": 1,
                        "lines": [{ "sku": "A", "quantity": 0 }],
                    }),
                ),
                "payload.lines[0].quantity",
            ),
            (record("lottery_ticket", json!({})), "kind"),
            (record("audit_entry", json!([])), "payload"),
        ];
        for (record, field) in cases {
            let rejection = check(&record).unwrap_err();
            assert_eq!(rejection.field, field, "{}", rejection.message);
        }
    }
}
