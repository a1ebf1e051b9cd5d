import { call } from "./api";
import type { SyncStatusView } from "./bindings/SyncStatusView";

/** The sync indicator's commands, named as in Rust. */
export const syncApi = {
  syncStatus: () => call<SyncStatusView>("sync_status"),
  syncNow: () => call<SyncStatusView>("sync_now"),
};
