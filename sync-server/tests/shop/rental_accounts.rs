//! A customer's rent-to-own contracts online: written at a terminal,
//! uploaded through the sync client, and shown to the shop account with
//! the customer's email, with today's buyout price under each policy.

use std::path::Path;
use std::sync::Arc;

use giggatek_domain::rental::{Term, UnitCondition};
use giggatek_domain::{CashRounding, Money, Percent, TaxRounding, TaxSettings, Tender};
use giggatek_store::{
    ContractDraft, ContractPaymentRequest, ContractRequest, CustomerDetails, FixedClock, NewUnit, Role, Staff, Store,
    StoreSettings,
};
use giggatek_sync_server::testing::Backend;
use jiff::civil::Date;
use jiff::{Span, Timestamp, ToSpan};

use crate::openapi::run_schemathesis;
use crate::store_catalog::{enrol, sync};
use crate::support::{self, ShopApp};

/// The email the clerk typed, in other capitals than the shop account's.
const STORE_EMAIL: &str = "Marta.Ilves@Example.com";
const ACCOUNT_EMAIL: &str = "marta.ilves@example.com";
const PASSWORD: &str = "correct-horse-9";

/// The store's policies and each one's buyout price for the worked
/// example: cash price 1,200.00, 52 weekly payments of 45.00, 20 paid on
/// time, so 1,440.00 of rent is unpaid.
const POLICY_QUOTES: [(&str, &str, i64); 3] = [
    // 1,200.00 x 1,440.00 / 2,340.00
    ("standard", "pro_rata", 73_846),
    // 55 % of 1,440.00
    ("share-of-unpaid", "share_of_unpaid", 79_200),
    // 1,200.00 less 50 % of the 900.00 paid
    ("half-of-paid", "cash_less_share_of_paid", 75_000),
];

/// 20 weekly payments plus 3 days: the 20th installment is paid and the
/// 21st is 4 days ahead, whatever the UTC hour of the run.
const DAYS_SINCE_START: i64 = 143;

/// A terminal's store set up for New York with a clerk, a manager and an
/// open shift.
struct Terminal {
    store: Store,
    clock: Arc<FixedClock>,
    clerk: Staff,
    manager: Staff,
}

impl Terminal {
    fn new(dir: &Path, start: Timestamp) -> Terminal {
        let mut store = Store::open(&dir.join("terminal.sqlite")).expect("terminal store");
        let clock = Arc::new(FixedClock::new(start));
        store.set_clock(clock.clone());
        store
            .save_settings(&StoreSettings {
                store_code: "S01".to_owned(),
                terminal_code: "T01".to_owned(),
                store_name: "GigGatek Midtown".to_owned(),
                store_address: vec!["350 5th Ave".to_owned(), "New York, NY 10118".to_owned()],
                tax: TaxSettings {
                    rate: Percent::parse("8.25").expect("rate"),
                    rounding: TaxRounding::PerLine,
                },
                cash_rounding: CashRounding::None,
                time_zone: "America/New_York".to_owned(),
            })
            .expect("settings");
        let manager = store
            .add_staff("900", "Max Manager", Role::Manager, "9876")
            .expect("manager");
        let clerk = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").expect("clerk");
        store.open_shift(&clerk, Money::from_cents(20_000)).expect("shift");
        Terminal {
            store,
            clock,
            clerk,
            manager,
        }
    }

    fn add_customer(&mut self) -> i64 {
        let details = CustomerDetails {
            full_name: "Marta Ilves".to_owned(),
            address: vec!["1 Main St".to_owned()],
            phone: "212-555-0101".to_owned(),
            email: STORE_EMAIL.to_owned(),
            id_document: "Passport TK1234567".to_owned(),
        };
        self.store
            .add_customer(&self.clerk, &new_id(), &details)
            .expect("customer")
            .id
    }

    /// Writes a contract for a 1,200.00 sofa at 52 weekly payments of 45.00
    /// under `policy`; returns its number.
    fn weekly_contract(&mut self, customer_id: i64, serial: &str, policy: &str) -> String {
        self.store.set_rental_policy(&self.manager, policy).expect("policy");
        let unit = NewUnit {
            serial_number: serial.to_owned(),
            description: "Sofa 3-seat".to_owned(),
            product: None,
            condition: UnitCondition::New,
            cost: Money::from_cents(60_000),
        };
        self.store.add_unit(&self.manager, &new_id(), &unit).expect("unit");
        let request = ContractRequest {
            client_id: new_id(),
            manager: self.manager.clone(),
            customer_id,
            co_signer_id: None,
            serial_number: serial.to_owned(),
            draft: ContractDraft {
                term: Term::Weekly,
                payment_count: 52,
                cash_price: Money::from_cents(120_000),
                total_of_payments: Money::from_cents(234_000),
                delivery_fee: Money::ZERO,
                damage_waiver: Money::ZERO,
                deposit: Money::ZERO,
            },
            initial_tenders: Vec::new(),
        };
        self.store.create_contract(&request).expect("contract").contract_number
    }

