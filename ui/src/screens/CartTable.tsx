import { useEffect, useState } from "preact/hooks";

import type { CartLineView } from "../bindings/CartLineView";
import type { CartView } from "../bindings/CartView";
import type { Discount } from "../bindings/Discount";
import { formatMoney } from "../money";

interface CartTableProps {
  cart: CartView;
  /** Index of the line the last scan changed, highlighted. */
  highlighted: number | null;
  onQuantity: (index: number, quantity: string) => void;
  onDiscount: (line: CartLineView) => void;
  onOverride: (line: CartLineView) => void;
  onRemove: (index: number) => void;
}

/** Describes a discount as typed: "10%" or "$5.00 off". */
export function describeDiscount(discount: Discount | null): string {
  if (!discount) {
    return "";
  }
  if (discount.kind === "percent") {
    // Percent travels as millionths of the whole: 100000 is 10 %.
    return `${discount.value / 10000}%`;
  }
  return `${formatMoney(discount.value)} off`;
}

/** Shows the cart's lines, with quantity, discount, price override and remove per line. */
export function CartTable({ cart, highlighted, onQuantity, onDiscount, onOverride, onRemove }: CartTableProps) {
  if (cart.lines.length === 0) {
    return (
      <p class="empty-cart" data-testid="cart-empty">
        The cart is empty. Scan an item to start a sale.
      </p>
    );
  }
  return (
    <table class="cart" data-testid="cart">
      <thead>
        <tr>
          <th>Item</th>
          <th class="number">Qty</th>
          <th class="number">Price</th>
          <th class="number">Discount</th>
          <th class="number">Amount</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {cart.lines.map((line) => (
          <CartRow
            key={`${line.index}-${line.product_id}`}
            line={line}
            highlighted={line.index === highlighted}
            onQuantity={onQuantity}
            onDiscount={onDiscount}
            onOverride={onOverride}
            onRemove={onRemove}
          />
        ))}
      </tbody>
    </table>
  );
}

interface CartRowProps {
  line: CartLineView;
  highlighted: boolean;
  onQuantity: (index: number, quantity: string) => void;
  onDiscount: (line: CartLineView) => void;
  onOverride: (line: CartLineView) => void;
  onRemove: (index: number) => void;
}

function CartRow({ line, highlighted, onQuantity, onDiscount, onOverride, onRemove }: CartRowProps) {
  const [quantity, setQuantity] = useState(String(line.quantity));
  useEffect(() => setQuantity(String(line.quantity)), [line.quantity]);

  const commit = () => {
    if (quantity !== String(line.quantity)) {
      onQuantity(line.index, quantity);
    }
  };
  const overridden = line.unit_price !== line.list_price;

  return (
    <tr class={highlighted ? "highlighted" : ""} data-testid={`cart-line-${line.index}`}>
      <td>
        <div class="name" data-testid={`line-name-${line.index}`}>
          {line.name}
        </div>
        <div class="sku">
          {line.sku} · {line.barcode}
        </div>
      </td>
      <td class="number">
        <input
          class="quantity"
          inputMode="numeric"
          value={quantity}
          aria-label={`Quantity of ${line.name}`}
          data-testid={`line-qty-${line.index}`}
          onInput={(event) => setQuantity(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              commit();
            }
          }}
          onBlur={commit}
        />
      </td>
      <td class="number" data-testid={`line-price-${line.index}`}>
        {overridden && <s class="list-price">{formatMoney(line.list_price)}</s>} {formatMoney(line.unit_price)}
      </td>
      <td class="number" data-testid={`line-discount-${line.index}`}>
        {line.discount_amount > 0 ? `-${formatMoney(line.discount_amount)}` : ""}
        <div class="sku">{describeDiscount(line.discount)}</div>
      </td>
      <td class="number" data-testid={`line-net-${line.index}`}>
        {formatMoney(line.net)}
      </td>
      <td class="actions">
        <button type="button" onClick={() => onDiscount(line)} data-testid={`line-discount-button-${line.index}`}>
          Discount
        </button>
        <button type="button" onClick={() => onOverride(line)} data-testid={`line-override-button-${line.index}`}>
          Price
        </button>
        <button type="button" class="danger" onClick={() => onRemove(line.index)} data-testid={`line-remove-${line.index}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}
