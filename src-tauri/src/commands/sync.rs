//! The sync indicator: the state of background sync, and "Sync now".

use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;
use crate::sync_view::SyncStatusView;

/// Returns the sync indicator's figures.
#[tauri::command(rename_all = "snake_case")]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatusView, CommandError> {
    status_view(&state)
}

/// Wakes the background sync to run a round now.
#[tauri::command(rename_all = "snake_case")]
pub fn sync_now(state: State<'_, AppState>) -> Result<SyncStatusView, CommandError> {
    state.sync.request_sync();
    status_view(&state)
}

fn status_view(state: &AppState) -> Result<SyncStatusView, CommandError> {
    let status = state.with_store(|store| store.sync_status())?;
    Ok(SyncStatusView::new(&state.sync.state(), &status))
}
