import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_TOKENS, buildDataset } from "../index.js";

// The default token limit must not cut real abstracts: at 512, BioRED Dev lost the ends of 8
// documents (16 gold relations lost every mention of a concept) with a Train vocabulary.
describe("DEFAULT_MAX_TOKENS on BioRED", () => {
  const train = dataFile("biored", "Train.BioC.XML");
  const dev = dataFile("biored", "Dev.BioC.JSON");
  it.runIf(haveData(train) && haveData(dev))(
    "cuts no Train or Dev document, where 512 cut 8 of Dev's",
    async () => {
      const fit = buildDataset((await readCollection(train)).documents, {
        tokenizerOptions: { maxVocabSize: 12000, minWordCount: 2 },
        onWarning: () => {},
      });
      const devDocuments = (await readCollection(dev)).documents;
      const like = { tokenizer: fit.tokenizer, entityTypes: fit.entityTypes, onWarning: () => {} };
      const full = buildDataset(devDocuments, like);
      const cut = buildDataset(devDocuments, { ...like, maxTokens: 512 });
      expect(fit.report.truncated.documents).toBe(0);
      expect(full.report.truncated).toEqual({ documents: 0, mentions: 0, pairs: 0 });
      expect(full.report.tokenLengths.max).toBeLessThanOrEqual(DEFAULT_MAX_TOKENS);
      expect(cut.report.truncated).toEqual({ documents: 8, mentions: 50, pairs: 124 });
    },
    60_000,
  );
});
