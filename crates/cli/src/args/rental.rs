//! The rent-to-own commands: `customer`, `unit` and `contract`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{Approval, SignIn};

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer who rents.
    Add {
        #[command(flatten)]
        staff: SignIn,
        #[command(flatten)]
        details: CustomerFields,
        /// A UUID for this customer, making a retry harmless.
        #[arg(long, value_name = "UUID")]
        client_id: Option<String>,
    },
    /// Change a customer's details; fields not given stay as they are.
    Edit {
        /// The customer's id.
        id: i64,
        #[command(flatten)]
        staff: SignIn,
        /// The version shown when the customer was read; a change saved
        /// since then makes the edit fail instead of overwriting it.
        #[arg(long)]
        version: i64,
        #[command(flatten)]
        details: CustomerChanges,
    },
    /// Find customers by part of a name, phone, email or ID document.
    Search {
        text: String,
        /// Maximum number of results (at most 200).
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Show a customer and their contracts.
    Show { id: i64 },
    /// List a customer's rent payments and rental fees, oldest first.
    Ledger { id: i64 },
}

#[derive(Debug, Args)]
pub struct CustomerFields {
    /// Full name as the customer writes it, in any script; a Latin form in
    /// parentheses is what thermal receipts print: "山田 花子 (Hanako Yamada)".
    #[arg(long)]
    pub name: String,
    /// One address line; repeat for more lines (at most 4).
    #[arg(long, value_name = "LINE", required = true)]
    pub address: Vec<String>,
    #[arg(long)]
    pub phone: String,
    #[arg(long, default_value = "")]
    pub email: String,
    /// The identity document shown, such as "Driver licence NY 123456789".
    #[arg(long, value_name = "TEXT")]
    pub id_document: String,
}

