import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import { UnitReceiving } from "./UnitReceiving";

afterEach(() => {
  cleanup();
  clearMocks();
});

function type(testId: string, value: string) {
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe("UnitReceiving", () => {
  it("receives a unit and lists it", async () => {
    const units: { client_id: string }[] = [];
    mockIPC((command, payload) => {
      if (command === "receive_unit") {
        units.push((payload as { unit: { client_id: string } }).unit);
        return { serial_number: "CC-1", description: "Carpet cleaner", condition: "used", status: "in_stock", cost: 25000 };
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<UnitReceiving />);
    type("unit-serial_number", "cc-1");
    type("unit-description", "Carpet cleaner");
    type("unit-cost", "250.00");
    fireEvent.change(screen.getByTestId("unit-condition"), { target: { value: "used" } });
    type("manager-code", "9001");
    type("manager-pin", "9876");
    fireEvent.click(screen.getByTestId("unit-submit"));
    await waitFor(() => screen.getByTestId("received-CC-1"));
    expect(screen.getByTestId("received-CC-1").textContent).toBe("CC-1 Carpet cleaner (used, $250.00): in_stock");
    expect(units[0]).toMatchObject({
      serial_number: "cc-1",
      description: "Carpet cleaner",
      product: "",
      condition: "used",
      cost: "250.00",
      manager: { code: "9001", pin: "9876" },
    });
    expect((screen.getByTestId("unit-serial_number") as HTMLInputElement).value).toBe("");
  });

  it("shows a refused unit's reason", async () => {
    mockIPC(() => {
      throw { kind: "conflict", message: "a unit with serial number CC-1 is already stored" };
    });
    render(<UnitReceiving />);
    type("unit-serial_number", "CC-1");
    fireEvent.click(screen.getByTestId("unit-submit"));
    await waitFor(() => screen.getByTestId("unit-error"));
    expect(screen.getByTestId("unit-error").textContent).toBe("a unit with serial number CC-1 is already stored");
  });
});
