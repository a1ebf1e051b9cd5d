//! The values that go into and come out of the outbox.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;

use crate::address::Recipient;
use crate::templates::{MailCategory, RenderedMail};

/// The attempts after which a job is marked failed, unless set otherwise.
const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// The key of a mail job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct JobId(pub i64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The delivery status of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for its first attempt at `next_attempt_at`.
    Queued,
    /// Claimed by a worker whose lease has not run out.
    Sending,
    /// An attempt failed for a reason that may pass; retried at `next_attempt_at`.
    Deferred,
    /// The SMTP server accepted the message.
    Sent,
    /// Rejected permanently, or out of attempts.
    Failed,
    /// Not sent because the customer withdrew consent or the reason for the
    /// mail went away (a reminder for an installment already paid).
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 6] = [
        JobStatus::Queued,
        JobStatus::Sending,
        JobStatus::Deferred,
        JobStatus::Sent,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Sending => "sending",
            JobStatus::Deferred => "deferred",
            JobStatus::Sent => "sent",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file sent with a message, such as a signed rental agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// A MIME type: `application/pdf`.
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub recipient: Recipient,
    pub rendered: RenderedMail,
    /// The key of the causing event (`order:W-2026-000123:confirmation`): a
    /// second enqueue with the same key returns the first job.
    pub idempotency_key: Option<String>,
    /// Required for marketing mail, whose consent is checked by customer.
    pub customer_id: Option<i64>,
    pub attachments: Vec<Attachment>,
    /// The first attempt's time; `None` sends as soon as a worker is free.
    pub send_at: Option<Timestamp>,
    pub max_attempts: u32,
    pub(crate) campaign_id: Option<i64>,
    pub(crate) unsubscribe_token: Option<String>,
    /// A random UUID; the Message-ID and the open-tracking link use it.
    pub(crate) message_key: String,
}

impl NewMail {
    pub fn new(recipient: Recipient, rendered: RenderedMail) -> NewMail {
        NewMail {
            recipient,
            rendered,
            idempotency_key: None,
            customer_id: None,
            attachments: Vec::new(),
            send_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            campaign_id: None,
            unsubscribe_token: None,
            message_key: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    pub fn idempotency_key(mut self, key: &str) -> NewMail {
        self.idempotency_key = Some(key.to_string());
        self
    }

    pub fn customer(mut self, customer_id: i64) -> NewMail {
        self.customer_id = Some(customer_id);
        self
    }

    pub fn attach(mut self, attachment: Attachment) -> NewMail {
        self.attachments.push(attachment);
        self
    }

    pub fn send_at(mut self, instant: Timestamp) -> NewMail {
        self.send_at = Some(instant);
        self
    }

    pub fn max_attempts(mut self, attempts: u32) -> NewMail {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn message_key(&self) -> &str {
        &self.message_key
    }
}

/// The result of an enqueue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Created(JobId),
    /// A job with the same idempotency key was already there.
    Existing(JobId),
}

impl Enqueued {
    pub fn id(self) -> JobId {
        match self {
            Enqueued::Created(id) | Enqueued::Existing(id) => id,
        }
    }
}

/// A job a worker holds under a lease, with everything needed to send it.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: JobId,
    pub message_key: String,
    pub category: MailCategory,
    pub customer_id: Option<i64>,
    pub unsubscribe_token: Option<String>,
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// Attempts that reached the SMTP server before this one.
    pub attempts: u32,
    pub max_attempts: u32,
    pub lease_token: String,
    pub attachments: Vec<Attachment>,
}

/// A job as the admin list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct JobSummary {
    pub id: JobId,
    pub template: String,
    pub category: String,
    pub status: JobStatus,
    pub to_email: String,
    pub subject: String,
    /// The random part of the Message-ID, `<message_key@sender-domain>`.
    pub message_key: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub next_attempt_at: String,
    pub smtp_code: Option<i64>,
    pub smtp_reply: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub bounced_at: Option<String>,
    pub opened_at: Option<String>,
    pub resent_from_job_id: Option<i64>,
}

/// The result of one attempt, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server accepted the message with this reply.
    Sent { code: u16, reply: String },
    /// Try again at `retry_at`. `counted` is false when the server could not
    /// be reached at all, so the attempt does not use up the job's attempts.
    Deferred {
        retry_at: Timestamp,
        code: Option<u16>,
        reply: String,
        counted: bool,
    },
    /// Given up: a permanent (5xx) rejection, which is also stored as a
    /// bounce, or the last allowed attempt failed.
    ///
    /// NOTE: only rejections during the SMTP conversation count as bounces.
    /// Bounce messages that arrive later at the sender address are not read.
    Failed {
        code: Option<u16>,
        reply: String,
        bounced: bool,
    },
    /// Not sent, for the reason given.
    Cancelled { reason: String },
}