#[derive(Debug, Args)]
pub struct CustomerChanges {
    #[arg(long)]
    pub name: Option<String>,
    /// Replaces every address line; repeat for more lines.
    #[arg(long, value_name = "LINE")]
    pub address: Vec<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub id_document: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ConditionArg {
    New,
    Used,
    Damaged,
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Receive a serialized unit into rental stock; a manager does this.
    Add {
        #[command(flatten)]
        manager: Approval,
        /// The serial number on the unit's label.
        #[arg(long, value_name = "SERIAL")]
        serial: String,
        #[arg(long)]
        description: String,
        /// The catalog product's barcode or SKU, when it has one.
        #[arg(long, value_name = "CODE")]
        product: Option<String>,
        #[arg(long, value_enum)]
        condition: ConditionArg,
        /// The unit's cost to the store, such as 600.00.
        #[arg(long, value_name = "AMOUNT")]
        cost: String,
        /// A UUID for this unit, making a retry harmless.
        #[arg(long, value_name = "UUID")]
        client_id: Option<String>,
    },
    /// Show a unit and its history.
    Show {
        /// The serial number.
        serial: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TermArg {
    Weekly,
    Biweekly,
    SemiMonthly,
    Monthly,
}

/// The terms of a new contract.
#[derive(Debug, Args)]
pub struct ContractTermsArgs {
    /// The customer's id.
    #[arg(long, value_name = "ID")]
    pub customer: i64,
    /// A co-signer's customer id.
    #[arg(long, value_name = "ID")]
    pub co_signer: Option<i64>,
    /// The serial number scanned from the unit.
    #[arg(long, value_name = "SERIAL")]
    pub serial: String,
    #[arg(long, value_enum)]
    pub term: TermArg,
    /// Number of payments.
    #[arg(long, value_name = "COUNT")]
    pub payments: u32,
    /// The price of the unit in a cash sale.
    #[arg(long, value_name = "AMOUNT")]
    pub cash_price: String,
    /// Each payment's amount; the total is this times --payments.
    #[arg(
        long,
        value_name = "AMOUNT",
        conflicts_with = "total",
        required_unless_present = "total"
    )]
    pub payment: Option<String>,
    /// The total of payments, split evenly with the extra cents first.
    #[arg(long, value_name = "AMOUNT")]
    pub total: Option<String>,
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub delivery_fee: String,
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub damage_waiver: String,
    #[arg(long, value_name = "AMOUNT", default_value = "0")]
    pub deposit: String,
}

/// Cash and card tenders.
#[derive(Debug, Args)]
pub struct TenderArgs {
    /// Cash handed over; change comes back.
    #[arg(long, value_name = "AMOUNT")]
    pub cash: Vec<String>,
    /// A card payment approved on the card terminal: `AMOUNT:APPROVAL:LAST4`.
    #[arg(long, value_name = "AMOUNT:APPROVAL:LAST4")]
    pub card: Vec<String>,
}

/// Tenders for a contract payment.
#[derive(Debug, Args)]
pub struct ContractTenders {
    #[command(flatten)]
    pub tenders: TenderArgs,
    /// A UUID for this payment, making a retry harmless.
    #[arg(long, value_name = "UUID")]
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextWidthArg {
    /// 58 mm paper, 32 columns.
    Text58,
    /// 80 mm paper, 48 columns.
    Text80,
}

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// List the rental policies, or set the store's with --set.
    Policy {
        /// The policy code for contracts written from now on.
        #[arg(long, value_name = "CODE", requires = "manager_code")]
        set: Option<String>,
        #[command(flatten)]
        manager: Approval,
    },
    /// Show the schedule and disclosures a contract would have, writing nothing.
    Preview(ContractTermsArgs),
    /// Write a contract and take its initial payment (delivery fee, damage
    /// waiver and deposit) with --cash and --card; a manager does this.
    Create {
        #[command(flatten)]
        manager: Approval,
        #[command(flatten)]
        terms: ContractTermsArgs,
        /// Tenders for the initial payment; none when nothing is due at signing.
        #[command(flatten)]
        initial: TenderArgs,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
        /// A UUID for this contract, making a retry harmless.
        #[arg(long, value_name = "UUID")]
        client_id: Option<String>,
    },
    /// Show a contract, its schedule, what is paid and owed, and today's buyout price.
    Show { number: String },
    /// Take a payment and print its receipt.
    Pay {
        number: String,
        #[command(flatten)]
        staff: SignIn,
        /// The amount credited to the contract.
        #[arg(long, value_name = "AMOUNT")]
        amount: String,
        #[command(flatten)]
        tenders: ContractTenders,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
    },
    /// Quote today's buyout price; with --pay, --staff and tenders, pay it.
    Buyout {
        number: String,
        /// Pay the quoted price now; --staff, --cash, --card and --client-id
        /// are accepted only with it.
        #[arg(long, requires = "staff_code")]
        pay: bool,
        #[arg(id = "staff_code", long = "staff", value_name = "CODE")]
        staff: Option<String>,
        #[arg(id = "staff_pin", long = "pin", env = "GIGGATEK_PIN", hide_env_values = true)]
        pin: Option<String>,
        #[command(flatten)]
        tenders: ContractTenders,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
    },
    /// Take the unit back and end the contract.
    Return {
        number: String,
        #[command(flatten)]
        manager: Approval,
        /// The unit's condition: used goes back in stock, damaged is held.
        #[arg(long, value_enum)]
        condition: ConditionArg,
        #[arg(long)]
        note: String,
    },
    /// Write off what is owed and end the contract.
    ChargeOff {
        number: String,
        #[command(flatten)]
        manager: Approval,
        #[arg(long)]
        note: String,
    },
    /// Make a returned contract active again within the policy's window.
    Reinstate {
        number: String,
        #[command(flatten)]
        manager: Approval,
    },
    /// Write the agreement PDF for signing.
    Agreement {
        number: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Print a contract payment's or initial payment's receipt again.
    Receipt {
        /// The payment's receipt number.
        receipt: String,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
        /// Also write an initial payment's receipt as a PDF to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RentalCommand {
    /// Rent a unit out until the end of a store-local due date.
    Out {
        #[command(flatten)]
        staff: SignIn,
        /// The customer's id.
        #[arg(long, value_name = "ID")]
        customer: i64,
        /// The serial number scanned from the unit.
        #[arg(long, value_name = "SERIAL")]
        serial: String,
        /// The store-local date by whose end the unit is due back: YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        due: String,
        /// The late fee for each whole day after the due date, such as 35.00.
        #[arg(long, value_name = "AMOUNT")]
        late_fee: String,
        /// A UUID for this rental, making a retry harmless.
        #[arg(long, value_name = "UUID")]
        client_id: Option<String>,
    },
    /// Take a unit back, charge the late fee with --cash or --card, and
    /// print the return receipt.
    Return {
        /// The rental number, such as S01-T01-S000001.
        number: String,
        #[command(flatten)]
        staff: SignIn,
        /// The unit's condition: new or used goes back in stock, damaged is held.
        #[arg(long, value_enum)]
        condition: ConditionArg,
        #[arg(long, default_value = "")]
        note: String,
        /// Tenders for the late fee; none when the unit is on time.
        #[command(flatten)]
        tenders: ContractTenders,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
        /// Also write the return receipt as a PDF to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Show a rental and the late fee if it came back now.
    Show { number: String },
    /// Print a rental's return receipt again.
    Receipt {
        /// The rental number.
        number: String,
        #[arg(long, value_enum, default_value_t = TextWidthArg::Text58)]
        format: TextWidthArg,
        /// Also write the receipt as a PDF to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}
