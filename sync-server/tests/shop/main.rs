//! The online shop's API against a real server, real databases and
//! localstripe.

mod support;

mod accounts;
mod checkout;
mod cors;
mod mail;
mod mail_server;
mod openapi;
mod purchase;
mod webhooks;
