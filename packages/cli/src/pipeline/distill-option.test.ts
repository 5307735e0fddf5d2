import type { BioCDocument } from "@biore/bioc-io";
import type { RelationModel } from "@biore/re-models";
import { describe, expect, it } from "vitest";
import { type Teacher, heldOutWarning } from "./distill-option.js";
import type { ModelSidecar } from "./model-dir.js";

const docs = (...ids: string[]) => ids.map((id) => ({ id }) as BioCDocument);
const teacher = (sidecar?: Partial<ModelSidecar>): Teacher => ({
  dir: "/models/t",
  model: {} as RelationModel,
  digest: "d",
  ...(sidecar ? { sidecar: sidecar as ModelSidecar } : {}),
});
const recorded = { seed: 1, trainFile: "/data/Train.json", validationDocuments: ["a", "b"] };

describe("heldOutWarning", () => {
  it("says nothing when the teacher held out this run's slice (same seed and files, or the same documents)", () => {
    const data = { validationDocuments: docs("a", "b") };
    const same = { teacher: teacher(recorded), seed: 1, trainFiles: ["/data/Train.json"] };
    expect(heldOutWarning(same, data)).toBeUndefined();
    // files named another way, the same held-out documents
    expect(heldOutWarning({ ...same, trainFiles: ["data/Train.json"] }, data)).toBeUndefined();
  });

  it("counts the held-out documents the teacher trained on and says how to hold out its slice", () => {
    const data = { validationDocuments: docs("a", "c", "d") };
    expect(
      heldOutWarning(
        { teacher: teacher(recorded), seed: 2, trainFiles: ["/data/Train.json"] },
        data,
      ),
    ).toBe(
      "warning: the teacher was trained with seed 1 on /data/Train.json: its training saw 2 of this run's 3 held-out documents; pass --seed 1 to hold out the same slice",
    );
    expect(
      heldOutWarning(
        { teacher: teacher(recorded), seed: 1, trainFiles: ["/data/Train.json", "/data/Dev.json"] },
        data,
      ),
    ).toMatch(
      /; train on the teacher's files \(\/data\/Train\.json\) with --seed 1 to hold out the same slice$/,
    );
  });

  it("says the check cannot be made for a folder without biore.json", () => {
    const line = heldOutWarning(
      { teacher: teacher(), seed: 1, trainFiles: [] },
      { validationDocuments: docs("a") },
    );
    expect(line).toMatch(/^warning: \/models\/t has no biore\.json/);
  });
});
