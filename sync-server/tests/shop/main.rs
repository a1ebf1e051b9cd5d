//! The online shop's API against a real server, real databases and
//! localstripe.

mod support;

mod accounts;
mod checkout;
mod cors;
mod enrolment;
mod expiry;
mod input;
mod mail;
mod mail_server;
mod marketing;
mod migration;
pub(crate) mod openapi;
mod purchase;
mod refunds;
mod rent_to_own;
mod rental_accounts;
mod staff;
mod store_catalog;
mod webhooks;
