import { useEffect, useState } from "preact/hooks";

import { api, CommandFailure } from "./api";
import type { CartView } from "./bindings/CartView";
import type { SessionView } from "./bindings/SessionView";
import { ErrorLine } from "./components/ErrorLine";
import { SyncIndicator } from "./components/SyncIndicator";
import { formatMoney } from "./money";
import { Checkout } from "./screens/Checkout";
import { OpenShift } from "./screens/OpenShift";
import { Returns } from "./screens/Returns";
import { Rentals } from "./screens/rentals/Rentals";
import { Shift } from "./screens/Shift";
import { SignIn } from "./screens/SignIn";

type Area = "checkout" | "returns" | "rentals" | "shift";

/**
 * The terminal's screens: sign-in, then opening a shift, then checkout with
 * returns and shift tasks beside it. The session comes from the terminal at
 * start-up, so a reload finds the same clerk, shift and cart.
 */
export function App() {
  const [session, setSession] = useState<SessionView | null>(null);
  const [area, setArea] = useState<Area>("checkout");
  const [startError, setStartError] = useState<string | null>(null);
  const [navError, setNavError] = useState<string | null>(null);

  const load = async () => {
    try {
      setSession(await api.sessionStatus());
      setStartError(null);
    } catch (failure) {
      setStartError(failure instanceof CommandFailure ? failure.message : "The terminal did not start.");
    }
  };

  useEffect(() => {
    load();
  }, []);

  if (!session) {
    return (
      <main class="center" data-testid="starting">
        <ErrorLine message={startError} testId="start-error" />
        {startError ? (
          <button type="button" onClick={load} data-testid="start-retry">
            Try again
          </button>
        ) : (
          <p class="hint">Starting…</p>
        )}
      </main>
    );
  }

  const signOut = async () => {
    try {
      setSession(await api.signOut());
      setArea("checkout");
      setNavError(null);
    } catch (failure) {
      setNavError(failure instanceof CommandFailure ? failure.message : "Sign-out failed.");
    }
  };

  if (!session.staff) {
    return (
      <main class="center">
        <SignIn storeName={session.store_name} onSignedIn={setSession} />
      </main>
    );
  }

  if (!session.shift) {
    return (
      <main class="center">
        <OpenShift staffName={session.staff.name} onOpened={setSession} onSignOut={signOut} />
        <ErrorLine message={navError} testId="nav-error" />
      </main>
    );
  }

  const setCart = (cart: CartView) => setSession({ ...session, cart });

  return (
    <div class="terminal">
      <header class="topbar">
        <strong>{session.store_name}</strong>
        <nav>
          {(
            [
              ["checkout", "Checkout"],
              ["returns", "Returns"],
              ["rentals", "Rentals"],
              ["shift", "Shift"],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              class={area === key ? "selected" : ""}
              onClick={() => setArea(key)}
              data-testid={`nav-${key}`}
            >
              {label}
            </button>
          ))}
        </nav>
        <span class="who" data-testid="signed-in-as">
          {session.staff.name}
          {session.staff.is_manager ? " (manager)" : ""} · shift {session.shift.id} · float{" "}
          {formatMoney(session.shift.opening_float)}
        </span>
        <SyncIndicator />
        <button type="button" class="ghost" onClick={signOut} data-testid="sign-out">
          Sign out
        </button>
      </header>
      <ErrorLine message={navError} testId="nav-error" />
      <main class="area">
        {area === "checkout" && <Checkout cart={session.cart} onCart={setCart} />}
        {area === "returns" && <Returns />}
        {area === "rentals" && <Rentals />}
        {area === "shift" && (
          <Shift
            onClosed={async () => {
              setArea("checkout");
              await load();
            }}
          />
        )}
      </main>
    </div>
  );
}
