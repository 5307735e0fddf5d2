import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdStamps, numberedSlot } from "./id-stamps.js";

// IdStamps must answer exactly as one Map from id to stamp would: a slot
// shared by two different ids would hide a repeated id or invent one.

const SEED = Number(process.env.FC_SEED ?? 20261130);

/** The only id a slot may stand for. */
function idOfSlot(slot: number): string {
  return slot < 1000 ? String(slot) : `R${slot - 1000}`;
}

describe("numberedSlot", () => {
  it("gives each numbered id its own slot", () => {
    const slots = new Set<number>();
    for (let n = 0; n < 1000; n++) {
      for (const id of [String(n), `R${n}`]) {
        const slot = numberedSlot(id);
        expect(idOfSlot(slot)).toBe(id);
        slots.add(slot);
      }
    }
    expect(slots.size).toBe(2000);
  });

  it("leaves every other id to the map (leading zeros, four digits, other prefixes, signs)", () => {
    for (const id of ["", "R", "07", "00", "R07", "R00", "1000", "R1000", "-1", "+1", "1.0"])
      expect(numberedSlot(id)).toBe(-1);
    for (const id of [" 1", "1 ", "r1", "RR1", "T1", "1a", "1R", "\u0661", "R\u0661", "0x1"])
      expect(numberedSlot(id)).toBe(-1);
  });

  it("only ever gives a slot to the one id that slot stands for", () => {
    const chars = fc.constantFrom("0", "1", "7", "9", "R", "r", " ", "a", "-", ".");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 6 }), (cs) => {
        const id = cs.join("");
        const slot = numberedSlot(id);
        if (slot >= 0) expect(idOfSlot(slot)).toBe(id);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });
});

describe("IdStamps", () => {
  it("answers as a Map from id to stamp (numbered ids, look-alikes and others mixed)", () => {
    const id = fc.constantFrom("0", "00", "7", "07", "R7", "R07", "r7", "999", "1000", "a", "R");
    const op = fc.record({ add: fc.boolean(), id, stamp: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const table = new IdStamps();
        const model = new Map<string, number>();
        for (const { add, id, stamp } of ops) {
          if (add) {
            const fresh = model.get(id) !== stamp;
            model.set(id, stamp);
            expect(table.add(id, stamp)).toBe(fresh);
          } else expect(table.has(id, stamp)).toBe(model.get(id) === stamp);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
