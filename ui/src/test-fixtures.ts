import type { CartLineView } from "./bindings/CartLineView";
import type { CartView } from "./bindings/CartView";

/** Returns an empty cart as the terminal sends it, with 8.25 % tax. */
export function emptyCart(): CartView {
  return {
    lines: [],
    cart_discount: null,
    subtotal: 0,
    discount: 0,
    tax_label: "Tax 8.25%",
    tax: 0,
    total: 0,
  };
}

/** Returns a one-line cart: a $19.99 item, tax 165 cents, total 2164 cents. */
export function cartWithOneLine(): CartView {
  const line: CartLineView = {
    index: 0,
    product_id: 7,
    sku: "GG-000007",
    barcode: "2000000000077",
    name: "Ryzen 5 7600",
    quantity: 1,
    list_price: 1999,
    unit_price: 1999,
    discount: null,
    gross: 1999,
    discount_amount: 0,
    net: 1999,
  };
  return { ...emptyCart(), lines: [line], subtotal: 1999, tax: 165, total: 2164 };
}
