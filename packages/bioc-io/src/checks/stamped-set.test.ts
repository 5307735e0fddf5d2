import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StampedSet } from "./stamped-set.js";

// StampedSet must answer as a fresh Set per document would, in its table and
// after a document has moved to the Map.

const SEED = Number(process.env.FC_SEED ?? 20261130);

describe("StampedSet", () => {
  it("answers as a fresh Set per document (small and spilling documents, like strings)", () => {
    // many strings share a length and their hashed characters, so probes run long
    const str = fc.oneof(
      fc.constantFrom("", "a", "D003409", "D003419", "D013409", "c|DEL|1|"),
      fc.integer({ min: 0, max: 400 }).map((n) => `C${n}`),
    );
    const doc = fc.array(fc.record({ add: fc.boolean(), s: str }), { maxLength: 400 });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 4 }), (docs) => {
        const set = new StampedSet();
        let stamp = 0;
        for (const ops of docs) {
          set.begin(++stamp);
          const model = new Set<string>();
          for (const { add, s } of ops) {
            if (add) {
              set.add(s);
              model.add(s);
            } else expect(set.has(s)).toBe(model.has(s));
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
