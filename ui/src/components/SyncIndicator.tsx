import { useEffect, useState } from "preact/hooks";

import { CommandFailure } from "../api";
import type { SyncConnection } from "../bindings/SyncConnection";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { syncApi } from "../sync-api";

/** Interval between reads of the sync state, in milliseconds. */
export const SYNC_POLL_MS = 5_000;

const LABELS: Record<SyncConnection, string> = {
  not_enrolled: "Not enrolled",
  connecting: "Connecting",
  online: "Online",
  offline: "Offline",
  error: "Sync error",
};

/** Formats an RFC 3339 instant as the local time of day, HH:MM. */
function timeOfDay(instant: string): string {
  const date = new Date(instant);
  const hours = String(date.getHours()).padStart(2, "0");
  const minutes = String(date.getMinutes()).padStart(2, "0");
  return `${hours}:${minutes}`;
}

interface SyncIndicatorProps {
  pollMs?: number;
}

/**
 * Shows the sync state in the top bar: online or offline, records waiting, the
 * last sync time, and warnings for a wrong clock, rejected records and
 * conflicts. A click requests a sync now.
 */
export function SyncIndicator({ pollMs = SYNC_POLL_MS }: SyncIndicatorProps) {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const apply = (load: Promise<SyncStatusView>) =>
    load.then(
      (view) => {
        setStatus(view);
        setFailure(null);
      },
      (error: unknown) =>
        setFailure(error instanceof CommandFailure ? error.message : "The sync state could not be read."),
    );

  useEffect(() => {
    apply(syncApi.syncStatus());
    const timer = setInterval(() => apply(syncApi.syncStatus()), pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);

  if (!status) {
    return (
      <span class="sync" data-testid="sync-indicator" title={failure ?? undefined}>
        {failure ? "Sync unknown" : "Sync…"}
      </span>
    );
  }

  const details = [status.message, ...status.rejections, ...status.conflicts].filter(Boolean).join("\n");
  return (
    <span class={`sync sync-${status.connection}`} data-testid="sync-indicator" title={details || undefined}>
      <button
        type="button"
        class="ghost"
        disabled={status.connection === "not_enrolled"}
        onClick={() => apply(syncApi.syncNow())}
        data-testid="sync-state"
      >
        {LABELS[status.connection]}
      </button>
      <span data-testid="sync-waiting">{status.waiting} waiting</span>
      <span data-testid="sync-last">
        {status.last_sync_at ? `last sync ${timeOfDay(status.last_sync_at)}` : "never synced"}
      </span>
      {status.connection === "error" && status.message && (
        <span class="warning" role="alert" data-testid="sync-error">
          {status.message}
        </span>
      )}
      {status.rejections.length > 0 && (
        <span class="warning" data-testid="sync-rejected">
          {status.rejections.length} rejected
        </span>
      )}
      {status.conflicts.length > 0 && (
        <span class="warning" data-testid="sync-conflicts">
          {status.conflicts.length} conflicts
        </span>
      )}
      {status.clock_warning && (
        <span class="warning" role="alert" data-testid="sync-clock">
          {status.clock_warning}
        </span>
      )}
    </span>
  );
}
