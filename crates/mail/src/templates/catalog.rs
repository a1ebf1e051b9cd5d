//! The template files compiled into the crate, and rendering by name for
//! the preview command.

use serde::de::DeserializeOwned;

use super::MailTemplate;
use super::data::samples;
use super::{
    Marketing, MessageLinks, OrderConfirmation, PasswordReset, RenderedMail, RentalAgreement, RentalPaymentReceipt,
    RentalReminder, RentalReturn, SaleReceipt, Templates, rental_return,
};
use crate::MailError;

/// Each template file and its source, loaded into the engine at start.
pub(super) const SOURCES: [(&str, &str); 20] = [
    ("layout.html", include_str!("files/layout.html")),
    ("layout.txt", include_str!("files/layout.txt")),
    ("lines.html", include_str!("files/lines.html")),
    ("lines.txt", include_str!("files/lines.txt")),
    ("order_confirmation.html", include_str!("files/order_confirmation.html")),
    ("order_confirmation.txt", include_str!("files/order_confirmation.txt")),
    ("receipt.html", include_str!("files/receipt.html")),
    ("receipt.txt", include_str!("files/receipt.txt")),
    (
        "rental_payment_receipt.html",
        include_str!("files/rental_payment_receipt.html"),
    ),
    (
        "rental_payment_receipt.txt",
        include_str!("files/rental_payment_receipt.txt"),
    ),
    ("rental_return.html", include_str!("files/rental_return.html")),
    ("rental_return.txt", include_str!("files/rental_return.txt")),
    ("rental_reminder.html", include_str!("files/rental_reminder.html")),
    ("rental_reminder.txt", include_str!("files/rental_reminder.txt")),
    ("password_reset.html", include_str!("files/password_reset.html")),
    ("password_reset.txt", include_str!("files/password_reset.txt")),
    ("rental_agreement.html", include_str!("files/rental_agreement.html")),
    ("rental_agreement.txt", include_str!("files/rental_agreement.txt")),
    ("marketing.html", include_str!("files/marketing.html")),
    ("marketing.txt", include_str!("files/marketing.txt")),
];

/// The names `render_named` takes.
pub const TEMPLATE_NAMES: [&str; 8] = [
    OrderConfirmation::NAME,
    SaleReceipt::NAME,
    RentalPaymentReceipt::NAME,
    RentalReminder::NAME,
    RentalReturn::NAME,
    PasswordReset::NAME,
    RentalAgreement::NAME,
    Marketing::NAME,
];

/// Renders the template called `name` with `data` (JSON of that template's
/// type) or, when `data` is `None`, with its sample data.
///
/// # Errors
///
/// Returns [`MailError::UnknownTemplate`] for a name not in
/// [`TEMPLATE_NAMES`], [`MailError::TemplateData`] when the JSON does not fit
/// the template's type, and [`MailError::Template`] when rendering fails.
pub fn render_named(
    templates: &Templates,
    name: &str,
    data: Option<serde_json::Value>,
    links: &MessageLinks,
) -> Result<RenderedMail, MailError> {
    match name {
        OrderConfirmation::NAME => render_with(templates, data, samples::order_confirmation, links),
        SaleReceipt::NAME => render_with(templates, data, samples::receipt, links),
        RentalPaymentReceipt::NAME => render_with(templates, data, samples::rental_payment_receipt, links),
        RentalReminder::NAME => render_with(templates, data, samples::rental_reminder, links),
        RentalReturn::NAME => render_with(templates, data, rental_return::sample, links),
        PasswordReset::NAME => render_with(templates, data, samples::password_reset, links),
        RentalAgreement::NAME => render_with(templates, data, samples::rental_agreement, links),
        Marketing::NAME => render_with(templates, data, samples::marketing, links),
        other => Err(MailError::UnknownTemplate(other.to_string())),
    }
}

fn render_with<T: MailTemplate + DeserializeOwned>(
    templates: &Templates,
    data: Option<serde_json::Value>,
    sample: fn() -> T,
    links: &MessageLinks,
) -> Result<RenderedMail, MailError> {
    let data = match data {
        Some(json) => serde_json::from_value(json).map_err(|source| MailError::TemplateData {
            template: T::NAME.to_string(),
            source,
        })?,
        None => sample(),
    };
    templates.render(&data, links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::Branding;

    #[test]
    fn every_template_renders_its_sample() {
        let templates = Templates::new(Branding::giggatek());
        let links = MessageLinks {
            unsubscribe_url: Some("https://shop.giggatek.example/mail/unsubscribe/t".to_string()),
            open_pixel_url: None,
        };
        for name in TEMPLATE_NAMES {
            let rendered = render_named(&templates, name, None, &links).unwrap();
            assert!(rendered.html.contains("GigGatek"), "{name} html");
            assert!(rendered.text.contains("GigGatek"), "{name} text");
            assert!(!rendered.subject.is_empty(), "{name} subject");
            assert!(rendered.text.contains("/mail/unsubscribe/t"), "{name} unsubscribe");
        }
    }

    #[test]
    fn html_escapes_customer_text() {
        let templates = Templates::new(Branding::giggatek());
        let rendered = render_named(&templates, "order_confirmation", None, &MessageLinks::default()).unwrap();
        assert!(rendered.html.contains("&lt;2x16 GB&gt;"));
        assert!(rendered.text.contains("<2x16 GB>"));
        assert!(rendered.html.contains("$549.99"));
        assert!(rendered.text.contains("Total: $833.49"));
    }

    #[test]
    fn unknown_template_is_an_error() {
        let templates = Templates::new(Branding::giggatek());
        let error = render_named(&templates, "invoice", None, &MessageLinks::default()).unwrap_err();
        assert!(matches!(error, MailError::UnknownTemplate(name) if name == "invoice"));
    }

    #[test]
    fn data_json_must_fit_template() {
        let templates = Templates::new(Branding::giggatek());
        let json = serde_json::json!({"customer_name": "A"});
        let error = render_named(&templates, "password_reset", Some(json), &MessageLinks::default()).unwrap_err();
        assert!(matches!(error, MailError::TemplateData { .. }));
    }
}
