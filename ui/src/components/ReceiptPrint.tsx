import { useState } from "preact/hooks";

import { api } from "../api";
import type { PrintedReceipt } from "../bindings/PrintedReceipt";
import { ErrorLine } from "./ErrorLine";
import { useAction } from "./useAction";

interface ReceiptPrintProps {
  receiptNumber: string;
  /** Label of the print button: "Print receipt", "Print refund receipt". */
  label: string;
}

/** Shows a print button for a sale or refund receipt and, once printed, its preview. */
export function ReceiptPrint({ receiptNumber, label }: ReceiptPrintProps) {
  const [receipt, setReceipt] = useState<PrintedReceipt | null>(null);
  const { busy, error, run } = useAction();

  const print = async () => {
    const printed = await run(() => api.printReceipt(receiptNumber));
    if (printed) {
      setReceipt(printed);
    }
  };

  return (
    <div class="receipt-print">
      <button type="button" disabled={busy} onClick={print} data-testid="print-button">
        {label}
      </button>
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
    </div>
  );
}
