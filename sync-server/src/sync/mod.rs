//! Rules for uploaded records, apart from HTTP and SQL.

pub mod rentals;
pub mod short_term;
pub mod validate;
