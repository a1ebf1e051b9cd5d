import { useState } from "preact/hooks";

import { api } from "../api";
import type { SessionView } from "../bindings/SessionView";
import { ErrorLine } from "../components/ErrorLine";
import { useAction } from "../components/useAction";

interface SignInProps {
  storeName: string;
  onSignedIn: (session: SessionView) => void;
}

/** Staff code and PIN. */
export function SignIn({ storeName, onSignedIn }: SignInProps) {
  const [code, setCode] = useState("");
  const [pin, setPin] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const session = await run(() => api.signIn(code, pin));
    setPin("");
    if (session) {
      onSignedIn(session);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} data-testid="sign-in">
      <h1>{storeName}</h1>
      <p class="hint">Sign in with your staff code and PIN.</p>
      <label>
        Staff code
        <input
          autoFocus
          value={code}
          autoComplete="off"
          data-testid="sign-in-code"
          onInput={(event) => setCode(event.currentTarget.value)}
        />
      </label>
      <label>
        PIN
        <input
          type="password"
          inputMode="numeric"
          value={pin}
          autoComplete="off"
          data-testid="sign-in-pin"
          onInput={(event) => setPin(event.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy} data-testid="sign-in-submit">
        Sign in
      </button>
      <ErrorLine message={error} testId="sign-in-error" />
    </form>
  );
}
