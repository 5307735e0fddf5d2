import { afterEach, describe, expect, it } from "vitest";
import { Interrupted, type InterruptScope, catchInterrupt } from "./interrupt.js";

// The handler runs on the event loop; the trainer yields between steps (re-models
// interrupt.test.ts), so the first Ctrl-C stops it after a step and the second quits at once.

let scope: InterruptScope | undefined;
afterEach(() => scope?.dispose());

function capture() {
  const err: string[] = [];
  return { err, output: { out: () => undefined, err: (l: string) => void err.push(l) } };
}

describe("catchInterrupt", () => {
  it("the first Ctrl-C aborts the signal with Interrupted; the second quits at once with 130", () => {
    const io = capture();
    const exits: number[] = [];
    scope = catchInterrupt(io.output, "stopping after this step", (code) => exits.push(code));
    expect(scope.interrupted).toBe(false);
    process.emit("SIGINT");
    expect(scope.interrupted).toBe(true);
    expect(scope.signal.reason).toBeInstanceOf(Interrupted);
    expect(exits).toEqual([]);
    expect(io.err.join("\n")).toMatch(
      /interrupted: stopping after this step \(Ctrl-C again to quit at once\)/,
    );
    process.emit("SIGINT");
    expect(exits).toEqual([130]);
    expect(io.err.at(-1)).toBe("interrupted again: quitting now");
  });

  it("dispose removes the handler", () => {
    const io = capture();
    const before = process.listenerCount("SIGINT");
    scope = catchInterrupt(io.output, "x", () => undefined);
    expect(process.listenerCount("SIGINT")).toBe(before + 1);
    scope.dispose();
    expect(process.listenerCount("SIGINT")).toBe(before);
    scope = undefined;
  });
});
