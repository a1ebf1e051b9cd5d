//! Every message as HTML with a plain-text alternative, rendered by
//! minijinja from typed data inside the store's branded layout.
//!
//! Each message is a pair of files in `files/`: `NAME.html`, whose values
//! minijinja escapes for HTML, and `NAME.txt`, left as written. Both extend
//! the layout, which adds the store's name, address, support address and,
//! for marketing mail, the unsubscribe link and the open-tracking image.

mod catalog;
mod data;
mod rental_return;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, Output, State, Value, context, escape_formatter};
use serde::Serialize;

use giggatek_domain::Money;

use crate::MailError;
pub use catalog::{TEMPLATE_NAMES, render_named};
pub use data::{
    CallToAction, MailLine, Marketing, OrderConfirmation, PasswordReset, PaymentLine, RentalAgreement,
    RentalPaymentReceipt, RentalReminder, SaleReceipt,
};
pub use rental_return::RentalReturn;

/// Whether a message needs the customer's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailCategory {
    /// Mail the customer needs for something they did: receipts, reminders,
    /// password resets. Sent without marketing consent.
    Transactional,
    /// Offers and news. Sent only with consent, with an unsubscribe link.
    Marketing,
}

impl MailCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            MailCategory::Transactional => "transactional",
            MailCategory::Marketing => "marketing",
        }
    }

    /// Reads the value stored by [`MailCategory::as_str`].
    pub fn parse(text: &str) -> Option<MailCategory> {
        match text {
            "transactional" => Some(MailCategory::Transactional),
            "marketing" => Some(MailCategory::Marketing),
            _ => None,
        }
    }
}

/// The typed data of one kind of message.
pub trait MailTemplate: Serialize {
    /// The file stem in `files/`, also the name `giggatek-mail preview` takes.
    const NAME: &'static str;
    const CATEGORY: MailCategory;

    /// Formats the subject line. Customer text in it is cleaned of line
    /// breaks when the message is built.
    fn subject(&self, brand: &Branding) -> String;
}

/// The store's name and contact details printed in every message.
#[derive(Debug, Clone, Serialize)]
pub struct Branding {
    pub store_name: String,
    pub address_lines: Vec<String>,
    pub support_email: String,
    pub website_url: String,
    /// The header band and button colour, as CSS.
    pub accent_color: String,
}

impl Branding {
    /// Returns the branding of GigGatek's own stores, also used by the
    /// previews.
    pub fn giggatek() -> Branding {
        Branding {
            store_name: "GigGatek".to_string(),
            address_lines: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
            support_email: "help@giggatek.example".to_string(),
            website_url: "https://shop.giggatek.example".to_string(),
            accent_color: "#0b5fff".to_string(),
        }
    }
}

/// Links that belong to one recipient's copy of a message.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MessageLinks {
    /// The one-click unsubscribe page; set for marketing mail.
    pub unsubscribe_url: Option<String>,
    /// A 1x1 image whose loading records that the message was opened.
    pub open_pixel_url: Option<String>,
}

/// A rendered message, ready to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub template: &'static str,
    pub category: MailCategory,
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// The template engine with every message loaded and the store's branding.
#[derive(Debug)]
pub struct Templates {
    environment: Environment<'static>,
    brand: Branding,
}

impl Templates {
    pub fn new(brand: Branding) -> Templates {
        let mut environment = Environment::new();
        match SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
            Ok(syntax) => environment.set_syntax(syntax),
            Err(error) => tracing::error!(%error, "mail template syntax settings were rejected"),
        }
        environment.add_filter("money", format_money);
        environment.set_formatter(escape_html);
        for (name, source) in catalog::SOURCES {
            // The sources are compiled in, and a test renders each one, so a
            // syntax error cannot reach a running server.
            if let Err(error) = environment.add_template(name, source) {
                tracing::error!(template = name, %error, "mail template failed to compile");
            }
        }
        Templates { environment, brand }
    }

    pub fn brand(&self) -> &Branding {
        &self.brand
    }

    /// Renders the subject, the HTML and the text of a message.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Template`] when a template refers to data that
    /// is missing.
    pub fn render<T: MailTemplate>(&self, data: &T, links: &MessageLinks) -> Result<RenderedMail, MailError> {
        let subject = data.subject(&self.brand);
        let context = context! {
            brand => Serde(&self.brand),
            links => Serde(links),
            subject => &subject,
            data => Serde(data),
        };
        let render = |extension: &str| {
            let name = format!("{}.{extension}", T::NAME);
            self.environment
                .get_template(&name)
                .and_then(|template| template.render(&context))
                .map_err(|source| MailError::Template { template: name, source })
        };
        Ok(RenderedMail {
            template: T::NAME,
            category: T::CATEGORY,
            html: render("html")?,
            text: render("txt")?,
            subject,
        })
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` in HTML templates. minijinja's own
/// escaping also turns `/` into `&#x2f;`, which is valid HTML but makes
/// every link in the source unreadable to people and to link checkers.
fn escape_html(output: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let Some(text) = value
        .as_str()
        .filter(|_| matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe())
    else {
        return escape_formatter(output, state, value);
    };
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    output.write_str(&escaped).map_err(Error::from)
}

/// Formats integer cents as dollars with thousands separators: `$1,299.00`.
fn format_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${}", Money::from_cents(cents.saturating_abs()).grouped())
}
