//! `enrol`, `sync` and `sync-status`: this terminal and the sync server.

use std::path::Path;
use std::time::Duration;

use giggatek_sync_client::{
    DeviceCredential, EnrolRequest, SyncClient, SyncOptions, enrol as enrol_terminal, load_credential, save_credential,
};
use serde_json::json;

use super::Context;
use crate::error::{CliError, Failure};
use crate::output::emit;

/// Timeout of the enrolment request.
const ENROL_TIMEOUT: Duration = Duration::from_secs(30);

/// Enrols this terminal with the store and terminal codes of its settings,
/// which the server checks against the ones the code was made for.
pub fn enrol(context: &Context, store_path: &Path, server: &str, code: &str) -> Result<(), CliError> {
    let settings = context.store.settings()?;
    let request = EnrolRequest {
        code: code.to_owned(),
        store_code: settings.store_code,
        terminal_code: settings.terminal_code,
    };
    let response = enrol_terminal(server, &request, ENROL_TIMEOUT)?;
    let credential = DeviceCredential {
        server_url: server.to_owned(),
        terminal_id: response.terminal_id,
        store_code: response.store_code,
        terminal_code: response.terminal_code,
        token: response.token,
    };
    let location = save_credential(store_path, &credential)?;
    let output = json!({
        "server": credential.server_url,
        "terminal_id": credential.terminal_id,
        "store_code": credential.store_code,
        "terminal_code": credential.terminal_code,
        "credential": location,
    });
    emit(context.json, &output, |_| {
        format!(
            "Enrolled as terminal {} of store {} with {}",
            credential.terminal_code, credential.store_code, credential.server_url
        )
    })
}

pub fn sync(context: &mut Context, store_path: &Path, args: &crate::args::SyncArgs) -> Result<(), CliError> {
    let Some(credential) = load_credential(store_path)? else {
        return Err(CliError::new(
            Failure::SyncRejected,
            "this terminal is not enrolled: run `giggatek enrol --server URL --code CODE` first",
        ));
    };
    if args.retry_rejected {
        context.store.retry_rejected()?;
    }
    let server = args.server.as_deref().unwrap_or(&credential.server_url);
    let options = SyncOptions {
        retry_for: Duration::from_secs(args.retry_for),
        ..SyncOptions::default()
    };
    let client = SyncClient::new(server, credential.token, options);
    let report = client.sync_with_retry(&mut context.store)?;
    let status = context.store.sync_status()?;
    let output = json!({ "report": report, "rejected": status.rejected, "conflicts": status.conflicts });
    emit(context.json, &output, |_| {
        let mut lines = vec![format!(
            "Synced: {} stored, {} already stored, {} rejected, {} changes applied, {} waiting",
            report.stored, report.already_stored, report.rejected, report.changes_applied, report.waiting
        )];
        for rejection in &status.rejected {
            lines.push(format!(
                "Rejected {} {}: {} ({})",
                rejection.kind, rejection.client_id, rejection.message, rejection.field
            ));
        }
        for conflict in &status.conflicts {
            lines.push(format!("Conflict {}: {}", conflict.id, conflict.message));
        }
        if let Some(warning) = &report.clock_warning {
            lines.push(format!("Warning: {warning}"));
        }
        lines.join("\n")
    })
}

pub fn status(context: &Context) -> Result<(), CliError> {
    let status = context.store.sync_status()?;
    emit(context.json, &status, |status| {
        let mut lines = vec![format!(
            "{} waiting, {} rejected, {} conflicts, last sync {}, last error {}",
            status.waiting,
            status.rejected.len(),
            status.conflicts.len(),
            status.last_success_at.as_deref().unwrap_or("never"),
            status.last_error.as_deref().unwrap_or("none")
        )];
        for conflict in &status.conflicts {
            lines.push(format!("Conflict {}: {}", conflict.id, conflict.message));
        }
        lines.join("\n")
    })
}
