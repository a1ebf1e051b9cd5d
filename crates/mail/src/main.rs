//! `giggatek-mail`: prints a message as the store would send it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use giggatek_mail::jobs::{ClaimedJob, JobId};
use giggatek_mail::message::build_message;
use giggatek_mail::templates::{
    Branding, MailCategory, MailTemplate, Marketing, MessageLinks, RenderedMail, TEMPLATE_NAMES, Templates,
    render_named,
};
use giggatek_mail::{EmailAddress, MailError, MailSettings};

#[derive(Debug, Parser)]
#[command(name = "giggatek-mail", about = "Previews the store's email messages")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prints one message rendered with sample data or with --data. Without
    /// --html or --text it prints the whole MIME message.
    Preview {
        /// The template: order_confirmation, receipt, rental_payment_receipt,
        /// rental_reminder, rental_return, password_reset, rental_agreement
        /// or marketing.
        template: String,
        /// Print only the HTML part.
        #[arg(long, conflicts_with = "text")]
        html: bool,
        /// Print only the plain-text part.
        #[arg(long)]
        text: bool,
        /// A JSON file with the template's data in place of the sample.
        #[arg(long, value_name = "FILE.json")]
        data: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let Command::Preview {
        template,
        html,
        text,
        data,
    } = Cli::parse().command;
    match preview(&template, html, text, data) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("giggatek-mail: {message}");
            ExitCode::from(2)
        }
    }
}

fn preview(template: &str, html: bool, text: bool, data: Option<PathBuf>) -> Result<String, String> {
    if !TEMPLATE_NAMES.contains(&template) {
        return Err(format!(
            "unknown template {template:?}; choose one of {}",
            TEMPLATE_NAMES.join(", ")
        ));
    }
    let data = data.as_deref().map(read_json).transpose()?;
    let sender = EmailAddress::parse("orders@giggatek.example").map_err(|error| error.to_string())?;
    let settings = MailSettings::new("GigGatek", sender, "https://shop.giggatek.example");
    let templates = Templates::new(Branding::giggatek());

    // Only marketing mail carries an unsubscribe link.
    let links = MessageLinks {
        unsubscribe_url: (template == Marketing::NAME)
            .then(|| giggatek_mail::message::unsubscribe_url(&settings, "preview")),
        open_pixel_url: None,
    };
    let rendered = render_named(&templates, template, data, &links).map_err(|error| error.to_string())?;
    if html {
        return Ok(rendered.html);
    }
    if text {
        return Ok(rendered.text);
    }

    let message = build_message(&sample_job(rendered), &settings).map_err(|error: MailError| error.to_string())?;
    String::from_utf8(message.bytes).map_err(|error| format!("message is not UTF-8: {error}"))
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let json = std::fs::read_to_string(path).map_err(|error| format!("failed to read {}: {error}", path.display()))?;
    serde_json::from_str(&json).map_err(|error| format!("{} is not valid JSON: {error}", path.display()))
}

/// Wraps a rendered message in a job for a sample customer whose display
/// name needs encoding.
fn sample_job(rendered: RenderedMail) -> ClaimedJob {
    let marketing = rendered.category == MailCategory::Marketing;
    ClaimedJob {
        id: JobId(0),
        message_key: "preview".to_string(),
        category: rendered.category,
        customer_id: None,
        unsubscribe_token: marketing.then(|| "preview".to_string()),
        to_name: "Núñez, Lucía".to_string(),
        to_email: "lucia.nunez@example.com".to_string(),
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        attempts: 0,
        max_attempts: 1,
        lease_token: String::new(),
        attachments: Vec::new(),
    }
}
