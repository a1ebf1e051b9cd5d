//! `GET /openapi.json`: the shop API's OpenAPI document, generated from the
//! route handlers' annotations so it cannot drift from the routes.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "GigGatek shop API", description = "Online shop: accounts, catalog, carts, checkout, orders, rent-to-own contracts, and the mail routes. Amounts are integer cents."),
    paths(
        super::accounts::register,
        super::accounts::log_in,
        super::accounts::log_out,
        super::accounts::profile,
        super::accounts::edit_profile,
        super::accounts::change_password,
        super::accounts::request_reset,
        super::accounts::confirm_reset,
        super::marketing::show,
        super::marketing::update,
        super::catalog::list,
        super::catalog::show,
        super::catalog::categories,
        super::cart::create,
        super::cart::show,
        super::cart::set_item,
        super::checkout::check_out,
        super::orders::list,
        super::orders::show,
        super::rentals::list,
        super::rentals::show,
        super::admin_products::upsert_product,
        super::admin::refund,
        super::admin::fulfil,
        super::admin_campaigns::send_campaign,
        super::webhooks::receive,
        super::mail_docs::list_jobs,
        super::mail_docs::count_jobs,
        super::mail_docs::show_job,
        super::mail_docs::resend_job,
        super::mail_docs::unsubscribe_page,
        super::mail_docs::unsubscribe,
        super::mail_docs::record_open,
    ),
    modifiers(&SessionAuth)
)]
pub struct ApiDoc;

/// Declares the `session` scheme: a bearer token from `POST /api/sessions`.
struct SessionAuth;

impl Modify for SessionAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
