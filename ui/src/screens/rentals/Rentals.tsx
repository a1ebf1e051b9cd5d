import { useState } from "preact/hooks";

import type { ContractDetail } from "../../bindings/ContractDetail";
import type { CustomerView } from "../../bindings/CustomerView";
import { ContractDesk } from "./ContractDesk";
import { ContractWizard } from "./ContractWizard";
import { CustomerPanel } from "./CustomerPanel";
import { ShortTermDesk } from "./ShortTermDesk";
import { UnitReceiving } from "./UnitReceiving";

type Tab = "customers" | "wizard" | "desk" | "short" | "units";

/**
 * The rentals area: customers, the contract wizard, the contract desk,
 * short-term rentals and receiving units into rental stock.
 */
export function Rentals() {
  const [tab, setTab] = useState<Tab>("customers");
  const [customer, setCustomer] = useState<CustomerView | null>(null);
  const [contract, setContract] = useState<ContractDetail | null>(null);
  const tabs: [Tab, string][] = [
    ["customers", "Customers"],
    ["wizard", "New contract"],
    ["desk", "Contract desk"],
    ["short", "Short-term rentals"],
    ["units", "Receive units"],
  ];
  return (
    <div class="rentals">
      <nav>
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            class={tab === key ? "selected" : ""}
            onClick={() => setTab(key)}
            data-testid={`rentals-${key}`}
          >
            {label}
          </button>
        ))}
      </nav>
      {tab === "customers" && <CustomerPanel selected={customer} onSelect={setCustomer} />}
      {tab === "wizard" && (
        <ContractWizard
          customer={customer}
          onCreated={(created) => {
            setContract(created);
            setTab("desk");
          }}
        />
      )}
      {tab === "desk" && <ContractDesk key={contract?.contract_number ?? ""} initial={contract} />}
      {tab === "short" && <ShortTermDesk customer={customer} />}
      {tab === "units" && <UnitReceiving />}
    </div>
  );
}
