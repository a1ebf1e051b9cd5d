import type { Disclosures } from "../../bindings/Disclosures";
import { formatMoney } from "../../money";

/** Shows a contract's disclosed figures and its whole payment schedule. */
export function SchedulePreview({ disclosures }: { disclosures: Disclosures }) {
  const rows: [string, string, string][] = [
    ["Cash price", formatMoney(disclosures.cash_price), "cash-price"],
    ["Each payment", `${formatMoney(disclosures.periodic_payment)} ${disclosures.term}`, "periodic"],
    ["Number of payments", String(disclosures.payment_count), "count"],
    ["Total of payments", formatMoney(disclosures.total_of_payments), "total"],
    ["Cost of lease services", formatMoney(disclosures.cost_of_lease_services), "lease-cost"],
    ["Due at signing", formatMoney(disclosures.initial_payment), "initial"],
  ];
  return (
    <div class="schedule-preview" data-testid="schedule-preview">
      <dl>
        {rows.map(([label, value, key]) => (
          <>
            <dt key={`${key}-label`}>{label}</dt>
            <dd key={key} data-testid={`disclosure-${key}`}>
              {value}
            </dd>
          </>
        ))}
      </dl>
      <p class="hint">You do not own the item until every payment is made or the buyout price is paid.</p>
      <table>
        <thead>
          <tr>
            <th>No.</th>
            <th>Due date</th>
            <th>Amount</th>
          </tr>
        </thead>
        <tbody>
          {disclosures.schedule.map((installment) => (
            <tr key={installment.number} data-testid={`installment-${installment.number}`}>
              <td>{installment.number}</td>
              <td>{installment.due_date}</td>
              <td>{formatMoney(installment.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
