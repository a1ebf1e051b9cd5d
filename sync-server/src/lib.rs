//! GigGatek's server: terminals upload their outbox here, each record is
//! stored exactly once under its client id, and changes flow back to the
//! terminals through a change feed.
//!
//! `main` only boots: [`cli::main`] parses the command line, and
//! [`startup::serve`] binds the socket and runs [`routes::router`] on an
//! [`state::AppState`], so tests can drive the same router.

pub mod admin;
pub mod admin_staff;
pub mod auth;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod db;
pub mod error;
pub mod mail;
pub mod rental_mail;
pub mod routes;
pub mod shop;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;
pub mod testing;
