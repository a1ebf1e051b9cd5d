import { useState } from "preact/hooks";

import { api } from "../api";
import type { PrintedReceipt } from "../bindings/PrintedReceipt";
import type { SaleView } from "../bindings/SaleView";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";
import { formatMoney } from "../money";

interface SaleCompleteProps {
  sale: SaleView;
  onNewSale: () => void;
}

/** Shows the finished sale: change due, the receipt preview and printing. */
export function SaleComplete({ sale, onNewSale }: SaleCompleteProps) {
  const [receipt, setReceipt] = useState<PrintedReceipt | null>(null);
  const { busy, error, run } = useAction();

  const print = async () => {
    const printed = await run(() => api.printReceipt(sale.receipt_number));
    if (printed) {
      setReceipt(printed);
    }
  };

  return (
    <section class="card sale-complete" data-testid="sale-complete">
      <h1>Sale complete</h1>
      <dl class="totals big">
        <dt>Receipt</dt>
        <dd data-testid="sale-receipt-number">{sale.receipt_number}</dd>
        <dt>Total</dt>
        <dd data-testid="sale-total">{formatMoney(sale.amount_due)}</dd>
        {sale.rounding !== 0 && (
          <>
            <dt>Cash rounding</dt>
            <dd data-testid="sale-rounding">{formatMoney(sale.rounding)}</dd>
          </>
        )}
        <dt class="grand">Change due</dt>
        <dd class="grand" data-testid="sale-change">
          {formatMoney(sale.change)}
        </dd>
      </dl>
      <div class="buttons">
        <button type="button" disabled={busy} onClick={print} data-testid="print-button">
          Print receipt
        </button>
        <button type="button" class="primary" autoFocus onClick={onNewSale} data-testid="new-sale-button">
          New sale
        </button>
      </div>
      <ErrorLine message={error} testId="print-error" />
      {receipt && (
        <figure class="receipt">
          <pre data-testid="receipt-preview">{receipt.text}</pre>
          <figcaption class="hint" data-testid="receipt-files">
            Saved to {receipt.text_file}
            {receipt.pdf_file ? ` and ${receipt.pdf_file}` : ""}
          </figcaption>
          <ErrorLine message={receipt.pdf_error} testId="receipt-pdf-error" />
        </figure>
      )}
    </section>
  );
}
