//! Shared set-up for the store's sales, returns, shift and staff tests: a
//! store with settings, staff, an open shift and products inserted with plain
//! SQL.

#![allow(dead_code, reason = "each test binary uses a different part of the set-up")]

use std::path::Path;
use std::sync::Arc;

use giggatek_domain::{CardApproval, Cart, CartItem, CashRounding, Money, Percent, TaxRounding, TaxSettings, Tender};
use giggatek_store::{FixedClock, Role, SaleRequest, Staff, Store, StoreSettings};

/// 13:45 in New York on 2026-12-04.
pub const NOW: &str = "2026-12-04T18:45:00Z";

pub fn settings(rounding: TaxRounding, cash_rounding: CashRounding) -> StoreSettings {
    StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: "T01".to_string(),
        store_name: "GigGatek Downtown".to_string(),
        store_address: vec!["12 Main St".to_string(), "Springfield, IL 62701".to_string()],
        tax: TaxSettings {
            rate: Percent::parse("8.25").unwrap(),
            rounding,
        },
        cash_rounding,
        time_zone: "America/New_York".to_string(),
    }
}

/// A store with staff and a shift open with a $200.00 float.
pub struct Till {
    pub store: Store,
    pub clerk: Staff,
    pub manager: Staff,
    /// The store's clock, starting at [`NOW`].
    pub clock: Arc<FixedClock>,
}

impl Till {
    pub fn new() -> Till {
        Till::with(
            Store::open_in_memory().unwrap(),
            TaxRounding::PerLine,
            CashRounding::None,
        )
    }

    pub fn with_settings(rounding: TaxRounding, cash_rounding: CashRounding) -> Till {
        Till::with(Store::open_in_memory().unwrap(), rounding, cash_rounding)
    }

    pub fn on_file(path: &Path) -> Till {
        Till::with(Store::open(path).unwrap(), TaxRounding::PerLine, CashRounding::None)
    }

    fn with(mut store: Store, rounding: TaxRounding, cash_rounding: CashRounding) -> Till {
        let clock = Arc::new(FixedClock::new(NOW.parse().unwrap()));
        store.set_clock(clock.clone());
        store.save_settings(&settings(rounding, cash_rounding)).unwrap();
        let clerk = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
        let manager = store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
        store.open_shift(&clerk, Money::from_cents(20_000)).unwrap();
        Till {
            store,
            clerk,
            manager,
            clock,
        }
    }

    /// Inserts a product the way the catalog import would, with 10 in stock.
    pub fn product(&self, sku: &str, name: &str, price_cents: Option<i64>) -> CartItem {
        add_product(&self.store, sku, name, price_cents)
    }

    pub fn request(&self, cart: Cart, tenders: Vec<Tender>) -> SaleRequest {
        SaleRequest {
            client_id: new_id(),
            cart,
            tenders,
            clerk: self.clerk.clone(),
            approver: None,
        }
    }

    pub fn stock(&self, product_id: i64) -> i64 {
        stock(&self.store, product_id)
    }

    pub fn count(&self, table: &str) -> i64 {
        count(&self.store, table)
    }
}

pub fn add_product(store: &Store, sku: &str, name: &str, price_cents: Option<i64>) -> CartItem {
    let barcode = format!("BC-{sku}");
    store
        .connection()
        .execute(
            "INSERT INTO products (sku, barcode, name, category, price_cents, taxable, stock_on_hand, updated_at)
             VALUES (?1, ?2, ?3, 'test', ?4, 1, 10, '2026-12-01T00:00:00.000Z')",
            rusqlite::params![sku, barcode, name, price_cents],
        )
        .unwrap();
    CartItem {
        product_id: store.connection().last_insert_rowid(),
        sku: sku.to_string(),
        barcode,
        name: name.to_string(),
        unit_price: Money::from_cents(price_cents.unwrap_or(0)),
        taxable: true,
    }
}

pub fn stock(store: &Store, product_id: i64) -> i64 {
    store
        .connection()
        .query_row(
            "SELECT stock_on_hand FROM products WHERE id = ?1",
            [product_id],
            |row| row.get(0),
        )
        .unwrap()
}

pub fn count(store: &Store, table: &str) -> i64 {
    store
        .connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
        .unwrap()
}

pub fn cart(items: &[(&CartItem, u32)]) -> Cart {
    let mut cart = Cart::new();
    for (item, quantity) in items {
        cart.add((*item).clone(), *quantity).unwrap();
    }
    cart
}

pub fn cash(cents: i64) -> Tender {
    Tender::Cash {
        tendered: Money::from_cents(cents),
    }
}

pub fn card(cents: i64) -> Tender {
    Tender::Card {
        amount: Money::from_cents(cents),
        approval: CardApproval::parse("A1B2C3", "4242").unwrap(),
    }
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub fn cents(money: Money) -> i64 {
    money.cents()
}
