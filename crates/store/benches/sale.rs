//! Measures a durable 4-line sale through `Store::complete_sale` against a raw
//! transaction that writes the same rows with plain prepared INSERTs, both
//! on a store file in WAL mode with `synchronous = FULL`, in the same run.
//!
//! Run: `cargo bench -p giggatek-store --bench sale`. It prints the time per
//! sale of each kind and their ratio. It counts the fsyncs per durable sale by
//! running this binary's sale loop under `strace -f -c`, when `strace` is on
//! the PATH. The figures go to `target/bench/sale.json`, under
//! `CARGO_TARGET_DIR` when that is set.

#![allow(clippy::print_stdout, reason = "a benchmark's output is its printed figures")]

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use giggatek_domain::{CardApproval, Cart, CartItem, CashRounding, Money, Percent, TaxRounding, TaxSettings, Tender};
use giggatek_store::{Role, SaleRequest, Staff, Store, StoreSettings};
use rusqlite::{Connection, params};

/// Sales per measured block, and blocks per kind, alternated so that drift
/// of the disk or the machine hits both kinds alike.
const SALES_PER_BLOCK: usize = 50;
const BLOCKS: usize = 6;
/// Sales run under strace to count fsyncs.
const FSYNC_SALES: usize = 100;

type BenchResult<T> = Result<T, Box<dyn Error>>;

