import { describe, expect, it } from "vitest";

import { formatMoney, formatMoneyInput } from "./money";

describe("formatMoney", () => {
  it("groups thousands", () => {
    expect(formatMoney(129900)).toBe("$1,299.00");
  });

  it("pads cents", () => {
    expect(formatMoney(5)).toBe("$0.05");
  });

  it("shows zero", () => {
    expect(formatMoney(0)).toBe("$0.00");
  });

  it("signs negatives before the dollar sign", () => {
    expect(formatMoney(-2)).toBe("-$0.02");
  });

  it("formats the largest amount", () => {
    expect(formatMoney(1_000_000_000)).toBe("$10,000,000.00");
  });

  it("rejects fractional cents", () => {
    expect(formatMoney(19.99)).toBe("—");
  });
});

describe("formatMoneyInput", () => {
  it("drops sign and grouping", () => {
    expect(formatMoneyInput(129900)).toBe("1299.00");
  });
});