    /// Takes `cents` in cash on `contract_number` at `instant`.
    fn pay(&mut self, contract_number: &str, instant: Timestamp, cents: i64) {
        self.clock.set(instant);
        let payment = self.cash(contract_number, cents);
        self.store.take_contract_payment(&payment).expect("payment");
    }

    /// Buys out `contract_number` for `cents` in cash at `instant`.
    fn buy_out(&mut self, contract_number: &str, instant: Timestamp, cents: i64) {
        self.clock.set(instant);
        let payment = self.cash(contract_number, cents);
        self.store.buy_out_contract(&payment).expect("buyout");
    }

    fn cash(&self, contract_number: &str, cents: i64) -> ContractPaymentRequest {
        ContractPaymentRequest {
            client_id: new_id(),
            contract_number: contract_number.to_owned(),
            clerk: self.clerk.clone(),
            amount: Money::from_cents(cents),
            tenders: vec![Tender::Cash {
                tendered: Money::from_cents(cents),
            }],
        }
    }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Noon in New York (17:00 UTC in winter, 16:00 in summer) on `date`.
fn noon_in_new_york(date: Date) -> Timestamp {
    date.at(12, 0, 0, 0)
        .in_tz("America/New_York")
        .expect("New York time")
        .timestamp()
}

/// Returns the contract date of every contract: [`DAYS_SINCE_START`] days
/// before today's UTC date, which is the test server's "today".
fn start_date() -> Date {
    let today = Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    today.checked_sub(DAYS_SINCE_START.days()).expect("start date")
}

/// Noon in New York `days` after `start`.
fn noon_after(start: Date, days: i64) -> Timestamp {
    noon_in_new_york(start.checked_add(Span::new().days(days)).expect("date"))
}

/// Uploads the terminal's records through the sync client.
async fn upload(app: &ShopApp, terminal: Terminal) {
    let token = enrol(app).await;
    let (_, report) = sync(app, &token, terminal.store).await;
    assert_eq!(report.rejected, 0);
    assert_eq!(report.waiting, 0);
}

/// Writes one contract per policy, each with 20 payments on their due
/// dates, and uploads everything through the sync client. Returns the
/// start date and the contract numbers in policy order.
async fn contracts_synced(app: &ShopApp, dir: &Path) -> (Date, Vec<String>) {
    let start = start_date();
    let mut terminal = Terminal::new(dir, noon_in_new_york(start));
    let customer_id = terminal.add_customer();
    let mut numbers = Vec::new();
    for (index, (policy, _, _)) in POLICY_QUOTES.iter().enumerate() {
        terminal.clock.set(noon_in_new_york(start));
        numbers.push(terminal.weekly_contract(customer_id, &format!("SN-SOFA-{index}"), policy));
    }
    for week in 1..=20 {
        for number in &numbers {
            terminal.pay(number, noon_after(start, 7 * week), 4500);
        }
    }
    upload(app, terminal).await;
    (start, numbers)
}

fn day(start: Date, days: i64) -> String {
    start.checked_add(days.days()).expect("date").to_string()
}

async fn customer_sees_contracts(backend: Backend) {
    let app = support::spawn(backend).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let (start, numbers) = contracts_synced(&app, dir.path()).await;
    let marta = app.customer(ACCOUNT_EMAIL, PASSWORD).await;

    let listed = app.get("/api/rentals", &[("authorization", marta.as_str())]).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let contracts = listed.body.as_array().expect("a list");
    assert_eq!(contracts.len(), 3);
    for contract in contracts {
        assert!(
            numbers
                .iter()
                .any(|number| contract["contract_number"] == number.as_str())
        );
        assert_eq!(contract["store_code"], "S01");
        assert_eq!(contract["item"], "Sofa 3-seat");
        assert_eq!(contract["status"], "active");
        assert_eq!(contract["term"], "weekly");
        assert_eq!(contract["start_date"], start.to_string());
        assert_eq!(contract["cash_price_cents"], 120_000);
        assert_eq!(contract["periodic_payment_cents"], 4500);
        assert_eq!(contract["payment_count"], 52);
        assert_eq!(contract["total_of_payments_cents"], 234_000);
        assert_eq!(contract["paid_cents"], 90_000);
        assert_eq!(contract["rent_paid_cents"], 90_000);
        assert_eq!(contract["remaining_to_own_cents"], 144_000);
        assert_eq!(contract["next_due_date"], day(start, 147));
        assert_eq!(contract["next_due_cents"], 4500);
    }

    for (index, ((policy, formula, quote), number)) in POLICY_QUOTES.iter().zip(&numbers).enumerate() {
        let shown = app
            .get(&format!("/api/rentals/{number}"), &[("authorization", marta.as_str())])
            .await;
        assert_eq!(shown.status, 200, "{}", shown.body);
        let body = &shown.body;
        assert_eq!(body["contract_number"], number.as_str());
        assert_eq!(body["serial_number"], format!("SN-SOFA-{index}"));
        assert_eq!(body["rent_past_due_cents"], 0);
        assert_eq!(body["late_fees_owed_cents"], 0);
        let buyout = &body["buyout"];
        assert_eq!(buyout["policy_code"], *policy);
        assert_eq!(buyout["formula"], *formula);
        assert_eq!(buyout["rent_part_cents"], *quote);
        assert_eq!(buyout["late_fees_owed_cents"], 0);
        assert_eq!(buyout["total_cents"], *quote);
        // The test server's time zone is UTC, so "today" is the UTC date.
        assert_eq!(body["as_of"], day(start, DAYS_SINCE_START));
        assert_eq!(buyout["as_of"], body["as_of"]);

        let installments = body["installments"].as_array().expect("schedule");
        assert_eq!(installments.len(), 52);
        let first = &installments[0];
        assert_eq!(first["number"], 1);
        assert_eq!(first["due_date"], day(start, 7));
        assert_eq!(first["amount_cents"], 4500);
        assert_eq!(first["paid_cents"], 4500);
        assert_eq!(first["state"], "paid");
        assert_eq!(first["paid_on"], day(start, 7));
        assert_eq!(first["late_fee_cents"], 0);
        assert_eq!(installments[19]["state"], "paid");
        assert_eq!(installments[19]["paid_on"], day(start, 140));
        let next = &installments[20];
        assert_eq!(next["due_date"], day(start, 147));
        assert_eq!(next["paid_cents"], 0);
        assert_eq!(next["state"], "due");
        assert_eq!(next["paid_on"], serde_json::Value::Null);
        assert_eq!(installments[51]["due_date"], day(start, 364));
        let paid = installments.iter().filter(|i| i["state"] == "paid").count();
        assert_eq!(paid, 20);

        let payments = body["payments"].as_array().expect("payments");
        assert_eq!(payments.len(), 20);
        assert_eq!(payments[0]["kind"], "payment");
        assert_eq!(payments[0]["business_date"], day(start, 7));
        assert_eq!(payments[0]["amount_cents"], 4500);
        assert_eq!(payments[0]["rent_cents"], 4500);
        assert_eq!(payments[0]["late_fee_cents"], 0);
        assert_eq!(payments[19]["business_date"], day(start, 140));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_sees_contracts_sqlite() {
    customer_sees_contracts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_sees_contracts_postgres() {
    customer_sees_contracts(Backend::Postgres).await;
}

async fn others_never_see_contracts(backend: Backend) {
    let app = support::spawn(backend).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let (_, numbers) = contracts_synced(&app, dir.path()).await;
    let other = app.customer("marta.ilves@example.net", PASSWORD).await;
    let contract_path = format!("/api/rentals/{}", numbers[0]);

    let listed = app.get("/api/rentals", &[("authorization", other.as_str())]).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body, serde_json::json!([]));

    // Someone else's contract and a contract that does not exist get the
    // same reply, so it does not tell whether a number exists.
    let foreign = app.get(&contract_path, &[("authorization", other.as_str())]).await;
    assert_eq!(foreign.status, 404, "{}", foreign.body);
    assert_eq!(foreign.body["error"], "not_found");
    let missing = app
        .get("/api/rentals/S01-T01-R999999", &[("authorization", other.as_str())])
        .await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(missing.body["error"], "not_found");

    for path in ["/api/rentals", contract_path.as_str()] {
        let anonymous = app.get(path, &[]).await;
        assert_eq!(anonymous.status, 401, "{path}: {}", anonymous.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn others_never_see_contracts_sqlite() {
    others_never_see_contracts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn others_never_see_contracts_postgres() {
    others_never_see_contracts(Backend::Postgres).await;
}

/// Responses with real contracts match the OpenAPI document: the detail
/// route's documented example is the first contract's number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rentals_match_openapi() {
    let app = support::spawn(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let (_, numbers) = contracts_synced(&app, dir.path()).await;
    assert_eq!(numbers[0], "S01-T01-R000001");
    let marta = app.customer(ACCOUNT_EMAIL, PASSWORD).await;
    let shown = app
        .get("/api/rentals/S01-T01-R000001", &[("authorization", marta.as_str())])
        .await;
    assert_eq!(shown.status, 200, "{}", shown.body);

    let output = run_schemathesis(&app.url, &marta, &["--include-path-regex", "^/api/rentals"]).await;
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "schemathesis failed:\n{report}");
    assert!(
        report.contains("2 passed"),
        "schemathesis did not test both routes:\n{report}"
    );
    eprintln!("{report}");
}

/// Three standard contracts: one paid ahead by 20.00 today, one that
/// missed payments after 17 on time and 20.00 on the 18th due date, and
/// one bought out today after 20 payments.
async fn schedule_states_follow_money(backend: Backend) {
    let app = support::spawn(backend).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let start = start_date();
    let mut terminal = Terminal::new(dir.path(), noon_in_new_york(start));
    let customer_id = terminal.add_customer();
    let ahead = terminal.weekly_contract(customer_id, "SN-AHEAD", "standard");
    let behind = terminal.weekly_contract(customer_id, "SN-BEHIND", "standard");
    for week in 1..=20 {
        terminal.pay(&ahead, noon_after(start, 7 * week), 4500);
    }
    terminal.pay(&ahead, noon_after(start, DAYS_SINCE_START), 2000);
    for week in 1..=17 {
        terminal.pay(&behind, noon_after(start, 7 * week), 4500);
    }
    terminal.pay(&behind, noon_after(start, 126), 2000);
    let owned = terminal.weekly_contract(customer_id, "SN-OWNED", "standard");
    for week in 1..=20 {
        terminal.pay(&owned, noon_after(start, 7 * week), 4500);
    }
    terminal.buy_out(&owned, noon_after(start, DAYS_SINCE_START), 73_846);
    upload(&app, terminal).await;
    let marta = app.customer(ACCOUNT_EMAIL, PASSWORD).await;
    let auth = [("authorization", marta.as_str())];

    let shown = app.get(&format!("/api/rentals/{ahead}"), &auth).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let body = &shown.body;
    let states: Vec<&str> = body["installments"]
        .as_array()
        .expect("schedule")
        .iter()
        .map(|installment| installment["state"].as_str().expect("state"))
        .collect();
    assert_eq!(states[19], "paid");
    assert_eq!(states[20], "partly_paid");
    assert_eq!(states[21], "due");
    assert_eq!(body["installments"][20]["paid_cents"], 2000);
    assert_eq!(body["rent_paid_cents"], 92_000);
    assert_eq!(body["paid_cents"], 92_000);
    assert_eq!(body["remaining_to_own_cents"], 142_000);
    assert_eq!(body["next_due_date"], day(start, 147));
    assert_eq!(body["next_due_cents"], 2500);
    // 1,200.00 x 1,420.00 / 2,340.00 = 728.205...
    assert_eq!(body["buyout"]["total_cents"], 72_821);

    let shown = app.get(&format!("/api/rentals/{behind}"), &auth).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let body = &shown.body;
    let installments = body["installments"].as_array().expect("schedule");
    assert_eq!(installments[16]["state"], "paid");
    assert_eq!(installments[17]["state"], "overdue");
    assert_eq!(installments[17]["paid_cents"], 2000);
    assert_eq!(installments[17]["late_fee_cents"], 225);
    assert_eq!(installments[18]["state"], "overdue");
    assert_eq!(installments[18]["late_fee_cents"], 225);
    // The 20th is past due but still in its 3 days of grace: no fee yet.
    assert_eq!(installments[19]["state"], "overdue");
    assert_eq!(installments[19]["late_fee_cents"], 0);
    assert_eq!(installments[20]["state"], "due");
    assert_eq!(body["rent_paid_cents"], 78_500);
    assert_eq!(body["rent_past_due_cents"], 11_500);
    assert_eq!(body["late_fees_owed_cents"], 450);
    // 1,555.00 of rent unpaid plus 4.50 of late fees.
    assert_eq!(body["remaining_to_own_cents"], 155_950);
    assert_eq!(body["next_due_date"], day(start, 126));
    assert_eq!(body["next_due_cents"], 2500);
    // 1,200.00 x 1,440.00 / 2,340.00 plus 115.00 past due = 853.46, plus
    // 4.50 of late fees.
    let buyout = &body["buyout"];
    assert_eq!(buyout["rent_part_cents"], 85_346);
    assert_eq!(buyout["late_fees_owed_cents"], 450);
    assert_eq!(buyout["total_cents"], 85_796);

    let shown = app.get(&format!("/api/rentals/{owned}"), &auth).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let body = &shown.body;
    assert_eq!(body["status"], "bought_out");
    // 20 payments of 45.00 and the buyout of 738.46.
    assert_eq!(body["paid_cents"], 163_846);
    assert_eq!(body["rent_paid_cents"], 90_000);
    assert_eq!(body["remaining_to_own_cents"], 0);
    assert_eq!(body["next_due_date"], serde_json::Value::Null);
    assert_eq!(body["next_due_cents"], serde_json::Value::Null);
    assert_eq!(body["buyout"], serde_json::Value::Null);
    // The 20 paid installments stay paid; the other 32 ended with the buyout.
    let states: Vec<&str> = body["installments"]
        .as_array()
        .expect("installments")
        .iter()
        .map(|installment| installment["state"].as_str().expect("state"))
        .collect();
    assert_eq!(states.iter().filter(|state| **state == "paid").count(), 20);
    assert_eq!(states.iter().filter(|state| **state == "closed").count(), 32);
    let payments = body["payments"].as_array().expect("payments");
    assert_eq!(payments.len(), 21);
    assert_eq!(payments[20]["kind"], "buyout");
    assert_eq!(payments[20]["amount_cents"], 73_846);
    assert_eq!(payments[20]["business_date"], day(start, DAYS_SINCE_START));

    let listed = app.get("/api/rentals", &auth).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let statuses: Vec<&str> = listed
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|contract| contract["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses.len(), 3);
    assert_eq!(statuses.iter().filter(|status| **status == "active").count(), 2);
    assert_eq!(statuses.iter().filter(|status| **status == "bought_out").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_states_follow_money_sqlite() {
    schedule_states_follow_money(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_states_follow_money_postgres() {
    schedule_states_follow_money(Backend::Postgres).await;
}

/// A contract with a policy code the server does not know is rejected at
/// sync and stays in the terminal's outbox, and the others are listed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_policy_rejected_at_sync() {
    let app = support::spawn(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let start = start_date();
    let mut terminal = Terminal::new(dir.path(), noon_in_new_york(start));
    let customer_id = terminal.add_customer();
    let known = terminal.weekly_contract(customer_id, "SN-KNOWN", "standard");
    let unknown = terminal.weekly_contract(customer_id, "SN-UNKNOWN", "standard");
    // A policy code this server does not know, as from a newer terminal.
    let edited = terminal
        .store
        .connection()
        .execute(
            "UPDATE outbox SET payload = json_set(payload, '$.policy_code', 'us-zz')
             WHERE kind = 'contract' AND json_extract(payload, '$.contract_number') = ?1",
            [&unknown],
        )
        .expect("outbox edited");
    assert_eq!(edited, 1);
    let token = enrol(&app).await;
    let (store, report) = sync(&app, &token, terminal.store).await;
    assert_eq!(report.rejected, 1);
    let status = store.sync_status().expect("sync status");
    assert_eq!(status.rejected.len(), 1, "{:?}", status.rejected);
    assert_eq!(status.rejected[0].kind, "contract");
    assert_eq!(status.rejected[0].field, "payload.policy_code");
    assert!(
        status.rejected[0].message.contains("\"us-zz\" is not a rental policy"),
        "{}",
        status.rejected[0].message
    );

    let marta = app.customer(ACCOUNT_EMAIL, PASSWORD).await;
    let auth = [("authorization", marta.as_str())];

    let listed = app.get("/api/rentals", &auth).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let contracts = listed.body.as_array().expect("a list");
    assert_eq!(contracts.len(), 1);
    assert_eq!(contracts[0]["contract_number"], known.as_str());

    let shown = app.get(&format!("/api/rentals/{unknown}"), &auth).await;
    assert_eq!(shown.status, 404, "{}", shown.body);
}