fn main() -> BenchResult<()> {
    let args: Vec<String> = std::env::args().collect();
    // The fsync counter re-runs this binary as `--fsync-child KIND COUNT DIR`.
    if args.get(1).map(String::as_str) == Some("--fsync-child") {
        let kind = args.get(2).ok_or("missing kind")?;
        let count: usize = args.get(3).ok_or("missing count")?.parse()?;
        let dir = PathBuf::from(args.get(4).ok_or("missing folder")?);
        return run_child(kind, count, &dir);
    }

    let out_dir = target_dir().join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let scratch = tempfile::tempdir_in(&out_dir)?;

    let mut store_bench = StoreBench::new(&scratch.path().join("store.sqlite"))?;
    let mut raw_bench = RawBench::new(&scratch.path().join("raw.sqlite"))?;
    let mut store_times = Vec::new();
    let mut raw_times = Vec::new();
    for _ in 0..BLOCKS {
        store_times.push(time_block(|| store_bench.sale())?);
        raw_times.push(time_block(|| raw_bench.sale())?);
    }
    let store_per_sale = median(&mut store_times);
    let raw_per_sale = median(&mut raw_times);
    let ratio = store_per_sale.as_secs_f64() / raw_per_sale.as_secs_f64();

    let store_fsyncs = fsyncs_per_sale("store", scratch.path())?;
    let raw_fsyncs = fsyncs_per_sale("raw", scratch.path())?;

    println!("complete_sale:   {:>9.1} us per sale", micros(store_per_sale));
    println!("raw INSERTs:     {:>9.1} us per sale", micros(raw_per_sale));
    println!("ratio:           {ratio:>9.2}x (target at most 1.5x)");
    match (store_fsyncs, raw_fsyncs) {
        (Some((store_one, store_mean)), Some((raw_one, raw_mean))) => {
            println!("fsyncs, 1 sale:  {store_one:>9} complete_sale, {raw_one} raw (target 1)");
            println!(
                "fsyncs per sale: {store_mean:>9.2} complete_sale, {raw_mean:.2} raw over {FSYNC_SALES} sales, checkpoints included"
            );
        }
        _ => println!("fsyncs per sale: not counted (strace is not on the PATH)"),
    }

    let figures = serde_json::json!({
        "sales_per_block": SALES_PER_BLOCK,
        "blocks": BLOCKS,
        "complete_sale_us_per_sale": micros(store_per_sale),
        "raw_insert_us_per_sale": micros(raw_per_sale),
        "ratio": ratio,
        "ratio_target_max": 1.5,
        "fsyncs_one_sale_complete_sale": store_fsyncs.map(|(one, _)| one),
        "fsyncs_one_sale_raw": raw_fsyncs.map(|(one, _)| one),
        "fsyncs_per_sale_with_checkpoints_complete_sale": store_fsyncs.map(|(_, mean)| mean),
        "fsyncs_per_sale_with_checkpoints_raw": raw_fsyncs.map(|(_, mean)| mean),
        "fsync_sales_counted": FSYNC_SALES,
        "journal_mode": "wal",
        "synchronous": "full",
    });
    let json_path = out_dir.join("sale.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&figures)?)?;
    println!("figures written to {}", json_path.display());
    Ok(())
}

/// Returns the workspace's target folder, or `CARGO_TARGET_DIR` when set.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

fn time_block(mut sale: impl FnMut() -> BenchResult<()>) -> BenchResult<Duration> {
    let started = Instant::now();
    for _ in 0..SALES_PER_BLOCK {
        sale()?;
    }
    let per_sale = started.elapsed() / u32::try_from(SALES_PER_BLOCK)?;
    Ok(per_sale)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// Counts the fsync and fdatasync calls of one sale, then of `FSYNC_SALES`
/// sales per sale, each less those of the set-up alone. The second figure
/// includes the WAL checkpoints that SQLite runs every 1000 pages by default.
/// Returns `None` without strace.
fn fsyncs_per_sale(kind: &str, dir: &Path) -> BenchResult<Option<(u64, f64)>> {
    let (Some(setup_only), Some(one_sale), Some(many_sales)) = (
        count_fsyncs(kind, 0, dir)?,
        count_fsyncs(kind, 1, dir)?,
        count_fsyncs(kind, FSYNC_SALES, dir)?,
    ) else {
        return Ok(None);
    };
    let sales = f64::from(u32::try_from(FSYNC_SALES)?);
    let during_sales = f64::from(u32::try_from(many_sales.saturating_sub(setup_only))?);
    Ok(Some((one_sale.saturating_sub(setup_only), during_sales / sales)))
}

fn count_fsyncs(kind: &str, sales: usize, dir: &Path) -> BenchResult<Option<u64>> {
    let report = dir.join(format!("strace-{kind}-{sales}.txt"));
    let child_dir = tempfile::tempdir_in(dir)?;
    let status = Command::new("strace")
        .args(["-f", "-c", "-e", "trace=fsync,fdatasync", "-o"])
        .arg(&report)
        .arg(std::env::current_exe()?)
        .args(["--fsync-child", kind, &sales.to_string()])
        .arg(child_dir.path())
        .status();
    match status {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
        Ok(status) if !status.success() => Err(format!("strace run of {kind} sales failed: {status}").into()),
        Ok(_) => Ok(Some(parse_strace_calls(&std::fs::read_to_string(&report)?))),
    }
}

/// Sums the `calls` column of the fsync and fdatasync rows of an
/// `strace -c` summary.
fn parse_strace_calls(summary: &str) -> u64 {
    summary
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.last() {
                Some(&"fsync") | Some(&"fdatasync") => fields.get(3).and_then(|calls| calls.parse::<u64>().ok()),
                _ => None,
            }
        })
        .sum()
}

fn run_child(kind: &str, count: usize, dir: &Path) -> BenchResult<()> {
    let path = dir.join("child.sqlite");
    match kind {
        "store" => {
            let mut bench = StoreBench::new(&path)?;
            for _ in 0..count {
                bench.sale()?;
            }
        }
        _ => {
            let mut bench = RawBench::new(&path)?;
            for _ in 0..count {
                bench.sale()?;
            }
        }
    }
    Ok(())
}

