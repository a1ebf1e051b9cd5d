import type { Money } from "./bindings/Money";

/**
 * Formats integer cents as dollars for the screen: 129900 -> "$1,299.00",
 * -2 -> "-$0.02". The only place the UI turns cents into text; it never
 * does arithmetic on amounts beyond splitting dollars from cents.
 */
export function formatMoney(cents: Money): string {
  if (!Number.isSafeInteger(cents)) {
    return "—";
  }
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const dollars = Math.floor(absolute / 100).toString();
  const rest = (absolute % 100).toString().padStart(2, "0");
  const grouped = dollars.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}$${grouped}.${rest}`;
}

/** Formats cents as the plain decimal a clerk would type: 2161 -> "21.61". */
export function formatMoneyInput(cents: Money): string {
  return formatMoney(cents).replace("$", "").replace(/,/g, "");
}
