//! A real shop server for tests: the server's router on 127.0.0.1 with a
//! fresh database (SQLite or PostgreSQL), the shop's workers, and a
//! localstripe process whose webhooks are signed for and sent to it.

use std::net::SocketAddr;
use std::sync::Arc;

use giggatek_mail::smtp_test_server::fast_worker_config;
use giggatek_mail::{EmailAddress, MailSettings, SmtpConfig};
use giggatek_payments::localstripe::{Localstripe, TEST_SECRET_KEY};
use giggatek_sync_server::admin::{self, AdminCommand};
use giggatek_sync_server::config::DatabaseConfig;
use giggatek_sync_server::db::Database;
use giggatek_sync_server::mail::{MailConfig, MailWorkers};
use giggatek_sync_server::routes;
use giggatek_sync_server::shop::config::{Secret, ShopConfig};
use giggatek_sync_server::shop::workers::Workers;
use giggatek_sync_server::shop::{CheckoutHook, Shop};
use giggatek_sync_server::state::AppState;
use giggatek_sync_server::testing::{Backend, TestDatabase};
use serde_json::{Value, json};

pub const WEBHOOK_SECRET: &str = "whsec_giggatek_shop_test";
pub const SHOP_ORIGIN: &str = "https://shop.example.com";
/// The shop's public URL, which the links in its mail start with.
pub const SHOP_PUBLIC_URL: &str = "https://shop.example.com";
pub const STAFF_EMAIL: &str = "staff@example.com";
pub const STAFF_PASSWORD: &str = "staff-password-1";

/// A running shop; everything stops when it is dropped.
pub struct ShopApp {
    pub url: String,
    pub shop: Arc<Shop>,
    pub localstripe: Localstripe,
    pub client: reqwest::Client,
    workers: Option<Workers>,
    /// Dropping them stops them after the batch in progress.
    _mail_workers: Option<MailWorkers>,
    server: tokio::task::JoinHandle<()>,
    // Dropped last, after the server stops using it.
    database: TestDatabase,
}

impl Drop for ShopApp {
    fn drop(&mut self) {
        self.server.abort();
        if let Some(workers) = self.workers.take() {
            workers.stop();
        }
    }
}

/// Options for [`spawn`].
#[derive(Default)]
pub struct Options {
    pub checkout_hook: Option<CheckoutHook>,
    /// Leaves the background workers off, so a test applies events itself.
    pub without_workers: bool,
    /// The sales-tax rate in percent, such as "7.25"; 8.25 when absent.
    pub tax_rate: Option<&'static str>,
    /// Starts a mail worker that sends through this SMTP server.
    pub smtp: Option<SmtpConfig>,
}

pub async fn spawn(backend: Backend) -> ShopApp {
    spawn_with(backend, Options::default()).await
}

pub async fn spawn_with(backend: Backend, options: Options) -> ShopApp {
    let database = TestDatabase::create(backend);
    let config = match database.url() {
        Some(url) => DatabaseConfig::Postgres { url: url.to_owned() },
        None => DatabaseConfig::Sqlite {
            data_dir: database.data_dir(),
        },
    };
    let db = Database::connect(&config).await.expect("the database opens");
    db.migrate().await.expect("migrations apply");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let url = format!("http://{address}");
    let localstripe = Localstripe::start().expect("localstripe starts");
    localstripe
        .configure_webhook(&format!("{url}/webhooks/stripe"), WEBHOOK_SECRET)
        .expect("webhook configured");

    let shop_config = ShopConfig {
        stripe_secret_key: Some(Secret::new(TEST_SECRET_KEY)),
        stripe_api_base: Some(localstripe.base_url().to_owned()),
        webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
        allowed_origins: vec![SHOP_ORIGIN.to_owned()],
        public_url: SHOP_PUBLIC_URL.to_owned(),
        ..ShopConfig::default()
    };
    let mut shop_config = shop_config;
    if let Some(rate) = options.tax_rate {
        shop_config.tax.rate = giggatek_domain::Percent::parse(rate).expect("tax rate");
    }
    let mut shop = Shop::new(db.clone(), shop_config).expect("shop builds");
    shop.checkout_hook = options.checkout_hook;
    let shop = Arc::new(shop);
    let workers = (!options.without_workers).then(|| giggatek_sync_server::shop::workers::spawn(shop.clone()));
    let mail_workers = options
        .smtp
        .map(|smtp| MailWorkers::spawn(&db, &mail_config(smtp, &url)).expect("the mail worker starts"));
    let app = routes::router(AppState { db, shop: shop.clone() });
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    ShopApp {
        url,
        shop,
        localstripe,
        client: reqwest::Client::new(),
        workers,
        _mail_workers: mail_workers,
        server,
        database,
    }
}

