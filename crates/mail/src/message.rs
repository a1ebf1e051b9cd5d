//! Builds the MIME message of a job: headers encoded by [`crate::headers`],
//! a multipart/alternative text and HTML body, and attachments.

use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::MailError;
use crate::address::EmailAddress;
use crate::config::MailSettings;
use crate::headers::{format_mailbox, sanitize_header_text};
use crate::jobs::ClaimedJob;

/// A message ready for SMTP: the envelope and the RFC 5322 bytes.
#[derive(Debug)]
pub struct OutgoingMessage {
    pub envelope: Envelope,
    pub bytes: Vec<u8>,
}

/// Formats the Message-ID of a job: `<message_key@domain>`. A retry of the same job
/// keeps it, so a repeat delivery is recognisable as a duplicate.
pub fn message_id(message_key: &str, settings: &MailSettings) -> String {
    format!("<{message_key}@{}>", settings.message_id_domain)
}

/// Formats the one-click unsubscribe URL for a consent's token.
pub fn unsubscribe_url(settings: &MailSettings, token: &str) -> String {
    format!("{}/mail/unsubscribe/{token}", settings.public_url)
}

/// Formats the open-tracking image URL of a message.
pub fn open_pixel_url(settings: &MailSettings, message_key: &str) -> String {
    format!("{}/mail/open/{message_key}.gif", settings.public_url)
}

/// Builds the message for a claimed job.
///
/// # Errors
///
/// Returns [`MailError::Message`] when a stored address is no longer valid
/// or an attachment's content type cannot be parsed.
pub fn build_message(job: &ClaimedJob, settings: &MailSettings) -> Result<OutgoingMessage, MailError> {
    let invalid = |reason: String| MailError::Message {
        job_id: job.id.0,
        reason,
    };
    let to = EmailAddress::parse(&job.to_email).map_err(|error| invalid(format!("recipient: {error}")))?;
    let from_address = lettre_address(&settings.from_address).map_err(&invalid)?;
    let to_address = lettre_address(&to).map_err(&invalid)?;
    let envelope =
        Envelope::new(Some(from_address), vec![to_address]).map_err(|error| invalid(format!("envelope: {error}")))?;

    let mut builder = Message::builder()
        .raw_header(pre_encoded(
            "From",
            format_mailbox(&settings.from_name, &settings.from_address),
        ))
        .raw_header(pre_encoded("To", format_mailbox(&job.to_name, &to)))
        .subject(sanitize_header_text(&job.subject))
        .message_id(Some(message_id(&job.message_key, settings)))
        .date_now()
        .envelope(envelope.clone());
    if let Some(token) = &job.unsubscribe_token {
        let url = unsubscribe_url(settings, token);
        builder = builder
            .raw_header(pre_encoded("List-Unsubscribe", format!("<{url}>")))
            .raw_header(pre_encoded(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }

    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(job.text.clone()))
        .singlepart(SinglePart::html(job.html.clone()));
    let message = if job.attachments.is_empty() {
        builder.multipart(alternative)
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for attachment in &job.attachments {
            let content_type = ContentType::parse(&attachment.content_type)
                .map_err(|error| invalid(format!("attachment content type: {error}")))?;
            let filename = sanitize_header_text(&attachment.filename);
            mixed = mixed.singlepart(MimeAttachment::new(filename).body(attachment.content.clone(), content_type));
        }
        builder.multipart(mixed)
    }
    .map_err(|error| invalid(error.to_string()))?;

    Ok(OutgoingMessage {
        envelope,
        bytes: message.formatted(),
    })
}

fn lettre_address(address: &EmailAddress) -> Result<Address, String> {
    address.as_str().parse().map_err(|error| format!("address: {error}"))
}

/// Makes a header whose value is already encoded. Only values made from
/// sanitised names, parsed addresses and URLs built here reach this, so
/// they contain no line breaks and only ASCII.
fn pre_encoded(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::dangerous_new_pre_encoded(HeaderName::new_from_ascii_str(name), value.clone(), value)
}
