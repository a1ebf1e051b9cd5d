import { Fragment } from "preact";
import { useState } from "preact/hooks";

import { api } from "../api";
import type { ReturnableSale } from "../bindings/ReturnableSale";
import type { ReturnView } from "../bindings/ReturnView";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../components/ManagerFields";
import { ReceiptPrint } from "../components/ReceiptPrint";
import { useAction } from "../components/useAction";
import { formatMoney } from "../money";

/**
 * A return against a receipt number: look the sale up, type the units coming
 * back per line, and have a manager approve with their code and PIN. The
 * terminal works out the refund per line and per original tender.
 */
export function Returns() {
  const [receiptNumber, setReceiptNumber] = useState("");
  const [sale, setSale] = useState<ReturnableSale | null>(null);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [reason, setReason] = useState("");
  const [manager, setManager] = useState(NO_MANAGER);
  const [result, setResult] = useState<ReturnView | null>(null);
  const { busy, error, run } = useAction();

  const find = async (event: Event) => {
    event.preventDefault();
    setResult(null);
    const found = await run(() => api.findSaleForReturn(receiptNumber));
    setSale(found ?? null);
    setQuantities({});
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!sale) {
      return;
    }
    const lines = sale.lines.map((line) => ({ line_no: line.line_no, quantity: quantities[line.line_no] ?? "" }));
    const recorded = await run(() =>
      api.recordReturn({ receipt_number: sale.receipt_number, lines, reason, manager }),
    );
    setManager({ ...manager, pin: "" });
    if (recorded) {
      setResult(recorded);
      setSale(null);
    }
  };

  return (
    <section class="returns" data-testid="returns">
      <form class="inline" onSubmit={find}>
        <label>
          Receipt number
          <input
            autoFocus
            value={receiptNumber}
            autoComplete="off"
            placeholder="S01-T01-000042"
            data-testid="return-receipt-input"
            onInput={(event) => setReceiptNumber(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy} data-testid="return-find">
          Find sale
        </button>
      </form>
      {sale && (
        <form class="card" onSubmit={submit} data-testid="return-sale">
          <h2>Sale {sale.receipt_number}</h2>
          <table class="cart">
            <thead>
              <tr>
                <th>Item</th>
                <th class="number">Sold</th>
                <th class="number">Returned</th>
                <th class="number">Net</th>
                <th class="number">Return now</th>
              </tr>
            </thead>
            <tbody>
              {sale.lines.map((line) => (
                <tr key={line.line_no} data-testid={`return-line-${line.line_no}`}>
                  <td>
                    <div class="name">{line.name}</div>
                    <div class="sku">{line.sku}</div>
                  </td>
                  <td class="number">{line.quantity_sold}</td>
                  <td class="number">{line.quantity_returned}</td>
                  <td class="number">{formatMoney(line.net)}</td>
                  <td class="number">
                    <input
                      class="quantity"
                      inputMode="numeric"
                      value={quantities[line.line_no] ?? ""}
                      disabled={line.quantity_returned >= line.quantity_sold}
                      aria-label={`Units of ${line.name} coming back`}
                      data-testid={`return-qty-${line.line_no}`}
                      onInput={(event) =>
                        setQuantities({ ...quantities, [line.line_no]: event.currentTarget.value })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Reason
            <input
              value={reason}
              autoComplete="off"
              data-testid="return-reason"
              onInput={(event) => setReason(event.currentTarget.value)}
            />
          </label>
          <ManagerFields value={manager} onChange={setManager} />
          <button type="submit" class="primary" disabled={busy} data-testid="return-submit">
            Refund
          </button>
        </form>
      )}
      <ErrorLine message={error} testId="return-error" />
      {result && (
        <section class="card" data-testid="return-result">
          <h2>Refund {result.receipt_number}</h2>
          <dl class="totals">
            <dt>Net</dt>
            <dd>{formatMoney(result.net)}</dd>
            <dt>Tax</dt>
            <dd>{formatMoney(result.tax)}</dd>
            <dt class="grand">Refund total</dt>
            <dd class="grand" data-testid="return-total">
              {formatMoney(result.total)}
            </dd>
            {result.refunds.map((refund, index) => (
              <Fragment key={index}>
                <dt>{refund.kind === "cash" ? "Give back in cash" : "Refund to card"}</dt>
                <dd data-testid={`return-refund-${refund.kind}`}>
                  {formatMoney(refund.amount)}
                </dd>
              </Fragment>
            ))}
          </dl>
          <ReceiptPrint receiptNumber={result.receipt_number} label="Print refund receipt" />
        </section>
      )}
    </section>
  );
}
