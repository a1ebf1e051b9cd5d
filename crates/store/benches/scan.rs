//! Measures a scan at the till on the whole real catalog: `Store::lookup`
//! of a barcode, `Product::cart_item` and `Cart::add`, against a raw indexed
//! SQLite lookup of the same barcodes on the same file, in the same run. It
//! also counts the SQL statements each scan runs and their full-scan steps,
//! and does the same for a name search against the same FTS5 query run raw,
//! and against a raw query ranked by relevance only. Statements that FTS5
//! runs inside a search (reads of `products_fts_idx` and the like, and its
//! `data_version` check) are counted apart from the statements the store runs.
//!
//! Run: `cargo bench -p giggatek-store --bench scan`. The catalog folder is
//! `../shared/data/pc-parts` beside the workspace, or the folder named by
//! `GIGGATEK_CATALOG`. The figures go to `target/bench/scan.json`, under
//! `CARGO_TARGET_DIR` when that is set.

#![allow(clippy::print_stdout, reason = "a benchmark's output is its printed figures")]

use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use giggatek_domain::Cart;
use giggatek_store::Store;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::{Connection, StatementStatus};

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// Scans per measured block, and blocks per kind, alternated so that drift
/// of the machine hits both kinds alike.
const SCANS_PER_BLOCK: usize = 5_000;
const BLOCKS: usize = 7;
/// A cart is emptied after this many lines, as a real basket would be.
const LINES_PER_CART: usize = 8;
const SEARCHES: [&str; 6] = [
    "ryzen 7",
    "geforce rtx",
    "corsair vengeance",
    "samsung 990",
    "noctua",
    "logitech mouse",
];

fn main() -> BenchResult<()> {
    let out_dir = target_dir().join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let scratch = tempfile::tempdir_in(&out_dir)?;
    let path = scratch.path().join("store.sqlite");

    let mut store = Store::open(&path)?;
    let imported = store.import_catalog(&catalog_dir(), &mut |_| {})?;
    println!("catalog: {} products, {} for sale", imported.rows, imported.priced);
    let raw = Connection::open(&path)?;
    let barcodes = sample_barcodes(&raw)?;

    let mut scan_times = Vec::new();
    let mut raw_times = Vec::new();
    for block in 0..BLOCKS {
        let codes = barcodes
            .iter()
            .cycle()
            .skip(block * SCANS_PER_BLOCK)
            .take(SCANS_PER_BLOCK);
        scan_times.push(time(|| scan_block(&store, codes.clone()))?);
        raw_times.push(time(|| raw_block(&raw, codes))?);
    }
    let scan = median(&mut scan_times) / u32::try_from(SCANS_PER_BLOCK)?;
    let raw_scan = median(&mut raw_times) / u32::try_from(SCANS_PER_BLOCK)?;

    let mut search_times = Vec::new();
    let mut raw_search_times = Vec::new();
    let mut rank_only_times = Vec::new();
    for _ in 0..BLOCKS {
        search_times.push(time(|| search_block(&store))?);
        raw_search_times.push(time(|| raw_search_block(&raw, RAW_SEARCH))?);
        rank_only_times.push(time(|| raw_search_block(&raw, RAW_RANK_ONLY_SEARCH))?);
    }
    let searches = u32::try_from(SEARCHES.len())?;
    let search = median(&mut search_times) / searches;
    let raw_search = median(&mut raw_search_times) / searches;
    let rank_only_search = median(&mut rank_only_times) / searches;

    let counter = StatementCounter::install(&mut store)?;
    let scan_counts = counter.measure(|| scan_block(&store, barcodes.iter().take(1_000)), 1_000)?;
    let search_counts = counter.measure(|| search_block(&store), SEARCHES.len())?;

    let scan_ratio = ratio(scan, raw_scan);
    let search_ratio = ratio(search, raw_search);
    let rank_only_ratio = ratio(search, rank_only_search);
    println!(
        "scan to cart line:  {:>8.2} us   raw indexed lookup {:>8.2} us   ratio {scan_ratio:.2}x (target at most 3x)",
        micros(scan),
        micros(raw_scan)
    );
    println!(
        "  SQL statements per scan {:.2} (target at most 2), run inside FTS5 {:.2}, full-scan steps {} (target 0)",
        scan_counts.statements, scan_counts.fts_statements, scan_counts.fullscan_steps
    );
    println!(
        "name search:        {:>8.2} us   same query raw     {:>8.2} us   ratio {search_ratio:.2}x",
        micros(search),
        micros(raw_search)
    );
    println!(
        "                                 ranked by FTS5 only {:>8.2} us   ratio {rank_only_ratio:.2}x",
        micros(rank_only_search)
    );
    println!(
        "  SQL statements per search {:.2}, run inside FTS5 {:.2}, full-scan steps {}",
        search_counts.statements, search_counts.fts_statements, search_counts.fullscan_steps
    );

    let figures = serde_json::json!({
        "products": imported.rows,
        "scans_per_block": SCANS_PER_BLOCK,
        "blocks": BLOCKS,
        "scan_us": micros(scan),
        "raw_lookup_us": micros(raw_scan),
        "scan_ratio": scan_ratio,
        "scan_ratio_target_max": 3.0,
        "statements_per_scan": scan_counts.statements,
        "statements_per_scan_target_max": 2,
        "fts_statements_per_scan": scan_counts.fts_statements,
        "fullscan_steps_per_scan": scan_counts.fullscan_steps,
        "search_us": micros(search),
        "raw_search_us": micros(raw_search),
        "search_ratio": search_ratio,
        "rank_only_search_us": micros(rank_only_search),
        "rank_only_search_ratio": rank_only_ratio,
        "statements_per_search": search_counts.statements,
        "fts_statements_per_search": search_counts.fts_statements,
        "fullscan_steps_per_search": search_counts.fullscan_steps,
    });
    let out = out_dir.join("scan.json");
    std::fs::write(&out, serde_json::to_string_pretty(&figures)?)?;
    println!("figures written to {}", out.display());
    Ok(())
}

