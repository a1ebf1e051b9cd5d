import { useState } from "preact/hooks";

import { api } from "../api";
import type { CartView } from "../bindings/CartView";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";

interface VoidDialogProps {
  onDone: (cart: CartView) => void;
  onClose: () => void;
}

/** Empties the cart; the reason goes into the audit log. */
export function VoidDialog({ onDone, onClose }: VoidDialogProps) {
  const [reason, setReason] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const cart = await run(() => api.voidCart(reason));
    if (cart) {
      onDone(cart);
    }
  };

  return (
    <Dialog title="Void the cart" testId="void-dialog" onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          Reason
          <input
            autoFocus
            value={reason}
            autoComplete="off"
            data-testid="void-reason"
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="danger" disabled={busy} data-testid="void-confirm">
          Void cart
        </button>
        <ErrorLine message={error} testId="void-error" />
      </form>
    </Dialog>
  );
}