/// Inserts the four products every sale sells, with plain SQL as the catalog
/// import would.
fn insert_products(conn: &Connection) -> BenchResult<Vec<CartItem>> {
    let mut items = Vec::new();
    for (sku, name, price) in [
        ("RAM-16", "DDR5 16GB kit", 5999),
        ("SSD-1T", "NVMe SSD 1TB", 8950),
        ("FAN-120", "120 mm case fan", 1299),
        ("CBL-HDMI", "HDMI cable 2 m", 899),
    ] {
        conn.execute(
            "INSERT INTO products (sku, barcode, name, category, price_cents, stock_on_hand, updated_at)
             VALUES (?1, ?2, ?3, 'bench', ?4, 1000000, '2026-12-01T00:00:00.000Z')",
            params![sku, format!("BC-{sku}"), name, price],
        )?;
        items.push(CartItem {
            product_id: conn.last_insert_rowid(),
            sku: sku.to_string(),
            barcode: format!("BC-{sku}"),
            name: name.to_string(),
            unit_price: Money::from_cents(price),
            taxable: true,
        });
    }
    Ok(items)
}

/// Sales through the store's public API.
struct StoreBench {
    store: Store,
    cart: Cart,
    clerk: Staff,
    total: Money,
}

impl StoreBench {
    fn new(path: &Path) -> BenchResult<StoreBench> {
        let mut store = Store::open(path)?;
        store.save_settings(&StoreSettings {
            store_code: "S01".to_string(),
            terminal_code: "T01".to_string(),
            store_name: "GigGatek Bench".to_string(),
            store_address: vec!["1 Bench Rd".to_string()],
            tax: TaxSettings {
                rate: Percent::parse("8.25")?,
                rounding: TaxRounding::PerLine,
            },
            cash_rounding: CashRounding::None,
            time_zone: "America/New_York".to_string(),
        })?;
        let clerk = store.add_staff("101", "Bench Clerk", Role::Clerk, "1234")?;
        store.open_shift(&clerk, Money::from_cents(20_000))?;
        let items = insert_products(store.connection())?;
        let mut cart = Cart::new();
        for (item, quantity) in items.into_iter().zip([2, 1, 3, 1]) {
            cart.add(item, quantity)?;
        }
        let total = cart.price(store.settings()?.tax)?.total;
        Ok(StoreBench {
            store,
            cart,
            clerk,
            total,
        })
    }

    fn sale(&mut self) -> BenchResult<()> {
        let request = SaleRequest {
            client_id: uuid::Uuid::now_v7().to_string(),
            cart: self.cart.clone(),
            tenders: vec![Tender::Card {
                amount: self.total,
                approval: CardApproval::parse("A1B2C3", "4242")?,
            }],
            clerk: self.clerk.clone(),
            approver: None,
        };
        self.store.complete_sale(&request)?;
        Ok(())
    }
}

/// The same rows written with plain prepared INSERTs and fixed amounts.
struct RawBench {
    conn: Connection,
    product_ids: Vec<i64>,
    sequence: i64,
}

impl RawBench {
    fn new(path: &Path) -> BenchResult<RawBench> {
        // Opening through the store gives the same schema and pragmas.
        drop(Store::open(path)?);
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute(
            "INSERT INTO staff (code, name, role, pin_hash, created_at)
             VALUES ('101', 'Bench Clerk', 'clerk', 'x', '2026-12-01T00:00:00.000Z')",
            [],
        )?;
        conn.execute(
            "INSERT INTO shifts (client_id, status, opened_at, opened_by, opening_float_cents)
             VALUES ('shift-1', 'open', '2026-12-01T00:00:00.000Z', 1, 20000)",
            [],
        )?;
        let product_ids = insert_products(&conn)?.iter().map(|item| item.product_id).collect();
        Ok(RawBench {
            conn,
            product_ids,
            sequence: 0,
        })
    }

