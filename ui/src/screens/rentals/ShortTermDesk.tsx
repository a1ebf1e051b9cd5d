import { useState } from "preact/hooks";

import type { CustomerView } from "../../bindings/CustomerView";
import type { ShortTermReturnView } from "../../bindings/ShortTermReturnView";
import type { ShortTermView } from "../../bindings/ShortTermView";
import type { UnitCondition } from "../../bindings/UnitCondition";
import { ErrorLine } from "../../components/ErrorLine";
import { useAction } from "../../components/useAction";
import { formatMoney } from "../../money";
import { newClientId, rentalsApi } from "../../rentals-api";

interface ReturnTenders {
  cash: string;
  card_amount: string;
  card_approval: string;
  card_last4: string;
}

const NO_TENDERS: ReturnTenders = { cash: "", card_amount: "", card_approval: "", card_last4: "" };

/**
 * Short-term rentals at the counter: rent a unit out to the chosen
 * customer until a due date, and take it back. The late fee (whole
 * store-local days after the due date, times the rate) comes from the
 * terminal, with the rate and the total shown apart.
 */
export function ShortTermDesk({ customer }: { customer: CustomerView | null }) {
  const [serial, setSerial] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [rate, setRate] = useState("");
  const [outId, setOutId] = useState(newClientId);
  const [number, setNumber] = useState("");
  const [rental, setRental] = useState<ShortTermView | null>(null);
  const [condition, setCondition] = useState<UnitCondition>("used");
  const [tenders, setTenders] = useState<ReturnTenders>(NO_TENDERS);
  const [returnId, setReturnId] = useState(newClientId);
  const [done, setDone] = useState<ShortTermReturnView | null>(null);
  const action = useAction();

  const rentOut = async () => {
    if (!customer) {
      return;
    }
    const out = await action.run(() =>
      rentalsApi.rentOut({
        client_id: outId,
        customer_id: customer.id,
        serial_number: serial,
        due_date: dueDate,
        late_fee_per_day: rate,
      }),
    );
    if (out) {
      setRental(out);
      setNumber(out.rental_number);
      setOutId(newClientId());
      setDone(null);
    }
  };

  const load = async () => {
    const found = await action.run(() => rentalsApi.getShortTermRental(number.trim()));
    if (found) {
      setRental(found);
      setDone(null);
    }
  };

  const takeBack = async () => {
    if (!rental) {
      return;
    }
    const result = await action.run(() =>
      rentalsApi.returnShortTerm({
        ...tenders,
        client_id: returnId,
        rental_number: rental.rental_number,
        condition,
        note: "",
      }),
    );
    if (result) {
      setDone(result);
      setRental(result.rental);
      setTenders(NO_TENDERS);
      setReturnId(newClientId());
    }
  };

  const tender = (key: keyof ReturnTenders, label: string) => (
    <label>
      {label}
      <input
        value={tenders[key]}
        data-testid={`short-${key}`}
        onInput={(event) => setTenders({ ...tenders, [key]: event.currentTarget.value })}
      />
    </label>
  );

  const fee = rental?.late_fee_now;
  return (
    <section class="short-term-desk">
      <h2>Short-term rentals</h2>
      <fieldset>
        <legend>Rent out{customer ? ` to ${customer.full_name}` : ""}</legend>
        {!customer && <p class="hint">Pick or add a customer first.</p>}
        <label>
          Serial number (scan)
          <input value={serial} data-testid="short-serial" onInput={(event) => setSerial(event.currentTarget.value)} />
        </label>
        <label>
          Due by the end of (YYYY-MM-DD)
          <input value={dueDate} data-testid="short-due" onInput={(event) => setDueDate(event.currentTarget.value)} />
        </label>
        <label>
          Late fee per day
          <input value={rate} data-testid="short-rate" onInput={(event) => setRate(event.currentTarget.value)} />
        </label>
        <button type="button" disabled={action.busy || !customer} onClick={rentOut} data-testid="short-out-submit">
          Rent out
        </button>
      </fieldset>
      <input
        placeholder="Rental number, then Enter"
        value={number}
        data-testid="short-number"
        onInput={(event) => setNumber(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            void load();
          }
        }}
      />
      <ErrorLine message={action.error} testId="short-error" />
      {rental && fee && (
        <div>
          <p data-testid="short-summary">
            {rental.rental_number}: {rental.serial_number} {rental.unit_description}, due by the end of{" "}
            {rental.due_date} ({rental.status})
          </p>
          <dl>
            <dt>Late fee rate</dt>
            <dd data-testid="short-fee-rate">{formatMoney(fee.rate_per_day)} per day</dd>
            <dt>Days late</dt>
            <dd data-testid="short-fee-days">{fee.days_late}</dd>
            <dt>Late fee total</dt>
            <dd data-testid="short-fee-total">{formatMoney(fee.total)}</dd>
          </dl>
          {rental.status === "out" && (
            <fieldset>
              <legend>Return</legend>
              <label>
                Condition
                <select
                  value={condition}
                  data-testid="short-condition"
                  onChange={(event) => setCondition(event.currentTarget.value as UnitCondition)}
                >
                  <option value="used">Good (back in stock)</option>
                  <option value="damaged">Damaged (hold for repair)</option>
                </select>
              </label>
              {tender("cash", "Cash handed over")}
              {tender("card_amount", "Card amount")}
              {tender("card_approval", "Card approval code")}
              {tender("card_last4", "Card last 4 digits")}
              <button type="button" disabled={action.busy} onClick={takeBack} data-testid="short-return-submit">
                Take unit back
              </button>
            </fieldset>
          )}
        </div>
      )}
      {done && (
        <pre class="receipt" data-testid="short-receipt">
          {done.receipt_text}
        </pre>
      )}
    </section>
  );
}
