//! Tests of the mail crate against a real SMTP server and real databases.

mod admin;
mod delivery;
mod display_names;
mod marketing;
mod postgres_workers;
mod preview;
mod reminders;
mod smtp_restart;
mod support;
