//! The message sent when a short-term rental comes back: when it was due,
//! when it was returned, and the late fee's rate and total as separate
//! figures.

use serde::{Deserialize, Serialize};

use giggatek_domain::Money;

use super::{Branding, MailCategory, MailTemplate};

/// A short-term rental's return and its late fee.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RentalReturn {
    pub customer_name: String,
    pub rental_number: String,
    pub item: String,
    /// The store-local date by whose end the item was due, `YYYY-MM-DD`.
    pub due_date: String,
    /// The store-local date and time of the return: `2026-07-31 15:30`.
    pub returned_at: String,
    /// Whole store-local days after the due date.
    pub days_late: u32,
    pub late_fee_per_day: Money,
    /// The rate times the days late; zero for a return on time.
    pub late_fee_total: Money,
    pub receipt_number: String,
}

impl MailTemplate for RentalReturn {
    const NAME: &'static str = "rental_return";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, _brand: &Branding) -> String {
        format!("Rental {} returned", self.rental_number)
    }
}

/// The preview's sample: a carpet cleaner returned one day late.
pub(super) fn sample() -> RentalReturn {
    RentalReturn {
        customer_name: "Núñez, Lucía".to_string(),
        rental_number: "S01-T01-S000001".to_string(),
        item: "Carpet cleaner <CC-1>".to_string(),
        due_date: "2026-07-30".to_string(),
        returned_at: "2026-07-31 15:30".to_string(),
        days_late: 1,
        late_fee_per_day: Money::from_cents(3500),
        late_fee_total: Money::from_cents(3500),
        receipt_number: "S01-T01-000007".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{MessageLinks, Templates};

    #[test]
    fn one_day_late_shows_rate_and_total() {
        let templates = Templates::new(Branding::giggatek());
        let rendered = templates.render(&sample(), &MessageLinks::default()).unwrap();
        assert_eq!(rendered.subject, "Rental S01-T01-S000001 returned");
        for line in [
            "Days late: 1",
            "Late fee rate: $35.00 per day",
            "Late fee total: $35.00",
        ] {
            assert!(
                rendered.text.lines().any(|row| row == line),
                "missing {line:?} in\n{}",
                rendered.text
            );
        }
        assert!(
            rendered
                .html
                .contains(r#"<tr><td>Late fee rate</td><td align="right">$35.00 per day</td></tr>"#),
            "{}",
            rendered.html
        );
        assert!(
            rendered
                .html
                .contains(r#"<tr><td>Late fee total</td><td align="right">$35.00</td></tr>"#),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("Carpet cleaner &lt;CC-1&gt;"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn on_time_return_totals_zero() {
        let templates = Templates::new(Branding::giggatek());
        let mut data = sample();
        data.returned_at = "2026-07-30 23:59".to_string();
        data.days_late = 0;
        data.late_fee_total = Money::ZERO;
        let rendered = templates.render(&data, &MessageLinks::default()).unwrap();
        assert!(
            rendered.text.lines().any(|row| row == "Late fee total: $0.00"),
            "{}",
            rendered.text
        );
        assert!(
            rendered.text.lines().any(|row| row == "Late fee rate: $35.00 per day"),
            "{}",
            rendered.text
        );
    }
}
