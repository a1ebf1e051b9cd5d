//! The mail crate's routers on the server: the public links from the mail
//! itself (`/mail/unsubscribe/{token}`, `/mail/open/{file}`) and the staff's
//! job list and resend under `/api/admin/mail/jobs`, behind the shop's
//! staff sign-in (no session: 401, a customer's session: 403).

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use giggatek_mail::http::{admin_router, public_router};
use giggatek_mail::jobs::MailStore;

use crate::db::Database;
use crate::shop::auth::Staff;
use crate::state::AppState;

/// Builds the public and the admin mail routes on the state's database.
pub fn router(state: &AppState) -> Router {
    let (public, admin) = match &state.db {
        Database::Sqlite(pool) => {
            let store = MailStore::new(pool.clone());
            (public_router(store.clone()), admin_router(store))
        }
        Database::Postgres(pool) => {
            let store = MailStore::new(pool.clone());
            (public_router(store.clone()), admin_router(store))
        }
    };
    let admin = admin
        .route_layer(middleware::from_fn_with_state(state.shop.clone(), require_staff))
        .layer(super::shop::cors_layer(&state.shop.config.allowed_origins));
    public.nest("/api/admin", admin)
}

/// Lets a request through only with a staff or admin session; the
/// [`Staff`] extractor rejects the others with the shop's 401 or 403.
async fn require_staff(staff: Staff, request: Request, next: Next) -> Response {
    tracing::debug!(staff_id = staff.0.customer_id, "mail admin request");
    next.run(request).await
}
