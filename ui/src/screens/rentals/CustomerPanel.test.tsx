import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import type { CustomerView } from "../../bindings/CustomerView";
import { CustomerPanel } from "./CustomerPanel";

afterEach(() => {
  cleanup();
  clearMocks();
});

const HANAKO: CustomerView = {
  id: 1,
  version: 1,
  full_name: "山田 花子 (Hanako Yamada)",
  address: ["1 Main St", "New York, NY 10118"],
  phone: "212-555-0101",
  email: "",
  id_document: "Passport TK1234567",
};

describe("CustomerPanel", () => {
  it("finds a customer with a CJK name", async () => {
    mockIPC((command, payload) => {
      if (command === "search_customers" && (payload as { query: string }).query === "山田") {
        return [HANAKO];
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    let selected: CustomerView | null = null;
    render(<CustomerPanel selected={null} onSelect={(customer) => (selected = customer)} />);
    const box = screen.getByTestId("customer-search");
    fireEvent.input(box, { target: { value: "山田" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => screen.getByTestId("customer-1"));
    expect(screen.getByTestId("customer-1").textContent).toBe("山田 花子 (Hanako Yamada) · 212-555-0101");
    fireEvent.click(screen.getByTestId("customer-1"));
    expect(selected).toEqual(HANAKO);
    expect((screen.getByTestId("customer-name") as HTMLInputElement).value).toBe("山田 花子 (Hanako Yamada)");
  });

  it("saves an edit with its version", async () => {
    const saved: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "search_customers") {
        return [HANAKO];
      }
      if (command === "save_customer") {
        saved.push((payload as { customer: unknown }).customer);
        return { ...HANAKO, version: 2, phone: "212-555-0199" };
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<CustomerPanel selected={null} onSelect={() => {}} />);
    const box = screen.getByTestId("customer-search");
    fireEvent.input(box, { target: { value: "Hanako" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => screen.getByTestId("customer-1"));
    fireEvent.click(screen.getByTestId("customer-1"));
    fireEvent.input(screen.getByTestId("customer-phone"), { target: { value: "212-555-0199" } });
    fireEvent.click(screen.getByTestId("customer-save"));
    await waitFor(() => expect(saved.length).toBe(1));
    expect(saved[0]).toMatchObject({
      id: 1,
      version: 1,
      phone: "212-555-0199",
      address: ["1 Main St", "New York, NY 10118"],
    });
  });
});
