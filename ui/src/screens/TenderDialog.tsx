import { useState } from "preact/hooks";

import { api } from "../api";
import type { SaleView } from "../bindings/SaleView";
import type { TenderInput } from "../bindings/TenderInput";
import type { TenderStart } from "../bindings/TenderStart";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";
import { formatMoney, formatMoneyInput } from "../money";

type Mode = "cash" | "card" | "split";

const MODE_LABELS: Record<Mode, string> = { cash: "Cash", card: "Card", split: "Card + cash" };

interface TenderDialogProps {
  start: TenderStart;
  onCompleted: (sale: SaleView) => void;
  onCancel: () => void;
}

/**
 * Takes payment: cash with change due, a card approved on the card terminal
 * (approval code and last four digits), or a card part with the rest in
 * cash. The terminal works out change and what is still due.
 */
export function TenderDialog({ start, onCompleted, onCancel }: TenderDialogProps) {
  const [mode, setMode] = useState<Mode>("cash");
  const [cash, setCash] = useState("");
  const [cardAmount, setCardAmount] = useState(formatMoneyInput(start.total));
  const [approval, setApproval] = useState("");
  const [last4, setLast4] = useState("");
  const { busy, error, run } = useAction();

  const tenders = (): TenderInput[] => {
    const card: TenderInput = { kind: "card", amount: cardAmount, approval_code: approval, last4 };
    switch (mode) {
      case "cash":
        return [{ kind: "cash", tendered: cash }];
      case "card":
        return [card];
      case "split":
        return [card, { kind: "cash", tendered: cash }];
    }
  };

  const charge = async (event: Event) => {
    event.preventDefault();
    const sale = await run(() => api.completeSale(tenders()));
    if (sale) {
      onCompleted(sale);
    }
  };

  const chooseMode = (next: Mode) => {
    setMode(next);
    if (next === "split") {
      setCardAmount("");
    } else if (next === "card") {
      setCardAmount(formatMoneyInput(start.total));
    }
  };

  return (
    <Dialog title="Payment" testId="tender-dialog" onClose={onCancel}>
      <form onSubmit={charge}>
        <p class="due">
          Total <strong data-testid="tender-total">{formatMoney(start.total)}</strong>
          {start.cash_due !== start.total && (
            <span class="hint" data-testid="tender-cash-due">
              {" "}
              · in cash {formatMoney(start.cash_due)}
            </span>
          )}
        </p>
        <div class="segmented" role="tablist">
          {(["cash", "card", "split"] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="tab"
              aria-selected={mode === option}
              class={mode === option ? "selected" : ""}
              data-testid={`tender-mode-${option}`}
              onClick={() => chooseMode(option)}
            >
              {MODE_LABELS[option]}
            </button>
          ))}
        </div>
        {mode !== "cash" && (
          <fieldset>
            <legend>Card (approved on the card terminal)</legend>
            <label>
              Card amount
              <input
                inputMode="decimal"
                value={cardAmount}
                autoComplete="off"
                data-testid="tender-card-amount"
                onInput={(event) => setCardAmount(event.currentTarget.value)}
              />
            </label>
            <label>
              Approval code
              <input
                value={approval}
                autoComplete="off"
                data-testid="tender-card-approval"
                onInput={(event) => setApproval(event.currentTarget.value)}
              />
            </label>
            <label>
              Last four digits
              <input
                inputMode="numeric"
                maxLength={4}
                value={last4}
                autoComplete="off"
                data-testid="tender-card-last4"
                onInput={(event) => setLast4(event.currentTarget.value)}
              />
            </label>
          </fieldset>
        )}
        {mode !== "card" && (
          <label>
            Cash received
            <input
              autoFocus
              inputMode="decimal"
              value={cash}
              autoComplete="off"
              data-testid="tender-cash"
              onInput={(event) => setCash(event.currentTarget.value)}
            />
          </label>
        )}
        {mode === "cash" && (
          <button type="button" class="ghost" onClick={() => setCash(formatMoneyInput(start.cash_due))} data-testid="tender-exact">
            Exact cash
          </button>
        )}
        <button type="submit" class="primary big" disabled={busy} data-testid="charge-button">
          Charge {formatMoney(start.total)}
        </button>
        <ErrorLine message={error} testId="tender-error" />
      </form>
    </Dialog>
  );
}
