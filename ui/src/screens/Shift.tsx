import { useEffect, useState } from "preact/hooks";

import { api } from "../api";
import type { ShiftReport } from "../bindings/ShiftReport";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../components/ManagerFields";
import { useAction } from "../components/useAction";
import { ShiftReportView } from "./ShiftReportView";

type Panel = "x" | "paid-in" | "paid-out" | "no-sale" | "close";

const SUBMIT_LABELS: Record<Panel, string> = {
  x: "Run X report",
  "paid-in": "Record paid in",
  "paid-out": "Record paid out",
  "no-sale": "Open drawer",
  close: "Close shift",
};

interface ShiftProps {
  /** Called after the Z report is acknowledged: the shift is closed. */
  onClosed: () => void;
}

/** Shift tasks: X report, paid in and out, no-sale, and closing with the Z report. */
export function Shift({ onClosed }: ShiftProps) {
  const [panel, setPanel] = useState<Panel>("x");
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [zReport, setZReport] = useState<ShiftReport | null>(null);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [countedCash, setCountedCash] = useState("");
  const [countedCard, setCountedCard] = useState("");
  const [manager, setManager] = useState(NO_MANAGER);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const choose = (next: Panel) => {
    setPanel(next);
    setAmount("");
    setReason("");
    setDone(null);
    if (next === "x") {
      loadX();
    }
  };

  const loadX = async () => {
    const next = await run(() => api.xReport());
    if (next) {
      setReport(next);
    }
  };

  useEffect(() => {
    loadX();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    if (panel === "close") {
      const z = await run(() => api.closeShift(countedCash, countedCard, manager));
      setManager({ ...manager, pin: "" });
      if (z) {
        setZReport(z);
      }
      return;
    }
    const action =
      panel === "paid-in"
        ? () => api.paidIn(amount, reason)
        : panel === "paid-out"
          ? () => api.paidOut(amount, reason)
          : () => api.noSale(reason, manager);
    const next = await run(action);
    setManager({ ...manager, pin: "" });
    if (next) {
      setReport(next);
      setAmount("");
      setReason("");
      setDone(panel === "no-sale" ? "Drawer opened; the no-sale is recorded." : "Recorded.");
    }
  };

  if (zReport) {
    return (
      <section class="card" data-testid="shift-closed">
        <ShiftReportView title="Z report: shift closed" report={zReport} testId="z-report" />
        <button type="button" class="primary" autoFocus onClick={onClosed} data-testid="shift-closed-done">
          Done
        </button>
      </section>
    );
  }

  return (
    <section class="shift" data-testid="shift">
      <nav class="segmented">
        {(
          [
            ["x", "X report"],
            ["paid-in", "Paid in"],
            ["paid-out", "Paid out"],
            ["no-sale", "No sale"],
            ["close", "Close shift"],
          ] as const
        ).map(([key, label]) => (
          <button
            key={key}
            type="button"
            class={panel === key ? "selected" : ""}
            onClick={() => choose(key)}
            data-testid={`shift-tab-${key}`}
          >
            {label}
          </button>
        ))}
      </nav>
      {panel === "x" ? (
        <div>
          <button type="button" disabled={busy} onClick={loadX} data-testid="x-report-button">
            Run X report
          </button>
          {report && <ShiftReportView title="X report" report={report} testId="x-report" />}
        </div>
      ) : (
        <form class="card narrow" onSubmit={submit} data-testid={`shift-form-${panel}`}>
          {(panel === "paid-in" || panel === "paid-out") && (
            <label>
              Amount
              <input
                autoFocus
                inputMode="decimal"
                value={amount}
                autoComplete="off"
                data-testid="shift-amount"
                onInput={(event) => setAmount(event.currentTarget.value)}
              />
            </label>
          )}
          {panel !== "close" && (
            <label>
              Reason
              <input
                value={reason}
                autoComplete="off"
                data-testid="shift-reason"
                onInput={(event) => setReason(event.currentTarget.value)}
              />
            </label>
          )}
          {panel === "close" && (
            <>
              <label>
                Counted cash in the drawer
                <input
                  autoFocus
                  inputMode="decimal"
                  value={countedCash}
                  autoComplete="off"
                  data-testid="close-counted-cash"
                  onInput={(event) => setCountedCash(event.currentTarget.value)}
                />
              </label>
              <label>
                Card terminal batch total (optional)
                <input
                  inputMode="decimal"
                  value={countedCard}
                  autoComplete="off"
                  data-testid="close-counted-card"
                  onInput={(event) => setCountedCard(event.currentTarget.value)}
                />
              </label>
            </>
          )}
          {(panel === "no-sale" || panel === "close") && <ManagerFields value={manager} onChange={setManager} />}
          <button type="submit" class="primary" disabled={busy} data-testid="shift-submit">
            {SUBMIT_LABELS[panel]}
          </button>
          {done && (
            <p class="ok" data-testid="shift-done">
              {done}
            </p>
          )}
        </form>
      )}
      <ErrorLine message={error} testId="shift-error" />
    </section>
  );
}
