import { useRef, useState } from "preact/hooks";

import { CommandFailure } from "../api";

/**
 * Runs one command at a time for a screen: `busy` is true while it runs (so
 * buttons can be disabled) and `error` contains the clerk-facing message of the
 * last failure. A second call while one runs is dropped, which also catches
 * a double click that lands before the disabled button is drawn.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (running.current) {
      return undefined;
    }
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (failure) {
      setError(failure instanceof CommandFailure ? failure.message : "The action failed. Try again.");
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