    fn sale(&mut self) -> BenchResult<()> {
        self.sequence += 1;
        let client_id = uuid::Uuid::now_v7().to_string();
        let receipt = format!("S01-T01-{:06}", self.sequence);
        let now = "2026-12-04T18:45:00.000Z";

        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT INTO counters (name, value) VALUES ('receipt', 1)
             ON CONFLICT (name) DO UPDATE SET value = value + 1",
        )?
        .execute([])?;
        tx.prepare_cached(
            "INSERT INTO sales (client_id, receipt_number, shift_id, staff_id, created_at, business_date,
                 subtotal_cents, discount_cents, tax_cents, rounding_cents, total_cents, change_cents,
                 tax_rate_millionths, tax_rounding)
             VALUES (?1, ?2, 1, 1, ?3, '2026-12-04', 25744, 0, 2124, 0, 27868, 0, 82500, 'per_line')",
        )?
        .execute(params![client_id, receipt, now])?;
        let sale_id = tx.last_insert_rowid();

        for (line_no, product_id) in (1_i64..).zip(&self.product_ids) {
            tx.prepare_cached(
                "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, quantity, list_price_cents,
                     unit_price_cents, line_discount_cents, cart_discount_cents, net_cents, tax_cents)
                 VALUES (?1, ?2, ?3, 'SKU', 'Bench part', 1, 1000, 1000, 0, 0, 1000, 83)",
            )?
            .execute(params![sale_id, line_no, product_id])?;
            tx.prepare_cached(
                "INSERT INTO stock_movements (product_id, delta, reason, sale_id, created_at)
                 VALUES (?1, -1, 'sale', ?2, ?3)",
            )?
            .execute(params![product_id, sale_id, now])?;
            tx.prepare_cached("UPDATE products SET stock_on_hand = stock_on_hand - 1 WHERE id = ?1")?
                .execute([product_id])?;
        }

        tx.prepare_cached(
            "INSERT INTO payments (sale_id, seq, tender, amount_cents, tendered_cents, change_cents,
                 approval_code, last4)
             VALUES (?1, 1, 'card', 27868, 27868, 0, 'A1B2C3', '4242')",
        )?
        .execute([sale_id])?;
        tx.prepare_cached("INSERT INTO outbox (client_id, kind, payload, created_at) VALUES (?1, 'sale', ?2, ?3)")?
            .execute(params![client_id, RAW_PAYLOAD, now])?;
        tx.prepare_cached(
            "INSERT INTO audit_log (client_id, created_at, staff_id, action, subject, detail)
             VALUES (?1, ?2, 1, 'sale_completed', ?3, '{\"line_count\":4}')",
        )?
        .execute(params![uuid::Uuid::now_v7().to_string(), now, receipt])?;
        tx.commit()?;
        Ok(())
    }
}

/// An outbox payload of the size `complete_sale` writes for this cart.
const RAW_PAYLOAD: &str = concat!(
    r#"{"client_id":"0193a0b0-0000-7000-8000-000000000000","receipt_number":"S01-T01-000001","#,
    r#""lines":[{"line_no":1,"product_id":1,"sku":"RAM-16","name":"DDR5 16GB kit","quantity":2,"#,
    r#""list_price_cents":5999,"unit_price_cents":5999,"line_discount_cents":0,"cart_discount_cents":0,"#,
    r#""net_cents":11998,"tax_cents":990,"discount":null},{"line_no":2,"product_id":2,"sku":"SSD-1T","#,
    r#""name":"NVMe SSD 1TB","quantity":1,"list_price_cents":8950,"unit_price_cents":8950,"#,
    r#""line_discount_cents":0,"cart_discount_cents":0,"net_cents":8950,"tax_cents":738,"discount":null},"#,
    r#"{"line_no":3,"product_id":3,"sku":"FAN-120","name":"120 mm case fan","quantity":3,"#,
    r#""list_price_cents":1299,"unit_price_cents":1299,"line_discount_cents":0,"cart_discount_cents":0,"#,
    r#""net_cents":3897,"tax_cents":322,"discount":null},{"line_no":4,"product_id":4,"sku":"CBL-HDMI","#,
    r#""name":"HDMI cable 2 m","quantity":1,"list_price_cents":899,"unit_price_cents":899,"#,
    r#""line_discount_cents":0,"cart_discount_cents":0,"net_cents":899,"tax_cents":74,"discount":null}],"#,
    r#""payments":[{"seq":1,"tender":"card","amount_cents":27868,"tendered_cents":27868,"change_cents":0,"#,
    r#""approval_code":"A1B2C3","last4":"4242"}],"subtotal_cents":25744,"tax_cents":2124,"total_cents":27868}"#
);
