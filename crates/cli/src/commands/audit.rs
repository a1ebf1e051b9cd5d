//! `audit`: the latest audit log entries.

use super::Context;
use crate::error::CliError;
use crate::output::emit;

pub fn run(context: &Context, limit: u32) -> Result<(), CliError> {
    let entries = context.store.audit_entries(limit)?;
    emit(context.json, &entries, |entries| {
        entries
            .iter()
            .map(|entry| {
                let staff = entry.staff_id.map_or("-".to_string(), |id| id.to_string());
                format!(
                    "{} {:<18} {:<16} staff {staff} {}",
                    entry.created_at, entry.action, entry.subject, entry.detail
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}
