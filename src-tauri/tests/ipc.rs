//! Commands called through Tauri's IPC on the mock runtime: no window or
//! display, but the real store, the real capability checks and JSON as the
//! window sends it.

use std::path::Path;

use giggatek_domain::{CashRounding, Percent, TaxRounding, TaxSettings};
use giggatek_store::{Role, Store, StoreSettings};
use giggatek_terminal::config::Paths;
use giggatek_terminal::state::AppState;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// The demo catalog: AMD Ryzen 5 7600 at 19.99 is product 1, barcode
/// 2000000000015; G.Skill Ripjaws V 8 GB at 8.29 is product 3, barcode
/// 2000000000039.
const RYZEN: &str = "2000000000015";
const MEMORY: &str = "2000000000039";
/// The serial number of the one unit in rental stock.
const SOFA: &str = "SN-SOFA-1";

struct Terminal {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _folder: tempfile::TempDir,
}

impl Terminal {
    fn new() -> Terminal {
        let folder = tempfile::tempdir().unwrap();
        let mut store = Store::open(&folder.path().join("store.sqlite")).unwrap();
        store
            .save_settings(&StoreSettings {
                store_code: "S01".to_string(),
                terminal_code: "T01".to_string(),
                store_name: "GigGatek Test".to_string(),
                store_address: vec!["12 Main St".to_string()],
                tax: TaxSettings {
                    rate: Percent::parse("8.25").unwrap(),
                    rounding: TaxRounding::PerLine,
                },
                cash_rounding: CashRounding::None,
                time_zone: "America/New_York".to_string(),
            })
            .unwrap();
        store.add_staff("1001", "Ana Clerk", Role::Clerk, "1234").unwrap();
        let manager = store.add_staff("9001", "Max Manager", Role::Manager, "9876").unwrap();
        let sofa = giggatek_store::NewUnit {
            serial_number: SOFA.to_string(),
            description: "Sofá Ñandú 3-plazas".to_string(),
            product: None,
            condition: giggatek_domain::rental::UnitCondition::New,
            cost: giggatek_domain::Money::from_cents(60_000),
        };
        store
            .add_unit(&manager, &uuid::Uuid::now_v7().to_string(), &sofa)
            .unwrap();
        let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/catalog");
        store.import_catalog(&catalog, &mut |_| {}).unwrap();

        let paths = Paths::resolve(&[], None, folder.path());
        let app = giggatek_terminal::with_commands(mock_builder())
            .manage(AppState::new(Ok(store), paths))
            .build(giggatek_terminal::context())
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Terminal {
            _app: app,
            window,
            _folder: folder,
        }
    }

    fn call(&self, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, command: &str, args: Value) -> Value {
        match self.call(command, args) {
            Ok(value) => value,
            Err(error) => panic!("{command} failed: {error}"),
        }
    }

    fn err(&self, command: &str, args: Value) -> Value {
        match self.call(command, args) {
            Ok(value) => panic!("{command} succeeded with {value}"),
            Err(error) => error,
        }
    }

    fn open_till(&self) {
        self.ok("sign_in", json!({ "code": "1001", "pin": "1234" }));
        self.ok("open_shift", json!({ "opening_float": "200.00" }));
    }
}

#[test]
fn sale_charged_twice_records_once() {
    let terminal = Terminal::new();
    terminal.open_till();
    terminal.ok("scan_code", json!({ "code": RYZEN }));
    let cart = terminal.ok("scan_code", json!({ "code": MEMORY }));
    assert_eq!(cart["subtotal"], 2828);
    assert_eq!(cart["tax"], 233);
    assert_eq!(cart["total"], 3061);

    let start = terminal.ok("begin_tender", json!({}));
    assert_eq!(start["total"], 3061);
    let tenders = json!({ "tenders": [{ "kind": "cash", "tendered": "40" }] });
    let first = terminal.ok("complete_sale", tenders.clone());
    let second = terminal.ok("complete_sale", tenders);
    assert_eq!(first["receipt_number"], "S01-T01-000001");
    assert_eq!(first["change"], 939);
    assert_eq!(first["replayed"], false);
    assert_eq!(second["receipt_number"], "S01-T01-000001");
    assert_eq!(second["replayed"], true);

    let report = terminal.ok("x_report", json!({}));
    assert_eq!(report["activity"]["sale_count"], 1);
    assert_eq!(report["cash"]["expected"], 23_061);
}

#[test]
fn unknown_scan_is_not_found() {
    let terminal = Terminal::new();
    terminal.open_till();
    let error = terminal.err("scan_code", json!({ "code": "4006381333931" }));
    assert_eq!(error["kind"], "not_found");
    assert_eq!(
        error["message"],
        "No product has the barcode or SKU \"4006381333931\". Check the code, or search by name (F2)."
    );
}

