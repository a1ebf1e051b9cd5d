//! The command line, as clap parses it. Values that become domain types
//! (amounts, discounts, tenders) stay text here and are parsed by the
//! commands, so a bad value gets the domain's own message and exit code 3.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod rental;

pub use rental::{
    ConditionArg, ContractCommand, ContractTenders, ContractTermsArgs, CustomerCommand, RentalCommand, TermArg,
    TextWidthArg, UnitCommand,
};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  unexpected internal error
  2  command-line usage error (unknown option, missing argument, no --store)
  3  invalid input: bad amount, discount too large, return of more than was sold
  4  not found: unknown barcode or SKU, receipt number, shift
  5  sign-in failed: wrong staff code or PIN
  6  a manager must approve this
  7  conflict with the store's state: no open shift, store already set up
  8  the store database failed or holds unreadable data
  9  a file could not be read or written
 10  the sync server is unreachable or failed (the records stay queued)
 11  the sync server rejected the request or this terminal's credential

PINs: pass --pin and --manager-pin, or better set GIGGATEK_PIN and
GIGGATEK_MANAGER_PIN so they stay out of the process list.";

/// Rings up sales, returns and shifts on a terminal's store file, like the
/// desktop terminal does.
#[derive(Debug, Parser)]
#[command(name = "giggatek", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// The terminal's store file (SQLite); `init` and `demo` create it.
    #[arg(long, env = "GIGGATEK_STORE", global = true, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text. Amounts are in cents.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set the store's codes, name, address, tax, cash rounding and time zone.
    Init(InitArgs),
    /// Add or list staff.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Import the catalog from a folder of CSV files, one per category.
    ImportCatalog {
        /// Folder of `*.csv` files with columns `name,price,...`.
        dir: PathBuf,
    },
    /// Find products.
    #[command(subcommand)]
    Product(ProductCommand),
    /// Change stock counts.
    #[command(subcommand)]
    Stock(StockCommand),
    /// Open or close a shift and move cash in or out of the drawer.
    #[command(subcommand)]
    Shift(ShiftCommand),
    /// Print the X report of the open shift, or the report of `--shift ID`.
    Report {
        /// Shift id; a closed shift gives its Z report.
        #[arg(long, value_name = "ID")]
        shift: Option<i64>,
    },
    /// Complete a sale.
    Sale(SaleArgs),
    /// Print a stored sale's or refund's receipt.
    Receipt(ReceiptArgs),
    /// Return units of a sold line, refunded to the original tenders.
    Return(ReturnArgs),
    /// Record a cart the customer abandoned.
    Void(VoidArgs),
    /// Add, edit and find customers who rent.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Receive and look up serialized units for rent.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Rent-to-own contracts: preview, create, pay, buy out, return.
    #[command(subcommand)]
    Contract(ContractCommand),
    /// Short-term rentals: rent out until a due date, return with a per-day late fee.
    #[command(subcommand)]
    Rental(RentalCommand),
    /// List the latest audit log entries, newest first.
    Audit {
        /// Maximum number of entries.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Enrol this terminal with the sync server, using a one-time code a
    /// manager created there (`giggatek-server admin enrolment-code`).
    Enrol {
        /// The server's base URL, such as http://127.0.0.1:8080.
        #[arg(long, value_name = "URL")]
        server: String,
        /// The one-time enrolment code.
        #[arg(long, env = "GIGGATEK_ENROLMENT_CODE", hide_env_values = true)]
        code: String,
    },
    /// Upload waiting records to the sync server and apply its changes,
    /// retrying with backoff while the server is unreachable.
    Sync(SyncArgs),
    /// Show the sync state: records waiting, rejections, last sync.
    SyncStatus,
    /// Set up a demo store in one go: settings, demo staff, the catalog and
    /// some stock.
    Demo {
        /// Folder of catalog CSV files to import.
        #[arg(long, value_name = "DIR")]
        catalog: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The server's base URL; defaults to the one this terminal enrolled with.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// How long to keep retrying while the server is unreachable, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub retry_for: u64,
    /// Send records the server rejected earlier once more, after the cause
    /// was fixed.
    #[arg(long)]
    pub retry_rejected: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Store code, first part of every receipt number: 1 to 8 capital letters or digits.
    #[arg(long, value_name = "CODE")]
    pub store_code: String,
    /// Terminal code, second part of every receipt number.
    #[arg(long, value_name = "CODE")]
    pub terminal_code: String,
    /// Store name printed at the top of receipts.
    #[arg(long)]
    pub name: String,
    /// One address line printed under the name; repeat for more lines.
    #[arg(long, value_name = "LINE")]
    pub address: Vec<String>,
    /// Sales tax rate in percent, such as 8.25.
    #[arg(long, value_name = "PERCENT")]
    pub tax_rate: String,
    /// Round tax on each line or once on the invoice total.
    #[arg(long, value_enum, default_value_t = TaxRoundingArg::PerLine)]
    pub tax_rounding: TaxRoundingArg,
    /// Round the cash part of a payment to the nearest nickel, or not at all.
    #[arg(long, value_enum, default_value_t = CashRoundingArg::None)]
    pub cash_rounding: CashRoundingArg,
    /// IANA time zone of the store's business dates, such as America/New_York.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TaxRoundingArg {
    PerLine,
    PerInvoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CashRoundingArg {
    None,
    Nickel,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Clerk,
    Manager,
}

/// The staff member doing the action.
#[derive(Debug, Args)]
pub struct SignIn {
    /// Staff code of the person doing this.
    #[arg(id = "staff_code", long = "staff", value_name = "CODE")]
    pub code: String,
    /// That person's PIN.
    #[arg(id = "staff_pin", long = "pin", env = "GIGGATEK_PIN", hide_env_values = true)]
    pub pin: String,
}

/// A manager approving the action, when one has to.
#[derive(Debug, Args)]
pub struct Approval {
    /// Staff code of the approving manager.
    #[arg(id = "manager_code", long = "manager", value_name = "CODE")]
    pub code: Option<String>,
    /// The manager's PIN.
    #[arg(
        id = "manager_pin",
        long = "manager-pin",
        env = "GIGGATEK_MANAGER_PIN",
        hide_env_values = true
    )]
    pub pin: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member with a PIN of 4 to 8 digits. A manager approves,
    /// except for the first manager of a new store.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The new staff member's PIN.
        #[arg(long = "new-pin", env = "GIGGATEK_NEW_PIN", hide_env_values = true)]
        pin: String,
        #[command(flatten)]
        approval: Approval,
    },
    /// List active staff.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Find a product by its barcode (13 digits) or SKU.
    Find { code: String },
    /// Search product names and SKUs; every word must start a word of the name.
    Search {
        text: String,
        /// Maximum number of results (at most 200).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum StockCommand {
    /// Add received units to a product's stock.
    Receive {
        /// Barcode or SKU.
        code: String,
        #[arg(long, value_name = "UNITS")]
        quantity: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Open a shift with the cash float counted into the drawer.
    Open {
        #[command(flatten)]
        staff: SignIn,
        /// Opening cash float, such as 200.00.
        #[arg(long = "float", value_name = "AMOUNT")]
        opening_float: String,
    },
    /// Record cash put into the drawer.
    PaidIn(CashMovementArgs),
    /// Record cash taken out of the drawer.
    PaidOut(CashMovementArgs),
    /// Record a drawer open without a sale; a manager approves.
    NoSale {
        #[command(flatten)]
        staff: SignIn,
        #[command(flatten)]
        manager: Approval,
        #[arg(long)]
        reason: String,
    },
    /// Close the open shift with the manager's count and print the Z report.
    Close {
        #[command(flatten)]
        manager: Approval,
        /// Cash counted in the drawer.
        #[arg(long, value_name = "AMOUNT")]
        cash: String,
        /// The card terminal's batch total.
        #[arg(long, value_name = "AMOUNT")]
        card: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CashMovementArgs {
    #[command(flatten)]
    pub staff: SignIn,
    /// Amount of cash, such as 20.00.
    pub amount: String,
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct SaleArgs {
    #[command(flatten)]
    pub staff: SignIn,
    /// A product by barcode or SKU, with an optional quantity: `CODE` or
    /// `CODE*QTY`. Repeat for more lines; a repeated code adds to its line.
    #[arg(long = "item", value_name = "CODE[*QTY]", required = true)]
    pub items: Vec<String>,
    /// A line discount: `LINE=10%` or `LINE=5.00`, lines numbered from 1.
    #[arg(long = "line-discount", value_name = "LINE=DISCOUNT")]
    pub line_discounts: Vec<String>,
    /// A discount on the whole cart: `10%` or `5.00`.
    #[arg(long, value_name = "DISCOUNT")]
    pub cart_discount: Option<String>,
    /// A different unit price for a line, `LINE=PRICE`; needs --manager.
    #[arg(long = "override", value_name = "LINE=PRICE")]
    pub overrides: Vec<String>,
    /// Cash handed over; change comes back.
    #[arg(long, value_name = "AMOUNT")]
    pub cash: Vec<String>,
    /// A card payment approved on the card terminal: `AMOUNT:APPROVAL:LAST4`.
    /// Repeat to split the payment.
    #[arg(long, value_name = "AMOUNT:APPROVAL:LAST4")]
    pub card: Vec<String>,
    /// A UUID for this sale; running the same command again with it
    /// returns the stored sale instead of making a second one.
    #[arg(long, value_name = "UUID")]
    pub client_id: Option<String>,
    #[command(flatten)]
    pub manager: Approval,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReceiptFormat {
    /// Plain text for a 58 mm thermal printer (32 columns).
    Text58,
    /// Plain text for an 80 mm thermal printer (48 columns).
    Text80,
    /// A PDF document; needs --out.
    Pdf,
}

#[derive(Debug, Args)]
pub struct ReceiptArgs {
    /// Receipt number, such as S01-T01-000001.
    pub number: String,
    #[arg(long, value_enum, default_value_t = ReceiptFormat::Text80)]
    pub format: ReceiptFormat,
    /// Write the receipt to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    #[command(flatten)]
    pub staff: SignIn,
    #[command(flatten)]
    pub manager: Approval,
    /// The original sale's receipt number.
    #[arg(long, value_name = "NUMBER")]
    pub receipt: String,
    /// Units coming back from one line: `LINE=QTY`. Repeat for more lines.
    #[arg(long = "line", value_name = "LINE=QTY", required = true)]
    pub lines: Vec<String>,
    #[arg(long)]
    pub reason: String,
    /// A UUID for this return, making a retry harmless.
    #[arg(long, value_name = "UUID")]
    pub client_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    #[command(flatten)]
    pub staff: SignIn,
    /// The abandoned cart's items, as for `sale`.
    #[arg(long = "item", value_name = "CODE[*QTY]", required = true)]
    pub items: Vec<String>,
    #[arg(long)]
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
