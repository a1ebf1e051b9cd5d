//! The online shop's API against a real server, real databases and
//! localstripe.

mod support;

mod accounts;
mod checkout;
mod cors;
mod expiry;
mod mail;
mod mail_server;
mod migration;
mod openapi;
mod purchase;
mod rent_to_own;
mod staff;
mod store_catalog;
mod webhooks;