#[test]
fn scan_needs_sign_in() {
    let terminal = Terminal::new();
    let error = terminal.err("scan_code", json!({ "code": RYZEN }));
    assert_eq!(error["kind"], "signed_out");
}

#[test]
fn wrong_pin_fails_sign_in() {
    let terminal = Terminal::new();
    let error = terminal.err("sign_in", json!({ "code": "1001", "pin": "0000" }));
    assert_eq!(error["kind"], "sign_in_failed");
}

#[test]
fn unpriced_product_is_not_sold() {
    let terminal = Terminal::new();
    terminal.open_till();
    let error = terminal.err("scan_code", json!({ "code": "GG0000002" }));
    assert_eq!(error["kind"], "invalid");
    assert_eq!(
        error["message"],
        "Intel Core i9-9900K (GG0000002) has no price and is not for sale: ask a manager to price it"
    );
}

#[test]
fn discount_above_price_is_rejected() {
    let terminal = Terminal::new();
    terminal.open_till();
    terminal.ok("scan_code", json!({ "code": RYZEN }));
    let discount = json!({ "index": 0, "discount": { "kind": "amount", "value": "25.00" } });
    let error = terminal.err("set_line_discount", discount);
    assert_eq!(error["kind"], "cart");
    assert_eq!(
        error["message"],
        "A discount of 25.00 is more than the 19.99 it applies to; the largest allowed is 19.99"
    );
    let cart = terminal.ok("get_cart", json!({}));
    assert_eq!(cart["total"], 2164);
}

#[test]
fn override_needs_manager_pin() {
    let terminal = Terminal::new();
    terminal.open_till();
    terminal.ok("scan_code", json!({ "code": RYZEN }));
    let as_clerk = json!({ "index": 0, "price": "15.00", "manager": { "code": "1001", "pin": "1234" } });
    let error = terminal.err("override_price", as_clerk);
    assert_eq!(error["kind"], "manager_required");

    let as_manager = json!({ "index": 0, "price": "15.00", "manager": { "code": "9001", "pin": "9876" } });
    let cart = terminal.ok("override_price", as_manager);
    assert_eq!(cart["lines"][0]["unit_price"], 1500);
    assert_eq!(cart["lines"][0]["list_price"], 1999);
    assert_eq!(cart["total"], 1624);
}

#[test]
fn command_outside_capability_is_denied() {
    let terminal = Terminal::new();
    let error = terminal.err("plugin:fs|read_file", json!({ "path": "/etc/passwd" }));
    assert!(error.as_str().is_some_and(|text| !text.is_empty()), "{error}");
}

