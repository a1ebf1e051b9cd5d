import type { ShiftReport } from "../bindings/ShiftReport";
import type { TenderLine } from "../bindings/TenderLine";
import { formatMoney } from "../money";

interface ShiftReportViewProps {
  title: string;
  report: ShiftReport;
  testId: string;
}

/** Shows an X report (no count yet) or a Z report (with the count and over/short). */
export function ShiftReportView({ title, report, testId }: ShiftReportViewProps) {
  const activity = report.activity;
  return (
    <section class="report" data-testid={testId}>
      <h2>{title}</h2>
      <dl class="totals">
        <dt>Opening float</dt>
        <dd>{formatMoney(activity.opening_float)}</dd>
        <dt>Sales</dt>
        <dd data-testid={`${testId}-sale-count`}>{activity.sale_count}</dd>
        <dt>Returns</dt>
        <dd>{activity.return_count}</dd>
        <dt>Cash sales</dt>
        <dd>{formatMoney(activity.cash_sales)}</dd>
        <dt>Card sales</dt>
        <dd>{formatMoney(activity.card_sales)}</dd>
        <dt>Cash refunds</dt>
        <dd>{formatMoney(activity.cash_refunds)}</dd>
        <dt>Card refunds</dt>
        <dd>{formatMoney(activity.card_refunds)}</dd>
        <dt>Paid in</dt>
        <dd>{formatMoney(activity.paid_in)}</dd>
        <dt>Paid out</dt>
        <dd>{formatMoney(activity.paid_out)}</dd>
        <dt>No-sale opens</dt>
        <dd>{activity.no_sale_count}</dd>
        <dt>Tax collected</dt>
        <dd>{formatMoney(activity.tax_collected)}</dd>
        <dt>Tax refunded</dt>
        <dd>{formatMoney(activity.tax_refunded)}</dd>
        <dt class="grand">Net sales</dt>
        <dd class="grand" data-testid={`${testId}-net-sales`}>
          {formatMoney(report.net_sales)}
        </dd>
      </dl>
      <TenderTable cash={report.cash} card={report.card} testId={testId} />
    </section>
  );
}

function TenderTable({ cash, card, testId }: { cash: TenderLine; card: TenderLine; testId: string }) {
  const row = (label: string, line: TenderLine, key: string) => (
    <tr>
      <th>{label}</th>
      <td class="number" data-testid={`${testId}-${key}-expected`}>
        {formatMoney(line.expected)}
      </td>
      <td class="number">{line.counted === null ? "—" : formatMoney(line.counted)}</td>
      <td class="number" data-testid={`${testId}-${key}-over-short`}>
        {line.over_short === null ? "—" : formatMoney(line.over_short)}
      </td>
    </tr>
  );
  return (
    <table class="tenders">
      <thead>
        <tr>
          <th />
          <th class="number">Expected</th>
          <th class="number">Counted</th>
          <th class="number">Over / short</th>
        </tr>
      </thead>
      <tbody>
        {row("Cash in drawer", cash, "cash")}
        {row("Card", card, "card")}
      </tbody>
    </table>
  );
}
