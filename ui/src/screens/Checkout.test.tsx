import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";

import type { CartView } from "../bindings/CartView";
import { cartWithOneLine, emptyCart } from "../test-fixtures";
import { Checkout } from "./Checkout";

afterEach(() => {
  cleanup();
  clearMocks();
});

function Harness() {
  const [cart, setCart] = useState<CartView>(emptyCart());
  return <Checkout cart={cart} onCart={setCart} />;
}

function scan(code: string) {
  const box = screen.getByTestId("scan-input") as HTMLInputElement;
  fireEvent.input(box, { target: { value: code } });
  fireEvent.keyDown(box, { key: "Enter" });
}

describe("Checkout", () => {
  it("focuses the scan box", () => {
    render(<Harness />);
    expect(document.activeElement).toBe(screen.getByTestId("scan-input"));
  });

  it("adds a scanned line", async () => {
    mockIPC((command, payload) => {
      if (command === "scan_code" && (payload as { code: string }).code === "2000000000077") {
        return cartWithOneLine();
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<Harness />);
    scan("2000000000077");
    await waitFor(() => screen.getByTestId("cart-line-0"));
    expect(screen.getByTestId("line-name-0").textContent).toBe("Ryzen 5 7600");
    expect(screen.getByTestId("total-tax").textContent).toBe("$1.65");
    expect(screen.getByTestId("total-total").textContent).toBe("$21.64");
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("");
  });

  it("queues scans sent back to back", async () => {
    const scanned: string[] = [];
    mockIPC(async (command, payload) => {
      if (command !== "scan_code") {
        throw { kind: "invalid", message: `unexpected ${command}` };
      }
      scanned.push((payload as { code: string }).code);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const cart = cartWithOneLine();
      cart.lines[0].quantity = scanned.length;
      return cart;
    });

    render(<Harness />);
    scan("2000000000077");
    scan("2000000000077");

    await waitFor(() => expect((screen.getByTestId("line-qty-0") as HTMLInputElement).value).toBe("2"));
    expect(scanned).toEqual(["2000000000077", "2000000000077"]);
  });

  it("shows an unknown code in red", async () => {
    mockIPC(() => {
      throw { kind: "not_found", message: 'No product has the barcode or SKU "999".' };
    });
    render(<Harness />);
    scan("999");
    const error = await waitFor(() => screen.getByTestId("scan-error"));
    expect(error.textContent).toBe('No product has the barcode or SKU "999".');
    expect(error.getAttribute("role")).toBe("alert");
    expect(screen.getByTestId("cart-empty")).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId("scan-input"));
  });

  it("shows the discount message", async () => {
    const message = "A discount of 25.00 is more than the 19.99 it applies to; the largest allowed is 19.99";
    mockIPC((command) => {
      if (command === "scan_code") {
        return cartWithOneLine();
      }
      if (command === "set_line_discount") {
        throw { kind: "cart", message };
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<Harness />);
    scan("2000000000077");
    await waitFor(() => screen.getByTestId("cart-line-0"));
    fireEvent.click(screen.getByTestId("line-discount-button-0"));
    fireEvent.click(screen.getByTestId("discount-kind-amount"));
    fireEvent.input(screen.getByTestId("discount-value"), { target: { value: "25" } });
    fireEvent.click(screen.getByTestId("discount-apply"));
    const error = await waitFor(() => screen.getByTestId("discount-error"));
    expect(error.textContent).toBe(message);
  });

  it("charges once on a double click", async () => {
    let completions = 0;
    mockIPC(async (command) => {
      switch (command) {
        case "scan_code":
          return cartWithOneLine();
        case "begin_tender":
          return { total: 2164, cash_due: 2164 };
        case "complete_sale":
          completions += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return {
            receipt_number: "S01-T01-000001",
            total: 2164,
            amount_due: 2164,
            rounding: 0,
            change: 836,
            payments: [],
            replayed: false,
          };
        default:
          throw { kind: "invalid", message: `unexpected ${command}` };
      }
    });

    render(<Harness />);
    scan("2000000000077");
    await waitFor(() => screen.getByTestId("cart-line-0"));
    fireEvent.click(screen.getByTestId("pay-button"));
    await waitFor(() => screen.getByTestId("tender-dialog"));
    fireEvent.input(screen.getByTestId("tender-cash"), { target: { value: "30" } });
    const charge = screen.getByTestId("charge-button");
    fireEvent.click(charge);
    fireEvent.click(charge);

    await waitFor(() => screen.getByTestId("sale-complete"));
    expect(completions).toBe(1);
    expect(screen.getByTestId("sale-change").textContent).toBe("$8.36");
  });
});
