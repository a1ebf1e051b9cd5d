import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import type { SyncStatusView } from "../bindings/SyncStatusView";
import { SyncIndicator } from "./SyncIndicator";

afterEach(() => {
  cleanup();
  clearMocks();
});

function status(overrides: Partial<SyncStatusView>): SyncStatusView {
  return {
    connection: "online",
    waiting: 0,
    last_sync_at: null,
    message: null,
    retry_in_seconds: null,
    clock_warning: null,
    rejections: [],
    conflicts: [],
    ...overrides,
  };
}

describe("SyncIndicator", () => {
  it("shows a terminal that is not enrolled", async () => {
    mockIPC((command) => {
      if (command === "sync_status") {
        return status({ connection: "not_enrolled", waiting: 3 });
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<SyncIndicator />);
    await waitFor(() => screen.getByTestId("sync-state"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Not enrolled");
    expect((screen.getByTestId("sync-state") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("sync-waiting").textContent).toBe("3 waiting");
    expect(screen.getByTestId("sync-last").textContent).toBe("never synced");
    expect(screen.queryByTestId("sync-clock")).toBeNull();
  });

  it("shows offline with the retry message", async () => {
    mockIPC(() =>
      status({
        connection: "offline",
        waiting: 12,
        message: "the server is unreachable or failed: connection refused",
        retry_in_seconds: 8,
      }),
    );
    render(<SyncIndicator />);
    await waitFor(() => screen.getByTestId("sync-state"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Offline");
    expect(screen.getByTestId("sync-waiting").textContent).toBe("12 waiting");
    expect(screen.getByTestId("sync-indicator").getAttribute("title")).toBe(
      "the server is unreachable or failed: connection refused",
    );
    expect(screen.queryByTestId("sync-error")).toBeNull();
  });

  it("shows a rejected request on screen", async () => {
    mockIPC(() =>
      status({
        connection: "error",
        waiting: 4,
        message: "the server rejected the request (413): a batch may carry at most 2000 records",
        retry_in_seconds: 30,
      }),
    );
    render(<SyncIndicator />);
    await waitFor(() => screen.getByTestId("sync-error"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Sync error");
    expect(screen.getByTestId("sync-error").textContent).toBe(
      "the server rejected the request (413): a batch may carry at most 2000 records",
    );
    expect(screen.getByTestId("sync-waiting").textContent).toBe("4 waiting");
  });

  it("shows the last sync, rejections, conflicts and a clock warning", async () => {
    const lastSync = new Date(2026, 11, 4, 14, 5, 0).toISOString();
    mockIPC(() =>
      status({
        last_sync_at: lastSync,
        clock_warning: "This terminal's clock is 300 s behind the server's: ask a manager to set the system clock.",
        rejections: ["sale: amount 2000000000 cents must be 0 to 1000000000"],
        conflicts: ["unit SN-TV-1 is on two active contracts"],
      }),
    );
    render(<SyncIndicator />);
    await waitFor(() => screen.getByTestId("sync-clock"));
    expect(screen.getByTestId("sync-state").textContent).toBe("Online");
    expect(screen.getByTestId("sync-last").textContent).toBe("last sync 14:05");
    expect(screen.getByTestId("sync-rejected").textContent).toBe("1 rejected");
    expect(screen.getByTestId("sync-conflicts").textContent).toBe("1 conflicts");
    expect(screen.getByTestId("sync-clock").textContent).toBe(
      "This terminal's clock is 300 s behind the server's: ask a manager to set the system clock.",
    );
  });

  it("asks for a sync now on click", async () => {
    const calls: string[] = [];
    mockIPC((command) => {
      calls.push(command);
      return command === "sync_now" ? status({ connection: "online", waiting: 0 }) : status({ waiting: 2 });
    });
    render(<SyncIndicator />);
    await waitFor(() => screen.getByTestId("sync-state"));
    expect(screen.getByTestId("sync-waiting").textContent).toBe("2 waiting");
    fireEvent.click(screen.getByTestId("sync-state"));
    await waitFor(() => expect(screen.getByTestId("sync-waiting").textContent).toBe("0 waiting"));
    expect(calls).toEqual(["sync_status", "sync_now"]);
  });

  it("keeps working when the state cannot be read", async () => {
    mockIPC(() => {
      throw { kind: "storage", message: "The store file could not be opened." };
    });
    render(<SyncIndicator />);
    await waitFor(() => expect(screen.getByTestId("sync-indicator").textContent).toBe("Sync unknown"));
    expect(screen.getByTestId("sync-indicator").getAttribute("title")).toBe("The store file could not be opened.");
  });
});
