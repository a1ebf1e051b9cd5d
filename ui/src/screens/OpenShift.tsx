import { useState } from "preact/hooks";

import { api } from "../api";
import type { SessionView } from "../bindings/SessionView";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";

interface OpenShiftProps {
  staffName: string;
  onOpened: (session: SessionView) => void;
  onSignOut: () => void;
}

/** Opens the shift with the cash float counted into the drawer. */
export function OpenShift({ staffName, onOpened, onSignOut }: OpenShiftProps) {
  const [float, setFloat] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const session = await run(() => api.openShift(float));
    if (session) {
      onOpened(session);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} data-testid="open-shift">
      <h1>Open shift</h1>
      <p class="hint">
        {staffName}, count the cash in the drawer and type the amount, for example 200.00.
      </p>
      <label>
        Opening float
        <input
          autoFocus
          inputMode="decimal"
          value={float}
          autoComplete="off"
          data-testid="open-shift-float"
          onInput={(event) => setFloat(event.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy} data-testid="open-shift-submit">
        Open shift
      </button>
      <button type="button" class="ghost" onClick={onSignOut} data-testid="sign-out">
        Sign out
      </button>
      <ErrorLine message={error} testId="open-shift-error" />
    </form>
  );
}
