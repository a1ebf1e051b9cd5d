import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import type { CustomerView } from "../../bindings/CustomerView";
import type { Disclosures } from "../../bindings/Disclosures";
import { ContractWizard, contractInput } from "./ContractWizard";

afterEach(() => {
  cleanup();
  clearMocks();
});

const HANAKO: CustomerView = {
  id: 7,
  version: 1,
  full_name: "山田 花子 (Hanako Yamada)",
  address: ["1 Main St"],
  phone: "212-555-0101",
  email: "",
  id_document: "Passport TK1234567",
};

/** The disclosures of 1,000.00 over 3 monthly payments signed 2027-01-31. */
function threePayments(): Disclosures {
  return {
    term: "monthly",
    payment_count: 3,
    cash_price: 80000,
    periodic_payment: 33334,
    total_of_payments: 100000,
    cost_of_lease_services: 20000,
    delivery_fee: 0,
    damage_waiver: 0,
    deposit: 12000,
    initial_payment: 12000,
    schedule: [
      { number: 1, due_date: "2027-02-28", amount: 33334 },
      { number: 2, due_date: "2027-03-31", amount: 33333 },
      { number: 3, due_date: "2027-04-30", amount: 33333 },
    ],
  };
}

function type(testId: string, value: string) {
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe("ContractWizard", () => {
  it("asks for a customer first", () => {
    render(<ContractWizard customer={null} onCreated={() => {}} />);
    expect(screen.getByTestId("wizard-needs-customer").textContent).toBe("Pick or add a customer first.");
  });

  it("previews the schedule in exact cents", async () => {
    const previews: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "preview_contract") {
        previews.push((payload as { contract: unknown }).contract);
        return threePayments();
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ContractWizard customer={HANAKO} onCreated={() => {}} />);
    type("wizard-payment_count", "3");
    type("wizard-cash_price", "800.00");
    type("wizard-total", "1000.00");
    await waitFor(() => screen.getByTestId("installment-3"));
    expect(screen.getByTestId("installment-1").textContent).toBe("12027-02-28$333.34");
    expect(screen.getByTestId("installment-2").textContent).toBe("22027-03-31$333.33");
    expect(screen.getByTestId("installment-3").textContent).toBe("32027-04-30$333.33");
    expect(screen.getByTestId("disclosure-lease-cost").textContent).toBe("$200.00");
    expect(screen.getByText("Initial payment due at signing: $120.00")).toBeTruthy();
    expect(previews[previews.length - 1]).toMatchObject({ customer_id: 7, total: "1000.00", payment_count: "3" });
  });

  it("shows why the preview failed", async () => {
    mockIPC(() => {
      throw { kind: "invalid", message: "the total of payments 100.00 is below the cash price 800.00" };
    });
    render(<ContractWizard customer={HANAKO} onCreated={() => {}} />);
    type("wizard-payment_count", "3");
    type("wizard-cash_price", "800.00");
    await waitFor(() => screen.getByTestId("wizard-preview-error"));
    expect(screen.getByTestId("wizard-preview-error").textContent).toBe(
      "the total of payments 100.00 is below the cash price 800.00",
    );
    expect((screen.getByTestId("wizard-create") as HTMLButtonElement).disabled).toBe(true);
  });

  it("builds the input with a co-signer", () => {
    const input = contractInput(HANAKO, {
      serial_number: "SN-1",
      term: "weekly",
      payment_count: "52",
      cash_price: "1200.00",
      payment: "45.00",
      total: "",
      delivery_fee: "",
      damage_waiver: "",
      deposit: "120.00",
      initial_cash: "100.00",
      initial_card_amount: "20.00",
      initial_card_approval: "A1B2C3",
      initial_card_last4: "4242",
      co_signer: " 8 ",
    });
    expect(input.co_signer_id).toBe(8);
    expect(input.initial_cash).toBe("100.00");
    expect(input.initial_card_amount).toBe("20.00");
    expect(input.customer_id).toBe(7);
    expect("co_signer" in input).toBe(false);
  });
});
