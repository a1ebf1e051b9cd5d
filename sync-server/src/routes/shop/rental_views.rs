//! The JSON shapes of a customer's rent-to-own contracts. Amounts are
//! integer cents and dates are store-local `YYYY-MM-DD`.

use giggatek_domain::rental::{BuyoutFormula, InstallmentStatus};
use serde::Serialize;

use crate::db::shop_rentals::{RentalContractRow, RentalPaymentRow};
use crate::shop::rentals::RentalAccount;

/// A contract in the customer's list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RentalContractSummary {
    /// As printed on the agreement, such as `S01-T01-R000001`.
    pub contract_number: String,
    pub store_code: String,
    /// The unit's description; empty until the store has sent it.
    pub item: String,
    pub serial_number: String,
    /// `active`, `paid_out`, `bought_out`, `returned` or `charged_off`.
    pub status: String,
    /// `weekly`, `biweekly`, `semi_monthly` or `monthly`.
    pub term: String,
    pub start_date: String,
    pub cash_price_cents: i64,
    /// The first installment; later ones may be a cent less.
    pub periodic_payment_cents: i64,
    pub payment_count: i64,
    pub total_of_payments_cents: i64,
    /// Everything paid against the contract: rent, late fees and a buyout.
    pub paid_cents: i64,
    pub rent_paid_cents: i64,
    /// Rent still unpaid plus late fees owed; zero once the customer owns
    /// the unit, and null for a contract returned or charged off.
    pub remaining_to_own_cents: Option<i64>,
    /// The oldest installment not fully paid; null when none is left or
    /// the contract is closed.
    pub next_due_date: Option<String>,
    /// The unpaid part of that installment.
    pub next_due_cents: Option<i64>,
}

/// How much of an installment is paid on the account's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentState {
    Paid,
    /// Part paid and not yet past its due date.
    PartlyPaid,
    /// Unpaid and not yet past its due date.
    Due,
    /// Not fully paid after its due date.
    Overdue,
    /// Not fully paid as rent, and no longer owed because the contract
    /// ended: bought out, paid out, returned or charged off.
    Closed,
}

/// One installment of the schedule.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InstallmentView {
    pub number: u32,
    pub due_date: String,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub state: InstallmentState,
    /// The date the installment became fully paid.
    pub paid_on: Option<String>,
    pub late_fee_cents: i64,
}

/// One payment the store took.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RentalPaymentView {
    pub receipt_number: String,
    /// `payment` (rent and late fees) or `buyout`.
    pub kind: String,
    pub business_date: String,
    /// When it was taken, UTC RFC 3339.
    pub paid_at: String,
    pub amount_cents: i64,
    pub rent_cents: i64,
    pub late_fee_cents: i64,
}

/// Today's price to own the unit at once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BuyoutView {
    pub as_of: String,
    pub policy_code: String,
    /// `pro_rata`, `share_of_unpaid` or `cash_less_share_of_paid`.
    pub formula: String,
    /// The formula's price of the unit, rent past due included.
    pub rent_part_cents: i64,
    pub late_fees_owed_cents: i64,
    pub total_cents: i64,
}

/// A contract with its schedule, payments and buyout price.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RentalContractDetail {
    #[serde(flatten)]
    pub summary: RentalContractSummary,
    /// The date the schedule's states and fees are computed on.
    pub as_of: String,
    pub rent_past_due_cents: i64,
    pub late_fees_owed_cents: i64,
    pub installments: Vec<InstallmentView>,
    pub payments: Vec<RentalPaymentView>,
    /// Null unless the contract is active.
    pub buyout: Option<BuyoutView>,
}

