import { describe, expect, it } from "vitest";
import type { TrainOptions } from "./train.js";
import { resumeArgs } from "./train-resume.js";

const base = {
  trainSplits: ["train"],
  model: "baseline",
  out: "m",
  epochs: 10,
  seed: 1,
  size: "small",
  encoder: { kind: "conv" },
  typerWeight: 0.75,
  ensemble: 1,
} as unknown as TrainOptions;

describe("resumeArgs", () => {
  it("repeats the typer flags, so a resume fits the typer the stopped run asked for", () => {
    expect(resumeArgs(base)).toContain("--typer-weight 0.75");
    expect(resumeArgs(base)).not.toContain("--typer-types-only");
    expect(resumeArgs({ ...base, typerTypesOnly: true })).toMatch(
      /--typer-weight 0\.75 --typer-types-only/,
    );
  });
});