/// Scans each code into a cart the way the checkout screen does.
fn scan_block<'a>(store: &Store, codes: impl Iterator<Item = &'a String>) -> BenchResult<()> {
    let mut cart = Cart::new();
    for code in codes {
        let product = store.lookup(code)?.ok_or("a sampled barcode was not found")?;
        cart.add(product.cart_item()?, 1)?;
        if cart.lines().len() >= LINES_PER_CART {
            cart.clear();
        }
    }
    Ok(())
}

/// Looks each code up with one prepared, indexed query: the floor a scan can reach.
fn raw_block<'a>(conn: &Connection, codes: impl Iterator<Item = &'a String>) -> BenchResult<()> {
    let mut statement = conn.prepare_cached(
        "SELECT id, sku, barcode, name, category, price_cents, taxable, stock_on_hand FROM products WHERE barcode = ?1",
    )?;
    for code in codes {
        let row: (i64, String, String, String, String, Option<i64>, bool, i64) = statement.query_row([code], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?;
        std::hint::black_box(row);
    }
    Ok(())
}

fn search_block(store: &Store) -> BenchResult<()> {
    for query in SEARCHES {
        std::hint::black_box(store.search_products(query, 20)?);
    }
    Ok(())
}

/// Ranks products for sale first, as `search_products` does.
const RAW_SEARCH: &str = "SELECT products.id, products.name, products.price_cents FROM products_fts
     JOIN products ON products.id = products_fts.rowid
     WHERE products_fts MATCH ?1 ORDER BY products.price_cents IS NULL, products_fts.rank, products.id LIMIT 20";

/// Ranks by relevance only, which FTS5 can order by itself: the cost of
/// putting products for sale first shows against this one.
const RAW_RANK_ONLY_SEARCH: &str = "SELECT products.id, products.name, products.price_cents FROM products_fts
     JOIN products ON products.id = products_fts.rowid
     WHERE products_fts MATCH ?1 ORDER BY products_fts.rank LIMIT 20";

fn raw_search_block(conn: &Connection, sql: &str) -> BenchResult<()> {
    let mut statement = conn.prepare_cached(sql)?;
    for query in SEARCHES {
        let fts: String = query
            .split_whitespace()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ");
        let rows: Vec<(i64, String, Option<i64>)> = statement
            .query_map([fts], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        std::hint::black_box(rows);
    }
    Ok(())
}

/// Counts statements run on the store's connection and their full-scan steps,
/// through SQLite's trace hooks.
struct StatementCounter {
    statements: Arc<AtomicUsize>,
    fts_statements: Arc<AtomicUsize>,
    fullscan_steps: Arc<AtomicI64>,
}

/// Statements per operation, and the largest full-scan step count seen.
struct Counts {
    statements: f64,
    fts_statements: f64,
    fullscan_steps: i64,
}

/// Tells the statements FTS5 runs inside a search from those the store
/// runs. SQLite traces FTS5's reads of its shadow tables, such as
/// `products_fts_idx`, with their SQL, and its `PRAGMA data_version` check
/// with a leading `-- `.
fn is_fts_internal(sql: &str) -> bool {
    sql.contains("products_fts_") || sql.starts_with("-- ")
}

impl StatementCounter {
    fn install(store: &mut Store) -> BenchResult<StatementCounter> {
        let statements = Arc::new(AtomicUsize::new(0));
        let fts_statements = Arc::new(AtomicUsize::new(0));
        let fullscan_steps = Arc::new(AtomicI64::new(0));
        let started = Arc::clone(&statements);
        let fts_started = Arc::clone(&fts_statements);
        let scanned = Arc::clone(&fullscan_steps);
        store.connection_mut().trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT | TraceEventCodes::SQLITE_TRACE_PROFILE,
            Some(move |event: TraceEvent<'_>| match event {
                TraceEvent::Stmt(_, sql) if is_fts_internal(sql) => {
                    fts_started.fetch_add(1, Ordering::Relaxed);
                }
                TraceEvent::Stmt(..) => {
                    started.fetch_add(1, Ordering::Relaxed);
                }
                TraceEvent::Profile(statement, _) => {
                    // The count is cumulative over a cached statement's life, so keep the
                    // largest: zero means no statement ever stepped through a full scan.
                    let steps = statement.get_status(StatementStatus::FullscanStep);
                    scanned.fetch_max(i64::from(steps), Ordering::Relaxed);
                }
                _ => {}
            }),
        )?;
        Ok(StatementCounter {
            statements,
            fts_statements,
            fullscan_steps,
        })
    }

    /// Runs `work` and returns its statements per operation and the largest
    /// full-scan step count of any statement.
    fn measure(&self, work: impl FnOnce() -> BenchResult<()>, operations: usize) -> BenchResult<Counts> {
        self.statements.store(0, Ordering::Relaxed);
        self.fts_statements.store(0, Ordering::Relaxed);
        self.fullscan_steps.store(0, Ordering::Relaxed);
        work()?;
        Ok(Counts {
            statements: count_ratio(self.statements.load(Ordering::Relaxed), operations),
            fts_statements: count_ratio(self.fts_statements.load(Ordering::Relaxed), operations),
            fullscan_steps: self.fullscan_steps.load(Ordering::Relaxed),
        })
    }
}

/// Picks priced products' barcodes spread over the whole catalog, in a
/// fixed scrambled order so runs are comparable.
fn sample_barcodes(conn: &Connection) -> BenchResult<Vec<String>> {
    let mut statement = conn.prepare("SELECT barcode FROM products WHERE price_cents IS NOT NULL ORDER BY id")?;
    let mut codes: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for index in (1..codes.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let other = usize::try_from(state % u64::try_from(index + 1)?)?;
        codes.swap(index, other);
    }
    Ok(codes)
}

fn time(work: impl FnOnce() -> BenchResult<()>) -> BenchResult<Duration> {
    let start = Instant::now();
    work()?;
    Ok(start.elapsed())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ratio(measured: Duration, baseline: Duration) -> f64 {
    measured.as_secs_f64() / baseline.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn count_ratio(count: usize, operations: usize) -> f64 {
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let operations = u32::try_from(operations.max(1)).unwrap_or(u32::MAX);
    f64::from(count) / f64::from(operations)
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn catalog_dir() -> PathBuf {
    std::env::var_os("GIGGATEK_CATALOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/pc-parts")))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")))
}