/// Mail settings for a test: sender `orders@giggatek.example`, and short
/// waits so that a retry happens within the test.
fn mail_config(smtp: SmtpConfig, public_url: &str) -> MailConfig {
    MailConfig {
        smtp,
        settings: MailSettings::new(
            "GigGatek",
            EmailAddress::parse("orders@giggatek.example").expect("sender address"),
            public_url,
        ),
        workers: 1,
        worker: fast_worker_config(),
    }
}

/// A response's status and JSON body (`Value::Null` when empty).
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl ShopApp {
    /// Sends a request with an optional JSON body and extra headers.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, format!("{}{path}", self.url));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply { status, body, headers }
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.call("GET", path, None, headers).await
    }

    pub async fn post(&self, path: &str, body: Value, headers: &[(&str, &str)]) -> Reply {
        self.call("POST", path, Some(body), headers).await
    }

    /// Registers an account and logs in; returns the bearer header value.
    pub async fn customer(&self, email: &str, password: &str) -> String {
        let registered = self
            .post(
                "/api/accounts",
                json!({"email": email, "password": password, "name": "Ana Shopper"}),
                &[],
            )
            .await;
        assert_eq!(registered.status, 201, "register: {}", registered.body);
        self.log_in(email, password).await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> String {
        let session = self
            .post("/api/sessions", json!({"email": email, "password": password}), &[])
            .await;
        assert_eq!(session.status, 200, "log in: {}", session.body);
        format!("Bearer {}", session.body["token"].as_str().expect("token"))
    }

    /// Sets a new password with a reset token.
    pub async fn confirm_reset(&self, token: &str, new_password: &str) -> Reply {
        let body = json!({"token": token, "new_password": new_password});
        self.post("/api/password-resets/confirm", body, &[]).await
    }

    /// A signed-in staff account's bearer header value.
    pub async fn staff(&self) -> String {
        giggatek_sync_server::routes::shop::create_account(
            &self.shop,
            STAFF_EMAIL,
            STAFF_PASSWORD,
            "Sam Staff",
            None,
            "staff",
        )
        .await
        .expect("staff account");
        self.log_in(STAFF_EMAIL, STAFF_PASSWORD).await
    }

    /// Saves a product into the catalog through the staff API, with the
    /// SKU as its barcode, and sets its stock count the way a manager's
    /// stocktake does. `price` is sent as given (a JSON number or string).
    /// Returns the product's id in the shop.
    pub async fn product(&self, staff: &str, sku: &str, price: Value, taxable: bool, stock: i64) -> i64 {
        let body = json!({
            "barcode": sku,
            "name": format!("Product {sku}"),
            "category": "cpu",
            "price": price,
            "taxable": taxable,
        });
        let saved = self
            .call(
                "PUT",
                &format!("/api/admin/products/{sku}"),
                Some(body),
                &[("authorization", staff)],
            )
            .await;
        assert_eq!(saved.status, 200, "product: {}", saved.body);
        self.set_stock(sku, stock).await;
        saved.body["id"].as_i64().expect("product id")
    }

    /// Sets a SKU's stock count with `giggatek-server admin set-stock`'s code.
    pub async fn set_stock(&self, sku: &str, on_hand: i64) {
        let command = AdminCommand::SetStock {
            sku: sku.to_owned(),
            on_hand,
        };
        admin::run(&self.shop.db, command).await.expect("stock set");
    }

    /// Returns the server's stock count of a SKU, which terminals receive.
    pub async fn stock_on_hand(&self, sku: &str) -> i64 {
        let sql = "SELECT on_hand FROM stock_levels WHERE sku = $1";
        match &self.shop.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(sku).fetch_one(pool).await.expect("stock"),
            Database::Postgres(pool) => sqlx::query_scalar(sql).bind(sku).fetch_one(pool).await.expect("stock"),
        }
    }

    /// The test's database, for running the server's commands on it.
    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    /// Makes a cart; returns its id and token.
    pub async fn cart(&self, auth: Option<&str>) -> (String, String) {
        let headers: Vec<(&str, &str)> = auth.map(|auth| ("authorization", auth)).into_iter().collect();
        let cart = self.call("POST", "/api/carts", None, &headers).await;
        assert_eq!(cart.status, 201, "cart: {}", cart.body);
        (
            cart.body["cart_id"].as_str().expect("cart id").to_owned(),
            cart.body["cart_token"].as_str().expect("cart token").to_owned(),
        )
    }

    pub async fn add(&self, cart: &(String, String), product_id: i64, quantity: i64) -> Reply {
        self.call(
            "PUT",
            &format!("/api/carts/{}/items/{product_id}", cart.0),
            Some(json!({"quantity": quantity})),
            &[("x-cart-token", cart.1.as_str())],
        )
        .await
    }

    /// Checks out a guest cart with a card that succeeds.
    pub async fn checkout(&self, cart: &(String, String), extra_headers: &[(&str, &str)]) -> Reply {
        let mut headers = vec![("x-cart-token", cart.1.as_str())];
        headers.extend_from_slice(extra_headers);
        let body = json!({"cart_id": cart.0, "email": "guest@example.com", "payment_method": "pm_card_visa"});
        self.post("/api/checkout", body, &headers).await
    }

    /// Counts the mail jobs made from `template`, in any status.
    pub async fn mail_job_count(&self, template: &str) -> i64 {
        let sql = "SELECT COUNT(*) FROM mail_jobs WHERE template = $1";
        match &self.shop.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(template).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).bind(template).fetch_one(pool).await,
        }
        .expect("mail jobs counted")
    }

    /// Reads the plain-text body of the newest mail job made from `template`.
    pub async fn latest_mail_text(&self, template: &str) -> String {
        let sql = "SELECT body_text FROM mail_jobs WHERE template = $1 ORDER BY id DESC LIMIT 1";
        match &self.shop.db {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(template).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).bind(template).fetch_one(pool).await,
        }
        .expect("a mail job of the template")
    }

    /// Checks out a guest cart of one unit of a new product and pays it at
    /// localstripe; returns the order id, the PaymentIntent id and the cart
    /// once the order is paid.
    pub async fn paid_order(&self, staff: &str, sku: &str, price: &str) -> (i64, String, (String, String)) {
        let product = self.product(staff, sku, json!(price), false, 3).await;
        let cart = self.cart(None).await;
        self.add(&cart, product, 1).await;
        let checkout = self.checkout(&cart, &[]).await;
        let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
        let payment_intent = checkout.body["order"]["payment_intent_id"]
            .as_str()
            .expect("PaymentIntent")
            .to_owned();
        self.localstripe
            .confirm_payment_intent(&payment_intent)
            .await
            .expect("payment");
        self.wait_for_order(order_id, staff, |order| order["status"] == "paid")
            .await;
        (order_id, payment_intent, cart)
    }

    /// Polls the order until `done` holds for it; payment events arrive
    /// from localstripe about a second after the payment.
    pub async fn wait_for_order(&self, order_id: i64, staff: &str, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..600 {
            let order = self
                .get(&format!("/api/orders/{order_id}"), &[("authorization", staff)])
                .await;
            if done(&order.body) {
                return order.body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("order {order_id} did not reach the expected state within 60 s");
    }
}

/// Finds the reset link in a mail's text and returns the token it carries.
pub fn reset_token_in(text: &str) -> String {
    let prefix = format!("{SHOP_PUBLIC_URL}/password-reset?token=");
    let start = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("no reset link in:\n{text}"))
        + prefix.len();
    text[start..].chars().take_while(char::is_ascii_hexdigit).collect()
}
