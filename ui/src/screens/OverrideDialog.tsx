import { useState } from "preact/hooks";

import { api } from "../api";
import type { CartLineView } from "../bindings/CartLineView";
import type { CartView } from "../bindings/CartView";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../components/ManagerFields";
import { useAction } from "../components/useAction";
import { formatMoney } from "../money";

interface OverrideDialogProps {
  line: CartLineView;
  onDone: (cart: CartView) => void;
  onClose: () => void;
}

/** Charges another unit price on one line, approved by a manager's PIN. */
export function OverrideDialog({ line, onDone, onClose }: OverrideDialogProps) {
  const [price, setPrice] = useState("");
  const [manager, setManager] = useState(NO_MANAGER);
  const { busy, error, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const cart = await run(() => api.overridePrice(line.index, price, manager));
    setManager({ ...manager, pin: "" });
    if (cart) {
      onDone(cart);
    }
  };

  return (
    <Dialog title={`Price of ${line.name}`} testId="override-dialog" onClose={onClose}>
      <form onSubmit={submit}>
        <p class="hint">Catalog price {formatMoney(line.list_price)} per unit.</p>
        <label>
          New unit price
          <input
            autoFocus
            inputMode="decimal"
            value={price}
            autoComplete="off"
            data-testid="override-price"
            onInput={(event) => setPrice(event.currentTarget.value)}
          />
        </label>
        <ManagerFields value={manager} onChange={setManager} />
        <button type="submit" class="primary" disabled={busy} data-testid="override-apply">
          Change price
        </button>
        <ErrorLine message={error} testId="override-error" />
      </form>
    </Dialog>
  );
}
