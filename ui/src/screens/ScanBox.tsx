import type { RefObject } from "preact";
import { useState } from "preact/hooks";

import { ErrorLine } from "../components/ErrorLine";

interface ScanBoxProps {
  inputRef: RefObject<HTMLInputElement | null>;
  error: string | null;
  onScan: (code: string) => void;
  /** Called when the box loses focus, so the screen can take it back. */
  onBlur: () => void;
}

/**
 * Shows the box a barcode scanner types into: the scanner sends the code and
 * Enter. The screen keeps the focus here, so a scan never lands in another field.
 */
export function ScanBox({ inputRef, error, onScan, onBlur }: ScanBoxProps) {
  const [code, setCode] = useState("");

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();
    const scanned = code.trim();
    if (scanned) {
      setCode("");
      onScan(scanned);
    }
  };

  return (
    <div class="scan">
      <label class="scan-label" for="scan-input">
        Scan or type a barcode or SKU, then Enter
      </label>
      <input
        id="scan-input"
        ref={inputRef}
        class="scan-input"
        autoFocus
        autoComplete="off"
        spellcheck={false}
        value={code}
        data-testid="scan-input"
        onInput={(event) => setCode(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <ErrorLine message={error} testId="scan-error" />
    </div>
  );
}
