import { BioCError, BioCValidationError } from "@biore/bioc-io";
import { MetricLearningError } from "@biore/hard-negative-miner";
import { MetricsError } from "@biore/re-metrics";
import { ModelError } from "@biore/re-models";
import { PretrainingError } from "@biore/re-models/pretraining";
import { RelationDatasetError } from "@biore/relation-dataset";
import { describe, expect, it } from "vitest";
import { BioreError, USER_ERROR, UserError } from "../user-error.js";
import { libraryErrorToUserError } from "./library-errors.js";

describe("libraryErrorToUserError", () => {
  it("turns bioc-io errors, strict-mode subclasses included, into a UserError with a hint", () => {
    const plain = libraryErrorToUserError(
      new BioCError("EMPTY_INPUT", "file is empty", { file: "a.xml" }),
    );
    expect(plain).toBeInstanceOf(UserError);
    expect(plain?.hint).toMatch(/file is empty|BioC/);

    const strict = new BioCValidationError(
      [
        {
          code: "INVALID_VALUE",
          jsonPath: "$.documents[0].id",
          message: "id must be a string",
          documentId: "1",
        },
      ],
      { file: "b.json" },
    );
    const mapped = libraryErrorToUserError(strict);
    expect(mapped).toBeInstanceOf(UserError);
    expect(mapped?.message).toMatch(/id must be a string at \$\.documents\[0\]\.id/);
    expect(mapped?.hint).toMatch(/not valid BioC/);
  });

  it("leaves errors that are bugs alone", () => {
    expect(libraryErrorToUserError(new TypeError("x is undefined"))).toBeUndefined();
  });

  it("keeps the code and location of every package's error (each bundle has its own BioreError copy)", () => {
    const errors = [
      new MetricsError("LENGTH_MISMATCH", "labelsPred", "has 3 labels, labelsTrue 4"),
      new MetricLearningError("INVALID_OPTION", "margin", "expected a number"),
      new ModelError("NON_FINITE_LOSS", "the loss became NaN", "epoch 2, step 7"),
      new PretrainingError("EMPTY_CORPUS", "no sentences to learn from", "unlabeled.txt"),
      new RelationDatasetError("UNKNOWN_SCHEMA", "no schema named x", { file: "c.json" }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(BioreError);
      const mapped = libraryErrorToUserError(error);
      expect(mapped).toBeInstanceOf(UserError);
      expect(mapped?.code).toBe(error.code);
      expect(mapped?.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(mapped?.where).toBe(error.where);
      expect(mapped?.message).toContain(error.where ?? "never");
    }
    expect(libraryErrorToUserError(new UserError("bad flag"))?.code).toBe(USER_ERROR);
  });

  it("a damaged checkpoint is never called another run's", () => {
    const corrupt = libraryErrorToUserError(
      new ModelError(
        "CHECKPOINT_CORRUPT",
        "checkpoint is damaged: truncated",
        "ckpt/checkpoint.bin",
      ),
    );
    expect(corrupt?.code).toBe("CHECKPOINT_CORRUPT");
    expect(corrupt?.hint).toMatch(/damaged/);
    expect(corrupt?.hint).not.toMatch(/another run/);
    const other = libraryErrorToUserError(
      new ModelError("CHECKPOINT_INVALID", "different run", "ckpt"),
    );
    expect(other?.hint).toMatch(/another run/);
    const unverified = libraryErrorToUserError(
      new ModelError("MODEL_UNVERIFIED", "no manifest", "m"),
    );
    expect(unverified?.hint).toMatch(/manifest\.json/);
  });

  it("a model folder that cannot be written says what to do, per reason", () => {
    const failed = libraryErrorToUserError(
      new ModelError(
        "MODEL_WRITE_FAILED",
        "cannot save the model (writing weights.bin): no space left on the device (ENOSPC); the folder is marked incomplete, so loading it is refused until a save finishes",
        "out/weights.bin",
      ),
    );
    expect(failed?.code).toBe("MODEL_WRITE_FAILED");
    expect(failed?.hint).toMatch(
      /free disk space, fix the folder's permissions or pass another --out/,
    );
    const foreign = libraryErrorToUserError(
      new ModelError("MODEL_DIR_FOREIGN", "the folder holds model.json", "out/model.json"),
    );
    expect(foreign?.hint).toMatch(/pass an empty or new folder as --out/);
  });
});
