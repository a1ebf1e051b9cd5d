import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

import { api, CommandFailure } from "../api";
import type { CartLineView } from "../bindings/CartLineView";
import type { CartView } from "../bindings/CartView";
import type { ProductHit } from "../bindings/ProductHit";
import type { SaleView } from "../bindings/SaleView";
import type { TenderStart } from "../bindings/TenderStart";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";
import { CartTable } from "./CartTable";
import { DiscountDialog } from "./DiscountDialog";
import { OverrideDialog } from "./OverrideDialog";
import { ProductSearch } from "./ProductSearch";
import { SaleComplete } from "./SaleComplete";
import { ScanBox } from "./ScanBox";
import { TenderDialog } from "./TenderDialog";
import { Totals } from "./Totals";
import { VoidDialog } from "./VoidDialog";

type Open =
  | { kind: "none" }
  | { kind: "line-discount"; line: CartLineView }
  | { kind: "cart-discount" }
  | { kind: "override"; line: CartLineView }
  | { kind: "void" }
  | { kind: "tender"; start: TenderStart };

interface CheckoutProps {
  cart: CartView;
  onCart: (cart: CartView) => void;
}

/**
 * Shows the keyboard-first checkout. The scan box keeps the focus unless the
 * clerk is in the search box, a quantity field or a dialog. F2 searches by
 * name, F12 pays, and Escape returns to the scan box.
 */
export function Checkout({ cart, onCart }: CheckoutProps) {
  const scanRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [sale, setSale] = useState<SaleView | null>(null);
  const scan = useAction();
  const cartAction = useAction();
  const [scanError, setScanError] = useState<string | null>(null);
  const scanQueue = useRef<Promise<void>>(Promise.resolve());
  // The cart as of the last change, for scans queued before a re-render.
  const cartRef = useRef(cart);
  cartRef.current = cart;

  const focusScan = () => scanRef.current?.focus();

  // Takes the focus back when it falls to the page itself (a click on empty
  // space), so the next scan always lands in the scan box.
  const onScanBlur = () => {
    setTimeout(() => {
      const active = document.activeElement;
      if (open.kind === "none" && (active === null || active === document.body)) {
        focusScan();
      }
    }, 0);
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (open.kind !== "none" || sale) {
        return;
      }
      if (event.key === "F2") {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === "F12") {
        event.preventDefault();
        pay();
      } else if (event.key === "Escape") {
        focusScan();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  });

  // A layout effect runs before the screen is painted, so the scan box has
  // the focus by the time the clerk (or a scanner) can type.
  useLayoutEffect(() => {
    if (open.kind === "none" && !sale) {
      focusScan();
    }
  }, [open.kind, sale]);

  const changeCart = (next: CartView | undefined, line: number | null = null) => {
    if (next) {
      cartRef.current = next;
      onCart(next);
      setHighlighted(line);
    }
  };

  // A scanner can send the next code before the last one is added, so scans
  // run one after another in arrival order rather than being dropped.
  const onScan = (code: string) => {
    scanQueue.current = scanQueue.current.then(async () => {
      setScanError(null);
      try {
        const next = await api.scanCode(code);
        changeCart(next, lastChangedLine(cartRef.current, next));
      } catch (failure) {
        setScanError(failure instanceof CommandFailure ? failure.message : "The scan failed. Scan again.");
      }
      focusScan();
    });
  };

  const onPick = async (hit: ProductHit) => {
    const next = await scan.run(() => api.addProduct(hit.product_id));
    changeCart(next, next ? lastChangedLine(cart, next) : null);
  };

  const pay = async () => {
    const start = await cartAction.run(() => api.beginTender());
    if (start) {
      setOpen({ kind: "tender", start });
    }
  };

  const closeDialog = () => setOpen({ kind: "none" });

  const cancelTender = async () => {
    closeDialog();
    await cartAction.run(() => api.cancelTender());
  };

  const newSale = async () => {
    const next = await cartAction.run(() => api.newSale());
    setSale(null);
    changeCart(next);
  };

  if (sale) {
    return <SaleComplete sale={sale} onNewSale={newSale} />;
  }

  return (
    <div class="checkout" data-testid="checkout">
      <div class="checkout-main">
        <ScanBox inputRef={scanRef} error={scanError ?? scan.error} onScan={onScan} onBlur={onScanBlur} />
        <ProductSearch inputRef={searchRef} onPick={onPick} onLeave={focusScan} />
        <CartTable
          cart={cart}
          highlighted={highlighted}
          onQuantity={async (index, quantity) => {
            changeCart(await cartAction.run(() => api.setQuantity(index, quantity)), index);
            focusScan();
          }}
          onDiscount={(line) => setOpen({ kind: "line-discount", line })}
          onOverride={(line) => setOpen({ kind: "override", line })}
          onRemove={async (index) => {
            changeCart(await cartAction.run(() => api.removeLine(index)));
            focusScan();
          }}
        />
        <ErrorLine message={cartAction.error} testId="cart-error" />
      </div>
      <aside class="checkout-side">
        <Totals cart={cart} />
        <div class="buttons column">
          <button
            type="button"
            class="primary big"
            disabled={cart.lines.length === 0 || cartAction.busy}
            onClick={pay}
            data-testid="pay-button"
          >
            Pay (F12)
          </button>
          <button
            type="button"
            disabled={cart.lines.length === 0}
            onClick={() => setOpen({ kind: "cart-discount" })}
            data-testid="cart-discount-button"
          >
            Cart discount
          </button>
          <button
            type="button"
            class="danger"
            disabled={cart.lines.length === 0 || cartAction.busy}
            onClick={() => setOpen({ kind: "void" })}
            data-testid="void-button"
          >
            Void cart
          </button>
        </div>
      </aside>
      {open.kind === "line-discount" && (
        <DiscountDialog
          title={`Discount on ${open.line.name}`}
          current={open.line.discount}
          apply={(discount) => api.setLineDiscount(open.line.index, discount)}
          onDone={(next) => {
            changeCart(next, open.line.index);
            closeDialog();
          }}
          onClose={closeDialog}
        />
      )}
      {open.kind === "cart-discount" && (
        <DiscountDialog
          title="Discount on the whole cart"
          current={cart.cart_discount}
          apply={(discount) => api.setCartDiscount(discount)}
          onDone={(next) => {
            changeCart(next);
            closeDialog();
          }}
          onClose={closeDialog}
        />
      )}
      {open.kind === "override" && (
        <OverrideDialog
          line={open.line}
          onDone={(next) => {
            changeCart(next, open.line.index);
            closeDialog();
          }}
          onClose={closeDialog}
        />
      )}
      {open.kind === "void" && (
        <VoidDialog
          onDone={(next) => {
            changeCart(next);
            closeDialog();
          }}
          onClose={closeDialog}
        />
      )}
      {open.kind === "tender" && (
        <TenderDialog
          start={open.start}
          onCompleted={(done) => {
            closeDialog();
            setSale(done);
          }}
          onCancel={cancelTender}
        />
      )}
    </div>
  );
}

/** Finds the line a scan changed: a new line, or the one whose quantity rose. */
function lastChangedLine(before: CartView, after: CartView): number | null {
  if (after.lines.length > before.lines.length) {
    return after.lines.length - 1;
  }
  const grown = after.lines.find((line, index) => line.quantity !== before.lines[index]?.quantity);
  return grown ? grown.index : null;
}
