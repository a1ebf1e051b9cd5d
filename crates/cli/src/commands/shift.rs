//! `shift open|paid-in|paid-out|no-sale|close` and `report`.

use giggatek_domain::{ShiftCount, ShiftReport, TenderLine};
use giggatek_store::CashMovement;

use super::{Context, manager, sign_in};
use crate::args::{CashMovementArgs, ShiftCommand};
use crate::error::{CliError, Failure};
use crate::input::money;
use crate::output::emit;

pub fn run(context: &mut Context, command: ShiftCommand) -> Result<(), CliError> {
    match command {
        ShiftCommand::Open { staff, opening_float } => {
            let opening_float = money("--float", &opening_float)?;
            let staff = sign_in(&context.store, &staff)?;
            let shift = context.store.open_shift(&staff, opening_float)?;
            emit(context.json, &shift, |s| {
                format!("Opened shift {} with a float of {}.", s.id, s.opening_float)
            })
        }
        ShiftCommand::PaidIn(args) => cash_movement(context, &args, true),
        ShiftCommand::PaidOut(args) => cash_movement(context, &args, false),
        ShiftCommand::NoSale {
            staff,
            manager: approval,
            reason,
        } => {
            let staff = sign_in(&context.store, &staff)?;
            let manager = manager(&context.store, &approval)?;
            let movement = context.store.no_sale(&staff, &manager, &reason)?;
            emit(context.json, &movement, |m| {
                format!("Recorded a no-sale drawer open on shift {}.", m.shift_id)
            })
        }
        ShiftCommand::Close {
            manager: approval,
            cash,
            card,
        } => {
            let cash = money("--cash", &cash)?;
            let card = card.map(|card| money("--card", &card)).transpose()?;
            let manager = manager(&context.store, &approval)?;
            let report = context.store.close_shift(&manager, ShiftCount { cash, card })?;
            emit(context.json, &report, |r| {
                format!("Shift closed. Z report:\n{}", report_text(r))
            })
        }
    }
}

fn cash_movement(context: &mut Context, args: &CashMovementArgs, paid_in: bool) -> Result<(), CliError> {
    let option = if paid_in { "paid-in amount" } else { "paid-out amount" };
    let amount = money(option, &args.amount)?;
    let staff = sign_in(&context.store, &args.staff)?;
    let movement: CashMovement = if paid_in {
        context.store.paid_in(&staff, amount, &args.reason)?
    } else {
        context.store.paid_out(&staff, amount, &args.reason)?
    };
    emit(context.json, &movement, |m| {
        let verb = if paid_in { "Paid in" } else { "Paid out" };
        format!("{verb} {} on shift {}: {}.", m.amount, m.shift_id, m.reason)
    })
}

pub fn report(context: &Context, shift: Option<i64>) -> Result<(), CliError> {
    let shift_id = match shift {
        Some(id) => id,
        None => match context.store.current_shift()? {
            Some(open) => open.id,
            None => {
                return Err(CliError::new(
                    Failure::Conflict,
                    "no shift is open: pass --shift ID for a closed shift's Z report",
                ));
            }
        },
    };
    let report = context.store.shift_report(shift_id)?;
    emit(context.json, &report, |r| {
        format!("Shift {shift_id}\n{}", report_text(r))
    })
}

fn report_text(report: &ShiftReport) -> String {
    let a = &report.activity;
    let mut lines = vec![
        format!(
            "  sales {}  returns {}  no-sale opens {}",
            a.sale_count, a.return_count, a.no_sale_count
        ),
        format!("  opening float   {:>12}", a.opening_float),
        format!("  cash sales      {:>12}", a.cash_sales),
        format!("  card sales      {:>12}", a.card_sales),
        format!("  cash refunds    {:>12}", a.cash_refunds),
        format!("  card refunds    {:>12}", a.card_refunds),
        format!("  paid in         {:>12}", a.paid_in),
        format!("  paid out        {:>12}", a.paid_out),
        format!("  tax collected   {:>12}", a.tax_collected),
        format!("  tax refunded    {:>12}", a.tax_refunded),
        format!("  net sales       {:>12}", report.net_sales),
    ];
    lines.push(tender_text("cash", &report.cash));
    lines.push(tender_text("card", &report.card));
    lines.join("\n")
}

fn tender_text(label: &str, line: &TenderLine) -> String {
    let mut text = format!("  {label} expected {:>12}", line.expected);
    if let Some(counted) = line.counted {
        text.push_str(&format!("  counted {counted}"));
    }
    if let Some(over_short) = line.over_short {
        text.push_str(&format!("  over/short {over_short}"));
    }
    text
}
