//! `return`: units of sold lines coming back, approved by a manager.

use giggatek_store::{CompletedReturn, ReturnLine, ReturnRequest};

use super::{Context, manager, sign_in};
use crate::args::ReturnArgs;
use crate::error::CliError;
use crate::input;
use crate::output::emit;

pub fn run(context: &mut Context, args: &ReturnArgs) -> Result<(), CliError> {
    let mut lines = Vec::with_capacity(args.lines.len());
    for text in &args.lines {
        let (line_no, quantity) = input::return_line(text)?;
        lines.push(ReturnLine { line_no, quantity });
    }
    let clerk = sign_in(&context.store, &args.staff)?;
    let manager = manager(&context.store, &args.manager)?;
    let request = ReturnRequest {
        client_id: input::client_id(args.client_id.as_deref()),
        receipt_number: args.receipt.clone(),
        lines,
        clerk,
        manager,
        reason: args.reason.clone(),
    };
    let completed = context.store.record_return(&request)?;
    emit(context.json, &completed, return_text)
}

fn return_text(completed: &CompletedReturn) -> String {
    let mut text = format!("Refund {}", completed.receipt_number);
    if completed.replayed {
        text.push_str(" (already recorded under this client id; nothing new was written)");
    }
    text.push_str(&format!(
        "\n  net           {:>10}\n  tax           {:>10}\n  total         {:>10}",
        completed.net, completed.tax, completed.total
    ));
    for (kind, amount) in &completed.refunds {
        text.push_str(&format!("\n  to {:<10} {:>10}", kind.as_str(), amount));
    }
    text
}