#[test]
fn other_window_is_denied() {
    let terminal = Terminal::new();
    let other = WebviewWindowBuilder::new(terminal.window.app_handle(), "other", Default::default())
        .build()
        .unwrap();
    let request = InvokeRequest {
        cmd: "get_cart".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(json!({})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let result = get_ipc_response(&other, request);
    assert!(result.is_err(), "a window outside the capability ran get_cart");
}

/// Sells the Ryzen (2164 cents with tax) for 30.00 cash; returns the receipt number.
fn sell_ryzen_for_cash(terminal: &Terminal) -> String {
    terminal.ok("scan_code", json!({ "code": RYZEN }));
    terminal.ok("begin_tender", json!({}));
    let sale = terminal.ok(
        "complete_sale",
        json!({ "tenders": [{ "kind": "cash", "tendered": "30.00" }] }),
    );
    terminal.ok("new_sale", json!({}));
    sale["receipt_number"].as_str().unwrap().to_string()
}

#[test]
fn return_refunds_cash_with_manager() {
    let terminal = Terminal::new();
    terminal.open_till();
    let receipt_number = sell_ryzen_for_cash(&terminal);

    let sale = terminal.ok("find_sale_for_return", json!({ "receipt_number": receipt_number }));
    assert_eq!(sale["lines"][0]["quantity_sold"], 1);
    assert_eq!(sale["lines"][0]["net"], 1999);

    let request = json!({ "request": {
        "receipt_number": receipt_number,
        "lines": [{ "line_no": 1, "quantity": "1" }],
        "reason": "does not fit the board",
        "manager": { "code": "9001", "pin": "9876" },
    }});
    let refund = terminal.ok("record_return", request.clone());
    assert_eq!(refund["total"], 2164);
    assert_eq!(refund["tax"], 165);
    assert_eq!(refund["refunds"], json!([{ "kind": "cash", "amount": 2164 }]));
    assert_eq!(refund["receipt_number"], "S01-T01-000002");

    let repeated = terminal.ok("record_return", request);
    assert_eq!(repeated["replayed"], true);
    assert_eq!(repeated["receipt_number"], "S01-T01-000002");
}

#[test]
fn return_without_units_is_rejected() {
    let terminal = Terminal::new();
    terminal.open_till();
    let receipt_number = sell_ryzen_for_cash(&terminal);
    terminal.ok("find_sale_for_return", json!({ "receipt_number": receipt_number }));
    let request = json!({ "request": {
        "receipt_number": receipt_number,
        "lines": [{ "line_no": 1, "quantity": " " }],
        "reason": "changed mind",
        "manager": { "code": "9001", "pin": "9876" },
    }});
    let error = terminal.err("record_return", request);
    assert_eq!(error["kind"], "invalid");
    assert_eq!(error["message"], "Type how many units come back on at least one line.");
}

#[test]
fn close_shift_reports_over_short() {
    let terminal = Terminal::new();
    terminal.open_till();
    sell_ryzen_for_cash(&terminal);
    let after_paid_out = terminal.ok("paid_out", json!({ "amount": "10.00", "reason": "window cleaner" }));
    assert_eq!(after_paid_out["cash"]["expected"], 20_000 + 2164 - 1000);

    let close = json!({
        "counted_cash": "211.60",
        "counted_card": "",
        "manager": { "code": "9001", "pin": "9876" },
    });
    let z = terminal.ok("close_shift", close);
    assert_eq!(z["cash"]["expected"], 21_164);
    assert_eq!(z["cash"]["counted"], 21_160);
    assert_eq!(z["cash"]["over_short"], -4);
    assert_eq!(z["card"]["counted"], Value::Null);

    let session = terminal.ok("session_status", json!({}));
    assert_eq!(session["shift"], Value::Null);
}

#[test]
fn no_sale_needs_manager() {
    let terminal = Terminal::new();
    terminal.open_till();
    let as_clerk = json!({ "reason": "customer change", "manager": { "code": "1001", "pin": "1234" } });
    let error = terminal.err("no_sale", as_clerk);
    assert_eq!(error["kind"], "manager_required");
    let as_manager = json!({ "reason": "customer change", "manager": { "code": "9001", "pin": "9876" } });
    let report = terminal.ok("no_sale", as_manager);
    assert_eq!(report["activity"]["no_sale_count"], 1);
}

#[test]
fn print_receipt_saves_text() {
    let terminal = Terminal::new();
    terminal.open_till();
    let receipt_number = sell_ryzen_for_cash(&terminal);
    let printed = terminal.ok("print_receipt", json!({ "receipt_number": receipt_number }));
    let text = printed["text"].as_str().unwrap();
    assert!(text.contains("S01-T01-000001"), "{text}");
    assert!(text.contains("AMD Ryzen 5 7600"), "{text}");
    assert!(text.contains("21.64"), "{text}");
    let text_file = printed["text_file"].as_str().unwrap();
    assert!(text_file.ends_with("receipts/S01-T01-000001.txt"), "{text_file}");
    assert_eq!(std::fs::read_to_string(text_file).unwrap(), text);
    let pdf_file = printed["pdf_file"].as_str().unwrap();
    assert!(pdf_file.ends_with("receipts/S01-T01-000001.pdf"), "{pdf_file}");
    assert!(std::fs::read(pdf_file).unwrap().starts_with(b"%PDF-"));
    assert_eq!(printed["pdf_error"], Value::Null);
}

#[test]
fn print_unknown_receipt_is_not_found() {
    let terminal = Terminal::new();
    terminal.open_till();
    let error = terminal.err("print_receipt", json!({ "receipt_number": "S01-T01-000099" }));
    assert_eq!(error["kind"], "not_found");
}

#[test]
fn every_command_is_allowed() {
    let build_script = include_str!("../build.rs");
    let commands: Vec<&str> = build_script
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix('"')?.strip_suffix("\","))
        .collect();
    assert_eq!(commands.len(), 41);
    let terminal = Terminal::new();
    for command in commands {
        // Missing arguments fail inside the command layer; a denial by the
        // capability fails before it and names the command as not allowed.
        if let Err(error) = terminal.call(command, json!({})) {
            let text = error.to_string();
            assert!(!text.contains("not allowed"), "{command}: {text}");
        }
    }
}

#[test]
fn rental_contract_through_ipc() {
    let terminal = Terminal::new();
    terminal.open_till();
    let customer = terminal.ok(
        "save_customer",
        json!({ "customer": {
            "client_id": uuid::Uuid::now_v7().to_string(),
            "id": null,
            "version": null,
            "full_name": "山田 花子 (Hanako Yamada)",
            "address": ["1 Main St"],
            "phone": "212-555-0101",
            "email": "",
            "id_document": "Passport TK1234567",
        } }),
    );
    assert_eq!(customer["full_name"], "山田 花子 (Hanako Yamada)");
    let contract = json!({
        "customer_id": customer["id"],
        "co_signer_id": null,
        "serial_number": SOFA,
        "term": "weekly",
        "payment_count": "52",
        "cash_price": "1200.00",
        "payment": "45.00",
        "total": "",
        "delivery_fee": "",
        "damage_waiver": "",
        "deposit": "120.00",
        "initial_cash": "150.00",
        "initial_card_amount": "",
        "initial_card_approval": "",
        "initial_card_last4": "",
    });
    let preview = terminal.ok("preview_contract", json!({ "contract": contract }));
    assert_eq!(preview["total_of_payments"], 234_000);
    assert_eq!(preview["cost_of_lease_services"], 114_000);
    assert_eq!(preview["schedule"].as_array().unwrap().len(), 52);

    let clerk_approval = json!({ "code": "1001", "pin": "1234" });
    let refused = terminal.err(
        "create_contract",
        json!({ "contract": contract, "client_id": uuid::Uuid::now_v7().to_string(), "manager": clerk_approval }),
    );
    assert_eq!(refused["kind"], "manager_required");
    let manager = json!({ "code": "9001", "pin": "9876" });
    let created = terminal.ok(
        "create_contract",
        json!({ "contract": contract, "client_id": uuid::Uuid::now_v7().to_string(), "manager": manager }),
    );
    assert_eq!(created["contract_number"], "S01-T01-R000001");
    assert_eq!(created["unit_status"], "on_rent");
    assert_eq!(created["initial_payment"]["total"], 12_000);
    assert_eq!(created["initial_payment"]["change"], 3000);
    let initial_text = created["initial_receipt_text"].as_str().unwrap();
    assert!(
        initial_text
            .lines()
            .any(|line| line == "Security deposit          120.00"),
        "{initial_text}"
    );

    let payment = json!({ "payment": {
        "contract_number": "S01-T01-R000001",
        "client_id": uuid::Uuid::now_v7().to_string(),
        "amount": "45.00",
        "cash": "50.00",
        "card_amount": "",
        "card_approval": "",
        "card_last4": "",
    } });
    let paid = terminal.ok("take_contract_payment", payment.clone());
    let again = terminal.ok("take_contract_payment", payment);
    assert_eq!(paid["receipt"]["remaining_to_own"], 229_500);
    assert_eq!(paid["receipt"]["buyout_price"], 117_692);
    assert_eq!(paid["receipt"]["change"], 500);
    assert_eq!(again["replayed"], true);
    let text = paid["receipt_text"].as_str().unwrap();
    assert!(
        text.lines().any(|line| line == "Customer           Hanako Yamada"),
        "{text}"
    );
}

#[test]
fn short_term_rental_through_ipc() {
    let terminal = Terminal::new();
    terminal.open_till();
    let manager = json!({ "code": "9001", "pin": "9876" });
    let unit = terminal.ok(
        "receive_unit",
        json!({ "unit": {
            "client_id": uuid::Uuid::now_v7().to_string(),
            "serial_number": "cc-1",
            "description": "Carpet cleaner",
            "product": "",
            "condition": "used",
            "cost": "250.00",
            "manager": manager,
        } }),
    );
    assert_eq!(unit["serial_number"], "CC-1");
    assert_eq!(unit["status"], "in_stock");
    assert_eq!(unit["cost"], 25_000);
    let customer = terminal.ok(
        "save_customer",
        json!({ "customer": {
            "client_id": uuid::Uuid::now_v7().to_string(),
            "id": null,
            "version": null,
            "full_name": "Zoë Ångström",
            "address": ["2 Main St"],
            "phone": "212-555-0102",
            "email": "",
            "id_document": "DL 42",
        } }),
    );
    let rental = terminal.ok(
        "rent_out",
        json!({ "rental": {
            "client_id": uuid::Uuid::now_v7().to_string(),
            "customer_id": customer["id"],
            "serial_number": "CC-1",
            "due_date": "2099-12-31",
            "late_fee_per_day": "35.00",
        } }),
    );
    assert_eq!(rental["rental_number"], "S01-T01-S000001");
    assert_eq!(rental["late_fee_per_day"], 3500);
    assert_eq!(rental["late_fee_now"]["total"], 0);
    let returned = terminal.ok(
        "return_short_term",
        json!({ "request": {
            "client_id": uuid::Uuid::now_v7().to_string(),
            "rental_number": "S01-T01-S000001",
            "condition": "used",
            "note": "",
            "cash": "",
            "card_amount": "",
            "card_approval": "",
            "card_last4": "",
        } }),
    );
    assert_eq!(returned["rental"]["status"], "returned");
    assert_eq!(returned["late_fee"]["total"], 0);
    let text = returned["receipt_text"].as_str().unwrap();
    assert!(
        text.lines().any(|line| line == "TOTAL                       0.00"),
        "{text}"
    );
    assert!(
        text.lines().any(|line| line == "Customer            Zoe Angstrom"),
        "{text}"
    );
}
