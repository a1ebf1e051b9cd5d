//! The shop's mail: password-reset links and order confirmations, rendered
//! with the mail crate's templates from typed data. The repositories queue
//! them in the transaction of the event that causes them.

use giggatek_domain::Money;
use giggatek_mail::jobs::NewMail;
use giggatek_mail::templates::{Branding, MailLine, OrderConfirmation, PasswordReset, Templates};
use giggatek_mail::{EmailAddress, MailError, MailSettings, Recipient};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::db::shop_accounts::AccountRow;
use crate::db::shop_orders::{OrderLineRow, OrderRow};

/// The format of an order's time in its confirmation: `Dec 4, 2026 15:45 UTC`.
const ORDERED_AT_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[month repr:short] [day padding:none], [year] [hour]:[minute] UTC");

/// The greeting name for a guest, who gives no name at checkout.
const GUEST_NAME: &str = "there";

/// The templates with the store's branding and the shop's public URL, from
/// which the links in the mail are made.
#[derive(Debug)]
pub struct ShopMail {
    templates: Templates,
    /// `https://shop.example.com`, without a trailing slash.
    public_url: String,
}

impl ShopMail {
    pub fn new(public_url: &str) -> ShopMail {
        let public_url = public_url.trim_end_matches('/').to_owned();
        let brand = Branding {
            website_url: public_url.clone(),
            ..Branding::giggatek()
        };
        ShopMail {
            templates: Templates::new(brand),
            public_url,
        }
    }

    /// Returns the templates with the store's branding.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Returns settings for `giggatek_mail::campaign::queue_campaign`, which
    /// reads only their `public_url` to make each message's unsubscribe and
    /// open-tracking links. The mail workers' own settings set the sender.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Address`] when the branding's support address
    /// is invalid.
    pub fn campaign_settings(&self) -> Result<MailSettings, MailError> {
        let brand = self.templates.brand();
        let sender = EmailAddress::parse(&brand.support_email)?;
        Ok(MailSettings::new(&brand.store_name, sender, &self.public_url))
    }

    /// Returns the page where a customer chooses a new password with `token`.
    pub fn reset_url(&self, token: &str) -> String {
        format!("{}/password-reset?token={token}", self.public_url)
    }

    /// Returns the page that shows an order to its customer.
    pub fn order_url(&self, order_id: i64) -> String {
        format!("{}/orders/{order_id}", self.public_url)
    }

    /// Renders the reset link mail for `account`. The repository sets the
    /// idempotency key, which names the stored reset.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Address`] when the account's address cannot be
    /// mailed, and [`MailError::Template`] when rendering fails.
    pub fn password_reset(
        &self,
        account: &AccountRow,
        token: &str,
        expires_in_minutes: u32,
    ) -> Result<NewMail, MailError> {
        let recipient = Recipient::new(&account.name, EmailAddress::parse(&account.email)?);
        let data = PasswordReset {
            customer_name: account.name.clone(),
            reset_url: self.reset_url(token),
            expires_in_minutes,
        };
        let rendered = self.templates.render(&data, &Default::default())?;
        Ok(NewMail::new(recipient, rendered).customer(account.id))
    }

    /// Renders the confirmation of a paid order, keyed `order-paid:ID` so the
    /// order gets one confirmation however often its payment is reported.
    /// `customer_name` is the account's name, or `None` for a guest.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Address`] when the order's address cannot be
    /// mailed, and [`MailError::Template`] when rendering fails.
    pub fn order_confirmation(
        &self,
        order: &OrderRow,
        lines: &[OrderLineRow],
        customer_name: Option<&str>,
    ) -> Result<NewMail, MailError> {
        let name = customer_name.unwrap_or_default();
        let recipient = Recipient::new(name, EmailAddress::parse(&order.email)?);
        let mail_lines = lines
            .iter()
            .map(|line| MailLine {
                name: line.name.clone(),
                quantity: u32::try_from(line.quantity).unwrap_or(u32::MAX),
                amount: Money::from_cents(line.total_cents - line.tax_cents),
            })
            .collect();
        let data = OrderConfirmation {
            customer_name: if name.trim().is_empty() { GUEST_NAME } else { name }.to_owned(),
            order_number: order.id.to_string(),
            ordered_at: format_ordered_at(&order.created_at),
            lines: mail_lines,
            subtotal: Money::from_cents(order.subtotal_cents),
            tax: Money::from_cents(order.tax_cents),
            total: Money::from_cents(order.total_cents),
            order_url: self.order_url(order.id),
        };
        let rendered = self.templates.render(&data, &Default::default())?;
        let mut mail = NewMail::new(recipient, rendered).idempotency_key(&format!("order-paid:{}", order.id));
        if let Some(customer_id) = order.customer_id {
            mail = mail.customer(customer_id);
        }
        Ok(mail)
    }
}

/// Formats a stored instant for people; text that is not RFC 3339 is shown
/// as stored.
fn format_ordered_at(stored: &str) -> String {
    OffsetDateTime::parse(stored, &Rfc3339)
        .ok()
        .and_then(|instant| instant.format(ORDERED_AT_FORMAT).ok())
        .unwrap_or_else(|| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_at_reads_as_utc_words() {
        assert_eq!(
            format_ordered_at("2026-12-04T09:05:34.123456Z"),
            "Dec 4, 2026 09:05 UTC"
        );
    }

    #[test]
    fn links_drop_trailing_slash() {
        let mail = ShopMail::new("https://shop.example.com/");
        assert_eq!(
            mail.reset_url("abc"),
            "https://shop.example.com/password-reset?token=abc"
        );
        assert_eq!(mail.order_url(7), "https://shop.example.com/orders/7");
    }
}
