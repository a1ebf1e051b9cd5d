//! Writes the TypeScript types of every value crossing the window boundary.
//!
//! `scripts/check-bindings` runs the ignored test below, which writes the
//! files into `ui/src/bindings/`, and then fails when git sees them change.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

use crate::error::CommandError;
use crate::rental_views::{
    ContractDetail, ContractInput, ContractPaymentInput, ContractPaymentView, ContractReturnInput, CustomerInput,
    CustomerView,
};
use crate::short_term_views::{
    ContractChargeOffInput, RentOutInput, ShortTermReturnInput, ShortTermReturnView, ShortTermView, UnitInput, UnitView,
};
use crate::views::{
    CartView, DiscountInput, ManagerApproval, PrintedReceipt, ProductHit, ReturnInput, ReturnView, ReturnableSale,
    SaleView, SessionView, TenderInput, TenderStart,
};

/// Exports each type with the types it uses into `folder`. Amounts are `i64`
/// cents, which JSON carries as plain numbers; the domain caps them far below
/// 2^53, so `number` is exact.
pub fn export_all(folder: &Path) -> Result<(), ExportError> {
    let config = Config::new().with_out_dir(folder).with_large_int("number");
    CommandError::export_all(&config)?;
    SessionView::export_all(&config)?;
    CartView::export_all(&config)?;
    ProductHit::export_all(&config)?;
    DiscountInput::export_all(&config)?;
    ManagerApproval::export_all(&config)?;
    TenderInput::export_all(&config)?;
    TenderStart::export_all(&config)?;
    SaleView::export_all(&config)?;
    PrintedReceipt::export_all(&config)?;
    ReturnableSale::export_all(&config)?;
    ReturnInput::export_all(&config)?;
    ReturnView::export_all(&config)?;
    giggatek_domain::ShiftReport::export_all(&config)?;
    CustomerInput::export_all(&config)?;
    CustomerView::export_all(&config)?;
    ContractInput::export_all(&config)?;
    ContractDetail::export_all(&config)?;
    ContractPaymentInput::export_all(&config)?;
    ContractPaymentView::export_all(&config)?;
    ContractReturnInput::export_all(&config)?;
    UnitInput::export_all(&config)?;
    UnitView::export_all(&config)?;
    ContractChargeOffInput::export_all(&config)?;
    RentOutInput::export_all(&config)?;
    ShortTermView::export_all(&config)?;
    ShortTermReturnInput::export_all(&config)?;
    ShortTermReturnView::export_all(&config)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    #[ignore = "writes ui/src/bindings; run through scripts/check-bindings"]
    fn export_bindings() {
        let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
        let result = super::export_all(&folder);
        assert!(result.is_ok(), "exporting bindings failed: {result:?}");
    }
}
