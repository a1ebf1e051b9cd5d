//! Accounts: registration, log-in throttling, profile, password change and
//! password reset.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support::{self, ShopApp};

/// Reads the token from the link in the newest password-reset mail.
async fn reset_token(app: &ShopApp) -> String {
    let text = app.latest_mail_text("password_reset").await;
    support::reset_token_in(&text)
}

async fn expire_reset_tokens(app: &ShopApp) {
    let sql = "UPDATE password_resets SET expires_at = '2000-01-01T00:00:00.000000Z'";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(drop).expect("update"),
        Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop).expect("update"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_profile() {
    let app = support::spawn(Backend::Postgres).await;
    let bearer = app.customer("lucia@example.com", "correct-horse-9").await;

    let again = app
        .post(
            "/api/accounts",
            json!({"email": " Lucia@Example.com ", "password": "another-pass-1", "name": "Other"}),
            &[],
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body["error"], "email_taken");

    let short = app
        .post(
            "/api/accounts",
            json!({"email": "x@example.com", "password": "short", "name": "X"}),
            &[],
        )
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(short.body["field"], "password");

    let bad_email = app
        .post(
            "/api/accounts",
            json!({"email": "nobody", "password": "long-enough-1", "name": "X"}),
            &[],
        )
        .await;
    assert_eq!(bad_email.status, 422);
    assert_eq!(bad_email.body["field"], "email");

    let profile = app.get("/api/account", &[("authorization", bearer.as_str())]).await;
    assert_eq!(profile.status, 200);
    assert_eq!(profile.body["email"], "lucia@example.com");
    assert_eq!(profile.body["role"], "customer");

    let edited = app
        .call(
            "PATCH",
            "/api/account",
            Some(json!({"name": "Núñez, Lucía", "phone": "+1 212 555 0100"})),
            &[("authorization", bearer.as_str())],
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.body["name"], "Núñez, Lucía");
    assert_eq!(edited.body["phone"], "+1 212 555 0100");

    let anonymous = app.get("/api/account", &[]).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.body["error"], "unauthorized");

    let logged_out = app
        .call(
            "DELETE",
            "/api/sessions/current",
            None,
            &[("authorization", bearer.as_str())],
        )
        .await;
    assert_eq!(logged_out.status, 204);
    assert_eq!(
        app.get("/api/account", &[("authorization", bearer.as_str())])
            .await
            .status,
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_are_throttled() {
    let app = support::spawn(Backend::Sqlite).await;
    app.customer("marta@example.com", "correct-horse-9").await;
    for _ in 0..5 {
        let wrong = app
            .post(
                "/api/sessions",
                json!({"email": "marta@example.com", "password": "wrong-password"}),
                &[],
            )
            .await;
        assert_eq!(wrong.status, 401);
    }
    let throttled = app
        .post(
            "/api/sessions",
            json!({"email": "marta@example.com", "password": "correct-horse-9"}),
            &[],
        )
        .await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.body["error"], "too_many_requests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_change_and_reset() {
    let app = support::spawn(Backend::Sqlite).await;
    let first = app.customer("zoe@example.com", "correct-horse-9").await;
    let second = app.log_in("zoe@example.com", "correct-horse-9").await;

    let changed = app
        .post(
            "/api/account/password",
            json!({"current_password": "correct-horse-9", "new_password": "battery-staple-7"}),
            &[("authorization", first.as_str())],
        )
        .await;
    assert_eq!(changed.status, 204, "{}", changed.body);
    assert_eq!(
        app.get("/api/account", &[("authorization", first.as_str())])
            .await
            .status,
        200
    );
    assert_eq!(
        app.get("/api/account", &[("authorization", second.as_str())])
            .await
            .status,
        401
    );

    let requested = app
        .post("/api/password-resets", json!({"email": "zoe@example.com"}), &[])
        .await;
    assert_eq!(requested.status, 202);
    let unknown = app
        .post("/api/password-resets", json!({"email": "nobody@example.com"}), &[])
        .await;
    assert_eq!(unknown.status, 202);
    let token = reset_token(&app).await;

    let confirmed = app.confirm_reset(&token, "reset-password-3").await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.body);
    assert_eq!(
        app.get("/api/account", &[("authorization", first.as_str())])
            .await
            .status,
        401
    );
    app.log_in("zoe@example.com", "reset-password-3").await;

    let reused = app.confirm_reset(&token, "another-pass-4").await;
    assert_eq!(reused.status, 422);
    assert_eq!(reused.body["field"], "token");

    app.post("/api/password-resets", json!({"email": "zoe@example.com"}), &[])
        .await;
    let late_token = reset_token(&app).await;
    expire_reset_tokens(&app).await;
    let expired = app.confirm_reset(&late_token, "another-pass-4").await;
    assert_eq!(expired.status, 422);
}