impl RentalContractSummary {
    pub fn new(contract: &RentalContractRow, payments: &[RentalPaymentRow], account: &RentalAccount) -> Self {
        let ledger = &account.ledger;
        let owned = matches!(contract.status.as_str(), "paid_out" | "bought_out");
        let remaining_to_own_cents = match contract.status.as_str() {
            "active" => Some(ledger.remaining_to_own.cents()),
            _ if owned => Some(0),
            _ => None,
        };
        let next_due = ledger
            .installments
            .iter()
            .find(|installment| installment.paid < installment.amount)
            .filter(|_| contract.status == "active");
        RentalContractSummary {
            contract_number: contract.contract_number.clone(),
            store_code: contract.store_code.clone(),
            item: contract.item.clone(),
            serial_number: contract.serial_number.clone(),
            status: contract.status.clone(),
            term: contract.term.clone(),
            start_date: contract.start_date.to_string(),
            cash_price_cents: contract.cash_price_cents,
            periodic_payment_cents: contract.periodic_payment_cents,
            payment_count: contract.payment_count,
            total_of_payments_cents: contract.total_of_payments_cents,
            paid_cents: payments.iter().map(|payment| payment.amount_cents).sum(),
            rent_paid_cents: ledger.rent_paid.cents(),
            remaining_to_own_cents,
            next_due_date: next_due.map(|installment| installment.due_date.to_string()),
            next_due_cents: next_due.map(|installment| (installment.amount - installment.paid).cents()),
        }
    }
}

impl RentalContractDetail {
    pub fn new(contract: &RentalContractRow, payments: &[RentalPaymentRow], account: &RentalAccount) -> Self {
        let ledger = &account.ledger;
        let buyout = account.buyout.map(|quote| BuyoutView {
            as_of: ledger.as_of.to_string(),
            policy_code: account.policy.code.to_owned(),
            formula: formula_name(quote.formula).to_owned(),
            rent_part_cents: quote.rent_part.cents(),
            late_fees_owed_cents: quote.late_fees_owed.cents(),
            total_cents: quote.total.cents(),
        });
        RentalContractDetail {
            summary: RentalContractSummary::new(contract, payments, account),
            as_of: ledger.as_of.to_string(),
            rent_past_due_cents: ledger.rent_past_due.cents(),
            late_fees_owed_cents: ledger.late_fees_owed.cents(),
            installments: ledger
                .installments
                .iter()
                .map(|installment| installment_view(installment, contract.status != "active"))
                .collect(),
            payments: payments.iter().map(payment_view).collect(),
            buyout,
        }
    }
}

/// Shows one installment; on a contract that has ended (`closed`), an
/// installment not fully paid is closed, not due.
fn installment_view(installment: &InstallmentStatus, closed: bool) -> InstallmentView {
    let state = if installment.paid >= installment.amount {
        InstallmentState::Paid
    } else if closed {
        InstallmentState::Closed
    } else if installment.past_due {
        InstallmentState::Overdue
    } else if installment.paid.is_zero() {
        InstallmentState::Due
    } else {
        InstallmentState::PartlyPaid
    };
    InstallmentView {
        number: installment.number,
        due_date: installment.due_date.to_string(),
        amount_cents: installment.amount.cents(),
        paid_cents: installment.paid.cents(),
        state,
        paid_on: installment.paid_on.map(|date| date.to_string()),
        late_fee_cents: installment.late_fee.cents(),
    }
}

fn payment_view(payment: &RentalPaymentRow) -> RentalPaymentView {
    RentalPaymentView {
        receipt_number: payment.receipt_number.clone(),
        kind: payment.kind.clone(),
        business_date: payment.business_date.to_string(),
        paid_at: payment
            .paid_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        amount_cents: payment.amount_cents,
        rent_cents: payment.rent_cents,
        late_fee_cents: payment.late_fee_cents,
    }
}

fn formula_name(formula: BuyoutFormula) -> &'static str {
    match formula {
        BuyoutFormula::ProRata { .. } => "pro_rata",
        BuyoutFormula::ShareOfUnpaid { .. } => "share_of_unpaid",
        BuyoutFormula::CashLessShareOfPaid { .. } => "cash_less_share_of_paid",
    }
}
