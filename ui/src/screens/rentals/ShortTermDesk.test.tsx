import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import type { CustomerView } from "../../bindings/CustomerView";
import type { ShortTermView } from "../../bindings/ShortTermView";
import { ShortTermDesk } from "./ShortTermDesk";

afterEach(() => {
  cleanup();
  clearMocks();
});

const ZOE: CustomerView = {
  id: 3,
  version: 1,
  full_name: "Zoë Ångström",
  address: ["2 Main St"],
  phone: "212-555-0102",
  email: "",
  id_document: "DL 42",
};

function cleaner(status: string, days: number): ShortTermView {
  return {
    rental_number: "S01-T01-S000001",
    status,
    customer_id: 3,
    serial_number: "CC-1",
    unit_description: "Carpet cleaner",
    due_date: "2026-07-30",
    late_fee_per_day: 3500,
    late_fee_now: { rate_per_day: 3500, days_late: days, total: 3500 * days },
  };
}

function type(testId: string, value: string) {
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe("ShortTermDesk", () => {
  it("rents out to the chosen customer", async () => {
    const rentals: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "rent_out") {
        rentals.push((payload as { rental: unknown }).rental);
        return cleaner("out", 0);
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ShortTermDesk customer={ZOE} />);
    type("short-serial", "CC-1");
    type("short-due", "2026-07-30");
    type("short-rate", "35.00");
    fireEvent.click(screen.getByTestId("short-out-submit"));
    await waitFor(() => screen.getByTestId("short-summary"));
    expect(rentals[0]).toMatchObject({
      customer_id: 3,
      serial_number: "CC-1",
      due_date: "2026-07-30",
      late_fee_per_day: "35.00",
    });
    expect((screen.getByTestId("short-number") as HTMLInputElement).value).toBe("S01-T01-S000001");
  });

  it("shows rate and total apart, then returns", async () => {
    const returns: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "get_short_term_rental") {
        return cleaner("out", 1);
      }
      if (command === "return_short_term") {
        returns.push((payload as { request: unknown }).request);
        return {
          rental: cleaner("returned", 1),
          late_fee: { rate_per_day: 3500, days_late: 1, total: 3500 },
          receipt: {},
          receipt_text: "Late fee                   35.00\n  1 day at 35.00 per day\n",
          replayed: false,
        };
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ShortTermDesk customer={null} />);
    type("short-number", "S01-T01-S000001");
    fireEvent.keyDown(screen.getByTestId("short-number"), { key: "Enter" });
    await waitFor(() => screen.getByTestId("short-fee-total"));
    expect(screen.getByTestId("short-fee-rate").textContent).toBe("$35.00 per day");
    expect(screen.getByTestId("short-fee-days").textContent).toBe("1");
    expect(screen.getByTestId("short-fee-total").textContent).toBe("$35.00");
    type("short-cash", "35.00");
    fireEvent.click(screen.getByTestId("short-return-submit"));
    await waitFor(() => screen.getByTestId("short-receipt"));
    expect(screen.getByTestId("short-receipt").textContent).toContain("1 day at 35.00 per day");
    expect(returns[0]).toMatchObject({ rental_number: "S01-T01-S000001", condition: "used", cash: "35.00" });
    expect(screen.queryByTestId("short-return-submit")).toBeNull();
  });

  it("shows why a return failed", async () => {
    mockIPC((command) => {
      if (command === "get_short_term_rental") {
        return cleaner("out", 1);
      }
      throw { kind: "invalid", message: "a late fee of 35.00 is due (1 day at 35.00 per day): add a cash or card tender" };
    });
    render(<ShortTermDesk customer={null} />);
    type("short-number", "S01-T01-S000001");
    fireEvent.keyDown(screen.getByTestId("short-number"), { key: "Enter" });
    await waitFor(() => screen.getByTestId("short-return-submit"));
    fireEvent.click(screen.getByTestId("short-return-submit"));
    await waitFor(() => screen.getByTestId("short-error"));
    expect(screen.getByTestId("short-error").textContent).toBe(
      "a late fee of 35.00 is due (1 day at 35.00 per day): add a cash or card tender",
    );
  });
});
