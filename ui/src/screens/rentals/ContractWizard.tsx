import { useEffect, useState } from "preact/hooks";

import { CommandFailure } from "../../api";
import type { ContractDetail } from "../../bindings/ContractDetail";
import type { ContractInput } from "../../bindings/ContractInput";
import type { CustomerView } from "../../bindings/CustomerView";
import type { Disclosures } from "../../bindings/Disclosures";
import type { ManagerApproval } from "../../bindings/ManagerApproval";
import type { Term } from "../../bindings/Term";
import { ErrorLine } from "../../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../../components/ManagerFields";
import { useAction } from "../../components/useAction";
import { formatMoney } from "../../money";
import { newClientId, rentalsApi } from "../../rentals-api";
import { SchedulePreview } from "./SchedulePreview";

interface ContractWizardProps {
  customer: CustomerView | null;
  onCreated: (contract: ContractDetail) => void;
}

type Fields = Omit<ContractInput, "customer_id" | "co_signer_id"> & { co_signer: string };

const EMPTY: Fields = {
  serial_number: "",
  term: "weekly",
  payment_count: "",
  cash_price: "",
  payment: "",
  total: "",
  delivery_fee: "",
  damage_waiver: "",
  deposit: "",
  initial_cash: "",
  initial_card_amount: "",
  initial_card_approval: "",
  initial_card_last4: "",
  co_signer: "",
};

/** Builds the command input from the wizard's fields and the chosen customer. */
export function contractInput(customer: CustomerView, fields: Fields): ContractInput {
  const coSigner = fields.co_signer.trim();
  const { co_signer: _ignored, ...rest } = fields;
  return { ...rest, customer_id: customer.id, co_signer_id: coSigner === "" ? null : Number(coSigner) };
}

/**
 * The contract wizard: the terms on the left, the schedule and disclosures
 * on the right, recomputed by the terminal on every change, so the preview
 * shows exactly what the agreement will print.
 */
export function ContractWizard({ customer, onCreated }: ContractWizardProps) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [preview, setPreview] = useState<Disclosures | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [manager, setManager] = useState<ManagerApproval>(NO_MANAGER);
  const [clientId] = useState(newClientId);
  const create = useAction();

  useEffect(() => {
    if (!customer || fields.payment_count === "" || fields.cash_price === "") {
      setPreview(null);
      return;
    }
    let current = true;
    rentalsApi
      .previewContract(contractInput(customer, fields))
      .then((disclosures) => {
        if (current) {
          setPreview(disclosures);
          setPreviewError(null);
        }
      })
      .catch((failure) => {
        if (current) {
          setPreview(null);
          setPreviewError(failure instanceof CommandFailure ? failure.message : "The preview failed.");
        }
      });
    return () => {
      current = false;
    };
  }, [customer, fields]);

  if (!customer) {
    return <p class="hint" data-testid="wizard-needs-customer">Pick or add a customer first.</p>;
  }

  const input = (key: keyof Fields, label: string) => (
    <label>
      {label}
      <input
        value={fields[key]}
        data-testid={`wizard-${key}`}
        onInput={(event) => setFields({ ...fields, [key]: event.currentTarget.value })}
      />
    </label>
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await create.run(() => rentalsApi.createContract(contractInput(customer, fields), clientId, manager));
    if (created) {
      onCreated(created);
    }
  };

  return (
    <form class="contract-wizard" onSubmit={submit}>
      <h2>New contract for {customer.full_name}</h2>
      <div class="columns">
        <fieldset>
          {input("serial_number", "Unit serial number (scan)")}
          <label>
            Term
            <select
              value={fields.term}
              data-testid="wizard-term"
              onChange={(event) => setFields({ ...fields, term: event.currentTarget.value as Term })}
            >
              <option value="weekly">Weekly</option>
              <option value="biweekly">Every two weeks</option>
              <option value="semi_monthly">Twice a month</option>
              <option value="monthly">Monthly</option>
            </select>
          </label>
          {input("payment_count", "Number of payments")}
          {input("cash_price", "Cash price")}
          {input("payment", "Each payment (or leave blank and give the total)")}
          {input("total", "Total of payments")}
          {input("delivery_fee", "Delivery fee")}
          {input("damage_waiver", "Damage waiver")}
          {input("deposit", "Deposit")}
          {input("co_signer", "Co-signer customer number (optional)")}
          <fieldset class="initial-payment">
            <legend>
              Initial payment due at signing{preview ? `: ${formatMoney(preview.initial_payment)}` : ""}
            </legend>
            {input("initial_cash", "Cash handed over")}
            {input("initial_card_amount", "Card amount")}
            {input("initial_card_approval", "Card approval code")}
            {input("initial_card_last4", "Card last 4 digits")}
          </fieldset>
          <ManagerFields value={manager} onChange={setManager} />
          <button type="submit" disabled={create.busy || !preview} data-testid="wizard-create">
            Write contract
          </button>
          <ErrorLine message={create.error} testId="wizard-error" />
        </fieldset>
        <div>
          <ErrorLine message={previewError} testId="wizard-preview-error" />
          {preview && <SchedulePreview disclosures={preview} />}
        </div>
      </div>
    </form>
  );
}
