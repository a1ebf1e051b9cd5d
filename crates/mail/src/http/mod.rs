//! axum routers for the server to mount: the admin's job list and resend,
//! and the public unsubscribe and open-tracking links.

mod admin;
mod public;

pub use admin::admin_router;
pub use public::public_router;
