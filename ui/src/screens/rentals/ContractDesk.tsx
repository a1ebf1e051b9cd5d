import { useState } from "preact/hooks";

import type { ContractDetail } from "../../bindings/ContractDetail";
import type { ContractPaymentView } from "../../bindings/ContractPaymentView";
import type { ManagerApproval } from "../../bindings/ManagerApproval";
import type { UnitCondition } from "../../bindings/UnitCondition";
import { ErrorLine } from "../../components/ErrorLine";
import { ManagerFields, NO_MANAGER } from "../../components/ManagerFields";
import { useAction } from "../../components/useAction";
import { formatMoney } from "../../money";
import { newClientId, rentalsApi } from "../../rentals-api";

interface Tenders {
  amount: string;
  cash: string;
  cardAmount: string;
  cardApproval: string;
  cardLast4: string;
}

const NO_TENDERS: Tenders = { amount: "", cash: "", cardAmount: "", cardApproval: "", cardLast4: "" };

/**
 * A contract at the counter: look it up by number, then take a payment,
 * pay the buyout price, take the unit back or print the agreement. The
 * figures come from the terminal; the screen only shows them.
 */
export function ContractDesk({ initial }: { initial: ContractDetail | null }) {
  const [number, setNumber] = useState(initial?.contract_number ?? "");
  const [contract, setContract] = useState<ContractDetail | null>(initial);
  const [tenders, setTenders] = useState<Tenders>(NO_TENDERS);
  const [paymentId, setPaymentId] = useState(newClientId);
  const [paid, setPaid] = useState<ContractPaymentView | null>(null);
  const [condition, setCondition] = useState<UnitCondition>("used");
  const [note, setNote] = useState("");
  const [manager, setManager] = useState<ManagerApproval>(NO_MANAGER);
  const [agreementPath, setAgreementPath] = useState<string | null>(null);
  const action = useAction();

  const load = async () => {
    const found = await action.run(() => rentalsApi.getContract(number.trim()));
    if (found) {
      setContract(found);
      setPaid(null);
    }
  };

  const pay = async (kind: "payment" | "buyout") => {
    if (!contract) {
      return;
    }
    const input = {
      contract_number: contract.contract_number,
      client_id: paymentId,
      amount: tenders.amount,
      cash: tenders.cash,
      card_amount: tenders.cardAmount,
      card_approval: tenders.cardApproval,
      card_last4: tenders.cardLast4,
    };
    const result = await action.run(() =>
      kind === "payment" ? rentalsApi.takePayment(input) : rentalsApi.buyOut(input),
    );
    if (result) {
      setPaid(result);
      setTenders(NO_TENDERS);
      setPaymentId(newClientId());
      const refreshed = await action.run(() => rentalsApi.getContract(contract.contract_number));
      if (refreshed) {
        setContract(refreshed);
      }
    }
  };

  const takeBack = async () => {
    if (!contract) {
      return;
    }
    const returned = await action.run(() =>
      rentalsApi.returnContract({ contract_number: contract.contract_number, condition, note, manager }),
    );
    if (returned) {
      setContract(returned);
    }
  };

  const chargeOff = async () => {
    if (!contract) {
      return;
    }
    const closed = await action.run(() =>
      rentalsApi.chargeOff({ contract_number: contract.contract_number, note, manager }),
    );
    if (closed) {
      setContract(closed);
    }
  };

  const reinstate = async () => {
    if (!contract) {
      return;
    }
    const active = await action.run(() => rentalsApi.reinstate(contract.contract_number, manager));
    if (active) {
      setContract(active);
    }
  };

  const printAgreement = async () => {
    if (contract) {
      const path = await action.run(() => rentalsApi.printAgreement(contract.contract_number));
      setAgreementPath(path ?? null);
    }
  };

  const tender = (key: keyof Tenders, label: string) => (
    <label>
      {label}
      <input
        value={tenders[key]}
        data-testid={`pay-${key}`}
        onInput={(event) => setTenders({ ...tenders, [key]: event.currentTarget.value })}
      />
    </label>
  );

  const ledger = contract?.ledger;
  return (
    <section class="contract-desk">
      <h2>Contract</h2>
      <input
        placeholder="Contract number, then Enter"
        value={number}
        data-testid="contract-number"
        onInput={(event) => setNumber(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            load();
          }
        }}
      />
      <ErrorLine message={action.error} testId="contract-error" />
      {contract && ledger && (
        <div>
          <p data-testid="contract-summary">
            {contract.contract_number} · {contract.status} · {contract.customer.full_name} · {contract.unit_description} (
            {contract.serial_number})
          </p>
          <dl>
            <dt>Rent paid</dt>
            <dd data-testid="ledger-paid">{formatMoney(ledger.rent_paid)}</dd>
            <dt>Past due</dt>
            <dd data-testid="ledger-past-due">{formatMoney(ledger.rent_past_due)}</dd>
            <dt>Late fees owed</dt>
            <dd data-testid="ledger-fees">{formatMoney(ledger.late_fees_owed)}</dd>
            <dt>Still needed to own</dt>
            <dd data-testid="ledger-remaining">{formatMoney(ledger.remaining_to_own)}</dd>
            <dt>Buyout price today</dt>
            <dd data-testid="buyout-total">{formatMoney(contract.buyout.total)}</dd>
          </dl>
          <button type="button" onClick={printAgreement} data-testid="print-agreement">
            Print agreement
          </button>
          {agreementPath && <p data-testid="agreement-path">Saved {agreementPath}</p>}
          {contract.status === "active" && (
            <fieldset>
              <legend>Payment</legend>
              {tender("amount", "Amount to credit")}
              {tender("cash", "Cash handed over")}
              {tender("cardAmount", "Card amount")}
              {tender("cardApproval", "Card approval code")}
              {tender("cardLast4", "Card last 4 digits")}
              <button type="button" disabled={action.busy} onClick={() => pay("payment")} data-testid="pay-submit">
                Take payment
              </button>
              <button type="button" disabled={action.busy} onClick={() => pay("buyout")} data-testid="buyout-submit">
                Pay buyout {formatMoney(contract.buyout.total)}
              </button>
            </fieldset>
          )}
          {contract.status === "active" && (
            <fieldset>
              <legend>Return or charge off</legend>
              <label>
                Condition
                <select
                  value={condition}
                  data-testid="return-condition"
                  onChange={(event) => setCondition(event.currentTarget.value as UnitCondition)}
                >
                  <option value="used">Good (back in stock)</option>
                  <option value="damaged">Damaged (hold for repair)</option>
                </select>
              </label>
              <label>
                Reason
                <input value={note} data-testid="return-note" onInput={(event) => setNote(event.currentTarget.value)} />
              </label>
              <ManagerFields value={manager} onChange={setManager} />
              <button type="button" disabled={action.busy} onClick={takeBack} data-testid="return-submit">
                Take unit back
              </button>
              <button type="button" disabled={action.busy} onClick={chargeOff} data-testid="charge-off-submit">
                Charge off
              </button>
            </fieldset>
          )}
          {contract.status === "returned" && (
            <fieldset>
              <legend>Reinstate after a missed payment or a return</legend>
              <ManagerFields value={manager} onChange={setManager} />
              <button type="button" disabled={action.busy} onClick={reinstate} data-testid="reinstate-submit">
                Reinstate contract
              </button>
            </fieldset>
          )}
        </div>
      )}
      {contract?.initial_receipt_text && !paid && (
        <pre class="receipt" data-testid="initial-receipt">
          {contract.initial_receipt_text}
        </pre>
      )}
      {paid && (
        <pre class="receipt" data-testid="payment-receipt">
          {paid.receipt_text}
        </pre>
      )}
    </section>
  );
}
