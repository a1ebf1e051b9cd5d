import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";

import { api, CommandFailure, toCommandError } from "./api";

afterEach(() => clearMocks());

describe("toCommandError", () => {
  it("keeps a command error", () => {
    expect(toCommandError({ kind: "not_found", message: "No such receipt." })).toEqual({
      kind: "not_found",
      message: "No such receipt.",
    });
  });

  it("wraps a bare string", () => {
    const error = toCommandError("command scan_code not found");
    expect(error.kind).toBe("storage");
    expect(error.message).not.toContain("scan_code");
  });
});

describe("api", () => {
  it("sends snake_case arguments", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((command, payload) => {
      calls.push([command, payload]);
      return null;
    });
    await api.openShift("200.00");
    expect(calls).toEqual([["open_shift", { opening_float: "200.00" }]]);
  });

  it("rejects with CommandFailure", async () => {
    mockIPC(() => {
      throw { kind: "sign_in_failed", message: "Wrong staff code or PIN" };
    });
    const failure = await api.signIn("1", "0000").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailure);
    expect((failure as CommandFailure).kind).toBe("sign_in_failed");
    expect((failure as CommandFailure).message).toBe("Wrong staff code or PIN");
  });
});
