import { invoke } from "@tauri-apps/api/core";

import type { CartView } from "./bindings/CartView";
import type { CommandError } from "./bindings/CommandError";
import type { DiscountInput } from "./bindings/DiscountInput";
import type { ManagerApproval } from "./bindings/ManagerApproval";
import type { PrintedReceipt } from "./bindings/PrintedReceipt";
import type { ProductHit } from "./bindings/ProductHit";
import type { ReturnInput } from "./bindings/ReturnInput";
import type { ReturnView } from "./bindings/ReturnView";
import type { ReturnableSale } from "./bindings/ReturnableSale";
import type { SaleView } from "./bindings/SaleView";
import type { SessionView } from "./bindings/SessionView";
import type { ShiftReport } from "./bindings/ShiftReport";
import type { TenderInput } from "./bindings/TenderInput";
import type { TenderStart } from "./bindings/TenderStart";

/** A failed command, carrying the `{ kind, message }` the terminal sent. */
export class CommandFailure extends Error {
  readonly kind: CommandError["kind"];

  constructor(error: CommandError) {
    super(error.message);
    this.name = "CommandFailure";
    this.kind = error.kind;
  }
}

/**
 * Turns whatever a rejected `invoke` produced into a `CommandError`. The
 * commands always reject with `{ kind, message }`; anything else means the
 * call itself failed (for example a command missing from this build).
 */
export function toCommandError(raw: unknown): CommandError {
  if (typeof raw === "object" && raw !== null) {
    const candidate = raw as Record<string, unknown>;
    if (typeof candidate.kind === "string" && typeof candidate.message === "string") {
      return { kind: candidate.kind as CommandError["kind"], message: candidate.message };
    }
  }
  console.error("terminal command failed without a command error", raw);
  return {
    kind: "storage",
    message: "The terminal did not complete that action. Try again; if it keeps failing, call a manager.",
  };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw new CommandFailure(toCommandError(raw));
  }
}

/** The terminal's commands, one function each, named as in Rust. */
export const api = {
  sessionStatus: () => call<SessionView>("session_status"),
  signIn: (code: string, pin: string) => call<SessionView>("sign_in", { code, pin }),
  signOut: () => call<SessionView>("sign_out"),

  openShift: (openingFloat: string) => call<SessionView>("open_shift", { opening_float: openingFloat }),
  paidIn: (amount: string, reason: string) => call<ShiftReport>("paid_in", { amount, reason }),
  paidOut: (amount: string, reason: string) => call<ShiftReport>("paid_out", { amount, reason }),
  noSale: (reason: string, manager: ManagerApproval) => call<ShiftReport>("no_sale", { reason, manager }),
  xReport: () => call<ShiftReport>("x_report"),
  closeShift: (countedCash: string, countedCard: string, manager: ManagerApproval) =>
    call<ShiftReport>("close_shift", { counted_cash: countedCash, counted_card: countedCard, manager }),

  scanCode: (code: string) => call<CartView>("scan_code", { code }),
  searchProducts: (query: string) => call<ProductHit[]>("search_products", { query }),
  addProduct: (productId: number) => call<CartView>("add_product", { product_id: productId }),

  getCart: () => call<CartView>("get_cart"),
  setQuantity: (index: number, quantity: string) => call<CartView>("set_quantity", { index, quantity }),
  removeLine: (index: number) => call<CartView>("remove_line", { index }),
  setLineDiscount: (index: number, discount: DiscountInput) =>
    call<CartView>("set_line_discount", { index, discount }),
  setCartDiscount: (discount: DiscountInput) => call<CartView>("set_cart_discount", { discount }),
  overridePrice: (index: number, price: string, manager: ManagerApproval) =>
    call<CartView>("override_price", { index, price, manager }),
  voidCart: (reason: string) => call<CartView>("void_cart", { reason }),

  beginTender: () => call<TenderStart>("begin_tender"),
  cancelTender: () => call<null>("cancel_tender"),
  completeSale: (tenders: TenderInput[]) => call<SaleView>("complete_sale", { tenders }),
  newSale: () => call<CartView>("new_sale"),

  printReceipt: (receiptNumber: string) => call<PrintedReceipt>("print_receipt", { receipt_number: receiptNumber }),

  findSaleForReturn: (receiptNumber: string) =>
    call<ReturnableSale>("find_sale_for_return", { receipt_number: receiptNumber }),
  recordReturn: (request: ReturnInput) => call<ReturnView>("record_return", { request }),
};
