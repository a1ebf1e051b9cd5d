import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";

import type { ContractDetail } from "../../bindings/ContractDetail";
import type { ContractPaymentView } from "../../bindings/ContractPaymentView";
import { ContractDesk } from "./ContractDesk";

afterEach(() => {
  cleanup();
  clearMocks();
});

function contract(rentPaid: number): ContractDetail {
  return {
    contract_number: "S01-T01-R000001",
    status: "active",
    policy_code: "standard",
    customer: {
      id: 1,
      version: 1,
      full_name: "Zoë Ångström",
      address: ["2 Main St"],
      phone: "212-555-0102",
      email: "",
      id_document: "DL 42",
    },
    serial_number: "SN-SOFA-1",
    unit_description: "Sofá Ñandú 3-plazas",
    unit_condition: "new",
    unit_status: "on_rent",
    disclosures: {
      term: "weekly",
      payment_count: 52,
      cash_price: 120000,
      periodic_payment: 4500,
      total_of_payments: 234000,
      cost_of_lease_services: 114000,
      delivery_fee: 0,
      damage_waiver: 0,
      deposit: 0,
      initial_payment: 0,
      schedule: [],
    },
    ledger: {
      as_of: "2027-01-11",
      total_of_payments: 234000,
      rent_paid: rentPaid,
      rent_remaining: 234000 - rentPaid,
      rent_past_due: 0,
      late_fees_charged: 0,
      late_fees_paid: 0,
      late_fees_owed: 0,
      remaining_to_own: 234000 - rentPaid,
      standing: "current",
      installments: [],
      late_fees: [],
      splits: [],
    },
    buyout: {
      formula: { kind: "pro_rata", minimum_one_payment: true },
      rent_part: rentPaid === 0 ? 120000 : 117692,
      late_fees_owed: 0,
      total: rentPaid === 0 ? 120000 : 117692,
      ownership_passes: false,
    },
    initial_payment: null,
    initial_receipt_text: null,
  };
}

describe("ContractDesk", () => {
  it("takes a payment and shows the receipt", async () => {
    const payments: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "take_contract_payment") {
        payments.push((payload as { payment: unknown }).payment);
        const paid: Partial<ContractPaymentView> = {
          receipt_number: "S01-T01-000001",
          status: "active",
          receipt_text: "Still needed to own     2,295.00\nBuyout price today      1,176.92\n",
          replayed: false,
        };
        return paid;
      }
      if (command === "get_contract") {
        return contract(4500);
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ContractDesk initial={contract(0)} />);
    expect(screen.getByTestId("buyout-total").textContent).toBe("$1,200.00");
    fireEvent.input(screen.getByTestId("pay-amount"), { target: { value: "45.00" } });
    fireEvent.input(screen.getByTestId("pay-cash"), { target: { value: "50.00" } });
    fireEvent.click(screen.getByTestId("pay-submit"));
    await waitFor(() => screen.getByTestId("payment-receipt"));
    expect(screen.getByTestId("payment-receipt").textContent).toContain("Still needed to own     2,295.00");
    await waitFor(() => expect(screen.getByTestId("ledger-remaining").textContent).toBe("$2,295.00"));
    expect(screen.getByTestId("buyout-total").textContent).toBe("$1,176.92");
    expect(payments[0]).toMatchObject({ contract_number: "S01-T01-R000001", amount: "45.00", cash: "50.00" });
  });

  it("shows a refused payment's reason", async () => {
    mockIPC(() => {
      throw { kind: "invalid", message: "the payment of 2400.00 is more than the 2340.00 still owed" };
    });
    render(<ContractDesk initial={contract(0)} />);
    fireEvent.input(screen.getByTestId("pay-amount"), { target: { value: "2400.00" } });
    fireEvent.input(screen.getByTestId("pay-cash"), { target: { value: "2400.00" } });
    fireEvent.click(screen.getByTestId("pay-submit"));
    await waitFor(() => screen.getByTestId("contract-error"));
    expect(screen.getByTestId("contract-error").textContent).toBe(
      "the payment of 2400.00 is more than the 2340.00 still owed",
    );
  });

  it("charges off with the manager's approval", async () => {
    const requests: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "charge_off_contract") {
        requests.push((payload as { request: unknown }).request);
        return { ...contract(0), status: "charged_off", unit_status: "written_off" };
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ContractDesk initial={contract(0)} />);
    fireEvent.input(screen.getByTestId("return-note"), { target: { value: "Skipped town" } });
    fireEvent.input(screen.getByTestId("manager-code"), { target: { value: "9001" } });
    fireEvent.input(screen.getByTestId("manager-pin"), { target: { value: "9876" } });
    fireEvent.click(screen.getByTestId("charge-off-submit"));
    await waitFor(() => expect(screen.getByTestId("contract-summary").textContent).toContain("charged_off"));
    expect(requests[0]).toEqual({
      contract_number: "S01-T01-R000001",
      note: "Skipped town",
      manager: { code: "9001", pin: "9876" },
    });
    expect(screen.queryByTestId("pay-submit")).toBeNull();
  });

  it("reinstates a returned contract", async () => {
    const calls: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === "reinstate_contract") {
        calls.push(payload);
        return contract(0);
      }
      throw { kind: "invalid", message: `unexpected ${command}` };
    });
    render(<ContractDesk initial={{ ...contract(0), status: "returned", unit_status: "in_stock" }} />);
    expect(screen.queryByTestId("pay-submit")).toBeNull();
    fireEvent.input(screen.getByTestId("manager-code"), { target: { value: "9001" } });
    fireEvent.input(screen.getByTestId("manager-pin"), { target: { value: "9876" } });
    fireEvent.click(screen.getByTestId("reinstate-submit"));
    await waitFor(() => screen.getByTestId("pay-submit"));
    expect(calls[0]).toMatchObject({ contract_number: "S01-T01-R000001", manager: { code: "9001", pin: "9876" } });
  });

  it("shows the initial payment receipt", () => {
    const created = { ...contract(0), initial_receipt_text: "Security deposit          120.00\n" };
    render(<ContractDesk initial={created} />);
    expect(screen.getByTestId("initial-receipt").textContent).toContain("Security deposit          120.00");
  });

  it("shows names as written", () => {
    render(<ContractDesk initial={contract(0)} />);
    expect(screen.getByTestId("contract-summary").textContent).toContain("Zoë Ångström");
    expect(screen.getByTestId("contract-summary").textContent).toContain("Sofá Ñandú 3-plazas");
  });
});
