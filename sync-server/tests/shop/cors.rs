//! CORS only for the configured shop origin, never echoing another origin
//! together with credentials.

use giggatek_sync_server::testing::Backend;

use crate::support::{self, SHOP_ORIGIN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_allows_only_configured_origin() {
    let app = support::spawn(Backend::Sqlite).await;
    let bearer = app.customer("cors@example.com", "correct-horse-9").await;
    let token = bearer.trim_start_matches("Bearer ").to_owned();
    let cookie = format!("giggatek_session={token}");

    for origin in [
        "https://evil.example.net",
        "https://shop.example.com.evil.example.net",
        "null",
    ] {
        let reply = app
            .get("/api/orders", &[("cookie", cookie.as_str()), ("origin", origin)])
            .await;
        assert_eq!(reply.status, 200, "the cookie authenticates");
        assert_eq!(
            reply.headers.get("access-control-allow-origin"),
            None,
            "origin {origin}"
        );
        assert_eq!(
            reply.headers.get("access-control-allow-credentials"),
            None,
            "origin {origin}"
        );
    }

    let allowed = app
        .get("/api/orders", &[("cookie", cookie.as_str()), ("origin", SHOP_ORIGIN)])
        .await;
    assert_eq!(allowed.status, 200);
    let header = |name: &str| {
        allowed
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("access-control-allow-origin").as_deref(), Some(SHOP_ORIGIN));
    assert_eq!(header("access-control-allow-credentials").as_deref(), Some("true"));
    let vary: Vec<String> = allowed
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|value| value.trim().to_lowercase())
        .collect();
    assert!(vary.contains(&"origin".to_owned()), "vary: {vary:?}");

    let preflight = app
        .call(
            "OPTIONS",
            "/api/orders",
            None,
            &[
                ("origin", "https://evil.example.net"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert_eq!(preflight.headers.get("access-control-allow-origin"), None);
    assert_eq!(preflight.headers.get("access-control-allow-credentials"), None);

    let allowed_preflight = app
        .call(
            "OPTIONS",
            "/api/orders",
            None,
            &[("origin", SHOP_ORIGIN), ("access-control-request-method", "GET")],
        )
        .await;
    let allow_origin = allowed_preflight
        .headers
        .get("access-control-allow-origin")
        .and_then(|value| value.to_str().ok());
    assert_eq!(allow_origin, Some(SHOP_ORIGIN));
}
