import type { CartView } from "../bindings/CartView";
import { formatMoney } from "../money";
import { describeDiscount } from "./CartTable";

/** Subtotal, discount, tax and total, as the terminal priced the cart. */
export function Totals({ cart }: { cart: CartView }) {
  return (
    <dl class="totals" data-testid="totals">
      <dt>Subtotal</dt>
      <dd data-testid="total-subtotal">{formatMoney(cart.subtotal)}</dd>
      <dt>Discount {cart.cart_discount && <small>(cart {describeDiscount(cart.cart_discount)})</small>}</dt>
      <dd data-testid="total-discount">{cart.discount > 0 ? `-${formatMoney(cart.discount)}` : formatMoney(0)}</dd>
      <dt>{cart.tax_label}</dt>
      <dd data-testid="total-tax">{formatMoney(cart.tax)}</dd>
      <dt class="grand">Total</dt>
      <dd class="grand" data-testid="total-total">
        {formatMoney(cart.total)}
      </dd>
    </dl>
  );
}
