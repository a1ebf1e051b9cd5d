import { useState } from "preact/hooks";

import type { CartView } from "../bindings/CartView";
import type { Discount } from "../bindings/Discount";
import type { DiscountInput } from "../bindings/DiscountInput";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";

interface DiscountDialogProps {
  /** "Discount on Core i5" or "Discount on the whole cart". */
  title: string;
  current: Discount | null;
  apply: (discount: DiscountInput) => Promise<CartView>;
  onDone: (cart: CartView) => void;
  onClose: () => void;
}

/** Sets, changes or removes a line or cart discount, as a percent or an amount. */
export function DiscountDialog({ title, current, apply, onDone, onClose }: DiscountDialogProps) {
  const [kind, setKind] = useState<"percent" | "amount">(current?.kind ?? "percent");
  const [value, setValue] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (input: DiscountInput) => {
    const cart = await run(() => apply(input));
    if (cart) {
      onDone(cart);
    }
  };

  return (
    <Dialog title={title} testId="discount-dialog" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit({ kind, value });
        }}
      >
        <div class="segmented">
          <label>
            <input
              type="radio"
              name="discount-kind"
              checked={kind === "percent"}
              data-testid="discount-kind-percent"
              onChange={() => setKind("percent")}
            />
            Percent
          </label>
          <label>
            <input
              type="radio"
              name="discount-kind"
              checked={kind === "amount"}
              data-testid="discount-kind-amount"
              onChange={() => setKind("amount")}
            />
            Amount
          </label>
        </div>
        <label>
          {kind === "percent" ? "Percent off, for example 10" : "Amount off, for example 5.00"}
          <input
            autoFocus
            inputMode="decimal"
            value={value}
            autoComplete="off"
            data-testid="discount-value"
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </label>
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy} data-testid="discount-apply">
            Apply
          </button>
          {current && (
            <button type="button" disabled={busy} onClick={() => submit({ kind: "none" })} data-testid="discount-remove">
              Remove discount
            </button>
          )}
        </div>
        <ErrorLine message={error} testId="discount-error" />
      </form>
    </Dialog>
  );
}
