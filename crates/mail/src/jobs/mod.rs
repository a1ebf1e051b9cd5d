//! The mail outbox: jobs written in the transaction of the event that causes
//! them, claimed by workers under a lease, sent, and tracked.
//!
//! # Delivery guarantee
//!
//! A worker claims a job by setting `status = 'sending'`, a random lease
//! token and `locked_until`. On PostgreSQL the claim locks rows with
//! `FOR UPDATE SKIP LOCKED`, and on SQLite it runs in a `BEGIN IMMEDIATE`
//! transaction, so two workers never claim the same job while its lease
//! runs. After the SMTP server accepts the message, the worker marks the job
//! sent, and only if the lease token still matches.
//!
//! If the process dies between the server's acceptance and that mark, the
//! lease runs out and another worker sends the job again: delivery is at
//! least once in that window. The same is true of a send that times out
//! after the server has taken the message. The repeat carries the same
//! `Message-ID` (made from the job's random `message_key`), so receiving
//! mail systems can recognise it as a duplicate.
//!
//! NOTE: lease times come from each worker's own clock, so server clocks
//! must agree to well within the lease (10 minutes by default).

mod enqueue;
mod repository;
mod retry;
mod sql;
mod store;
mod types;
mod worker;

pub use enqueue::{enqueue, enqueue_postgres, enqueue_sqlite};
pub use repository::MailRepository;
pub use retry::RetryPolicy;
pub(crate) use store::later;
pub use store::{MailStore, PostgresMailStore, SqliteMailStore};
pub use types::{Attachment, ClaimedJob, Enqueued, JobId, JobStatus, JobSummary, NewMail, Outcome};
pub use worker::{BatchReport, Worker, WorkerConfig};
