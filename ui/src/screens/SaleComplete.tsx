import type { SaleView } from "../bindings/SaleView";
import { ReceiptPrint } from "../components/ReceiptPrint";
import { formatMoney } from "../money";

interface SaleCompleteProps {
  sale: SaleView;
  onNewSale: () => void;
}

/** Shows the finished sale: change due, the receipt preview and printing. */
export function SaleComplete({ sale, onNewSale }: SaleCompleteProps) {
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
        <button type="button" class="primary" autoFocus onClick={onNewSale} data-testid="new-sale-button">
          New sale
        </button>
      </div>
      <ReceiptPrint receiptNumber={sale.receipt_number} label="Print receipt" />
    </section>
  );
}
