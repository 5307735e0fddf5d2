import { describe, expect, it } from "vitest";
import {
  type DatasetWarning,
  NUM_PAIR_FEATURES,
  PAIR_FEATURE_NAMES,
  buildCandidates,
  buildDataset,
  classWeights,
  collate,
  collatePairs,
  flatPairIndex,
} from "../index.js";
import { makeDocument, sampleBioredDocument } from "../testing/documents.js";

const feature = (row: Float32Array, name: (typeof PAIR_FEATURE_NAMES)[number]) =>
  row[PAIR_FEATURE_NAMES.indexOf(name)]!;

describe("buildDataset encoding", () => {
  it("encodes tokens, mention spans, entity types, sentences and labels consistently", () => {
    const ds = buildDataset([sampleBioredDocument()], {
      tokenizerOptions: { minWordCount: 1, minPieceCount: 1 },
    });
    const [doc] = ds.documents;
    const pairs = ds.pairs[0]!;
    const concepts = ds.concepts[0]!;
    expect(doc!.tokenIds.length).toBe(doc!.tokenCount);
    expect(doc!.tokenIds.every((id) => id > 0)).toBe(true);
    // Every mention's tokens spell the mention (spaces aside) and carry its entity type.
    for (let m = 0; m < doc!.mentionStart.length; m++) {
      const concept = concepts[doc!.mentionConcept[m]!]!;
      const ids = [...doc!.tokenIds.subarray(doc!.mentionStart[m]!, doc!.mentionEnd[m]!)];
      const spelled = ids.map((id) => ds.tokenizer.token(id).replace(/^##/, "")).join("");
      expect(concept.mentions.map((x) => x.text.replaceAll(" ", ""))).toContain(spelled);
      const typeIds = doc!.entityTypeIds.subarray(doc!.mentionStart[m]!, doc!.mentionEnd[m]!);
      expect([...typeIds].every((t) => t === ds.entityTypes.id(concept.type))).toBe(true);
    }
    expect(doc!.mentionStart.length).toBe(9);
    // Title = sentence 0; "(Smith et al. 2001)" does not end a sentence.
    expect(doc!.sentenceIds[0]).toBe(0);
    expect(Math.max(...doc!.sentenceIds)).toBe(3);
    // Pairs are aligned with pairHead/pairTail and carry labels and novelty.
    expect(doc!.pairHead.length).toBe(pairs.length);
    pairs.forEach((pair, p) => {
      expect(concepts[doc!.pairHead[p]!]).toBe(pair.head);
      expect(concepts[doc!.pairTail[p]!]).toBe(pair.tail);
      expect(ds.labelSpace.label(doc!.labelIds[p]!)).toBe(pair.label);
      expect(doc!.novelIds[p]).toBe(pair.novel === null ? -1 : pair.novel ? 1 : 0);
      expect(doc!.pairTypeIds![p]).toBe(
        ds.entityTypes.pairId(ds.entityTypes.id(pair.head.type), ds.entityTypes.id(pair.tail.type)),
      );
    });
    const variantDisease = pairs.findIndex((p) => p.label === "Positive_Correlation");
    const row = doc!.pairFeatures.subarray(
      variantDisease * NUM_PAIR_FEATURES,
      (variantDisease + 1) * NUM_PAIR_FEATURES,
    );
    expect(feature(row, "log1pSameSentenceCount")).toBeCloseTo(Math.log1p(1));
    expect(feature(row, "log1pMinSentenceDistance")).toBe(0);
    expect(feature(row, "log1pHeadMentions")).toBeCloseTo(Math.log1p(2));
    expect(feature(row, "headInTitle")).toBe(1);
    expect(feature(row, "tailInTitle")).toBe(1);
    expect(feature(row, "sameEntityType")).toBe(0);
    const taxon = pairs.findIndex((p) => p.head.key === "9606" || p.tail.key === "9606");
    const taxonRow = doc!.pairFeatures.subarray(
      taxon * NUM_PAIR_FEATURES,
      (taxon + 1) * NUM_PAIR_FEATURES,
    );
    expect(feature(taxonRow, "headInTitle") + feature(taxonRow, "tailInTitle")).toBe(1);
    // 10 concept pairs less the gene-variant and gene-taxon ones (not scored by BioRED's
    // evaluation, so not candidates by default).
    expect(ds.report.pairsByLabel).toEqual({
      Negative_Correlation: 1,
      None: 6,
      Positive_Correlation: 1,
    });
    expect(ds.report.candidateRecall).toBe(1);
  });

  it("truncates long documents explicitly, counting the mentions and pairs affected", () => {
    const warnings: DatasetWarning[] = [];
    const ds = buildDataset([sampleBioredDocument()], {
      maxTokens: 12,
      onWarning: (w) => warnings.push(w),
    });
    const doc = ds.documents[0]!;
    expect(doc.tokenIds.length).toBe(12);
    expect(doc.entityTypeIds.length).toBe(12);
    expect(doc.tokenCount).toBeGreaterThan(12);
    expect(Math.max(...doc.mentionEnd)).toBeLessThanOrEqual(12);
    const truncated = warnings.filter((w) => w.code === "TRUNCATED");
    expect(truncated).toHaveLength(1);
    expect(ds.report.truncated.documents).toBe(1);
    expect(ds.report.truncated.mentions).toBeGreaterThan(0);
    // patients (9606) and tamoxifen (D013629) lose all mentions: 3 + 4 - 1 candidate pairs
    // affected (the gene-taxon pair is no candidate by default).
    expect(ds.report.truncated.pairs).toBe(6);
    expect(truncated[0]!.message).toContain(
      `${ds.report.truncated.mentions} mention(s) and 6 pair(s)`,
    );
    // Features still describe the whole document (8 candidate pairs).
    expect(doc.pairFeatures.length).toBe(8 * NUM_PAIR_FEATURES);
  });

  it("reuses a training vocabulary unchanged and reports unknown labels and types", () => {
    const train = buildDataset([sampleBioredDocument()]);
    const dev = makeDocument(
      "2002",
      ["Aspirin binds COX1 in rats."],
      [
        { text: "Aspirin", identifier: "D001241", type: "ChemicalEntity" },
        { text: "COX1", identifier: "5742", type: "GeneOrGeneProduct" },
        { text: "rats", identifier: "10116", type: "Species" },
      ],
      [{ entity1: "D001241", entity2: "5742", type: "Bind", novel: "Novel" }],
    );
    const warnings: DatasetWarning[] = [];
    const ds = buildDataset([dev], {
      tokenizer: train.tokenizer,
      labelSpace: train.labelSpace,
      entityTypes: train.entityTypes,
      onWarning: (w) => warnings.push(w),
    });
    expect(ds.tokenizer).toBe(train.tokenizer);
    expect(ds.labelSpace.labels).toEqual(["None", "Negative_Correlation", "Positive_Correlation"]);
    expect(ds.report.unknownLabels).toEqual({ Bind: 1 });
    expect(ds.report.pairsByLabel.Bind).toBe(1);
    expect(ds.documents[0]!.labelIds[0]).toBe(0);
    expect(warnings.map((w) => w.code).sort()).toEqual(["UNKNOWN_ENTITY_TYPE", "UNKNOWN_LABEL"]);
  });

  it("keeps only entity-type pairs seen in training when asked", () => {
    const train = buildDataset([sampleBioredDocument()], { pairFilter: "seen-type-pairs" });
    expect([...train.allowedTypePairs!].sort()).toEqual([
      "ChemicalEntity|DiseaseOrPhenotypicFeature",
      "DiseaseOrPhenotypicFeature|SequenceVariant",
    ]);
    expect(train.report.candidatePairs).toBe(2);
    expect(train.documents[0]!.pairHead.length).toBe(2);
    const dev = buildDataset([sampleBioredDocument()], { pairFilter: train.allowedTypePairs! });
    expect(dev.report.candidatePairs).toBe(2);
  });

  it("warns for a document without annotations and still encodes its text", () => {
    const warnings: string[] = [];
    const ds = buildDataset([makeDocument("E", ["Nothing annotated here."], [])], {
      tokenizerOptions: { minWordCount: 1 },
      onWarning: (w) => warnings.push(w.code),
    });
    expect(warnings).toEqual(["NO_ANNOTATIONS"]);
    expect(ds.report.documentsWithoutAnnotations).toBe(1);
    expect(ds.documents[0]!.tokenIds.length).toBe(4);
    expect(ds.documents[0]!.pairHead.length).toBe(0);
  });
});

describe("collate", () => {
  it("pads rows and offsets concept indices per row", () => {
    const small = makeDocument(
      "s",
      ["Aspirin and ulcer."],
      [
        { text: "Aspirin", identifier: "D001241", type: "ChemicalEntity" },
        { text: "ulcer", identifier: "D014456", type: "DiseaseOrPhenotypicFeature" },
      ],
      [{ entity1: "D001241", entity2: "D014456", type: "Positive_Correlation", novel: "No" }],
    );
    const ds = buildDataset([sampleBioredDocument(), small]);
    const [a, b] = ds.documents;
    const batch = collate(ds.documents);
    const T = a!.tokenIds.length;
    expect(batch.batchSize).toBe(2);
    expect(batch.maxTokens).toBe(T);
    expect(batch.mask.subarray(T).reduce((s, x) => s + x, 0)).toBe(b!.tokenIds.length);
    expect([...batch.tokenIds.subarray(T + b!.tokenIds.length)].every((x) => x === 0)).toBe(true);
    expect(batch.numConcepts).toBe(7);
    expect([...batch.conceptsPerRow!]).toEqual([5, 2]);
    expect(batch.conceptTypeIds!.length).toBe(7);
    const P = a!.pairHead.length;
    expect(batch.pairHead.length).toBe(P + 1);
    expect(batch.pairRow[P]).toBe(1);
    expect(batch.pairHead[P]).toBe(5 + b!.pairHead[0]!);
    expect(batch.pairTail[P]).toBe(5 + b!.pairTail[0]!);
    expect(batch.labelIds[P]).toBe(ds.labelSpace.id("Positive_Correlation"));
    const M = a!.mentionStart.length;
    expect([...batch.mentionRow.subarray(M)]).toEqual([1, 1]);
    expect([...batch.mentionConcept.subarray(M)]).toEqual([5, 6]);
    expect(batch.pairFeatures.length).toBe((P + 1) * NUM_PAIR_FEATURES);
    expect(collate([]).batchSize).toBe(0);
  });
});

describe("classWeights", () => {
  it("weights classes inversely to their frequency", () => {
    const w = classWeights(Int32Array.from([0, 0, 0, 1, 2, 2]), 4);
    expect([...w].map((x) => Number(x.toFixed(3)))).toEqual([0.667, 2, 1, 0]);
    expect(classWeights([0, 1, 1], 2, { power: 0.5 })[0]).toBeCloseTo(Math.sqrt(1.5));
    expect(() => classWeights([3], 2)).toThrow(/outside 0..1/);
  });
});

describe("pair-level batches", () => {
  it("collates exactly the chosen pairs, each document's text once", () => {
    const other = makeDocument(
      "s",
      ["Aspirin and ulcer and gastritis."],
      [
        { text: "Aspirin", identifier: "D001241", type: "ChemicalEntity" },
        { text: "ulcer", identifier: "D014456", type: "DiseaseOrPhenotypicFeature" },
        { text: "gastritis", identifier: "D005756", type: "DiseaseOrPhenotypicFeature" },
      ],
      [{ entity1: "D001241", entity2: "D014456", type: "Positive_Correlation", novel: "No" }],
    );
    const ds = buildDataset([sampleBioredDocument(), other]);
    const index = flatPairIndex(ds.documents);
    // 8 candidate pairs of the sample, 2 of `other` (its disease-disease pair is not scored
    // by BioRED's evaluation, so no candidate by default).
    expect(index.labelIds.length).toBe(8 + 2);
    expect([...index.documentOf.subarray(7, 10)]).toEqual([0, 1, 1]);
    const chosen = [9, 3, 8];
    const { batch, documentIndices, pairSource } = collatePairs(ds.documents, index, chosen);
    expect(documentIndices).toEqual([1, 0]);
    expect([...pairSource]).toEqual([9, 8, 3]);
    expect([...batch.pairRow]).toEqual([0, 0, 1]);
    expect(batch.batchSize).toBe(2);
    for (let i = 0; i < 3; i++) {
      const flat = pairSource[i]!;
      const doc = ds.documents[index.documentOf[flat]!]!;
      const p = index.pairOf[flat]!;
      expect(batch.labelIds[i]).toBe(doc.labelIds[p]);
      const offset = batch.pairRow[i] === 0 ? 0 : 3;
      expect(batch.pairHead[i]).toBe(offset + doc.pairHead[p]!);
      expect([
        ...batch.pairFeatures.subarray(i * NUM_PAIR_FEATURES, (i + 1) * NUM_PAIR_FEATURES),
      ]).toEqual([
        ...doc.pairFeatures.subarray(p * NUM_PAIR_FEATURES, (p + 1) * NUM_PAIR_FEATURES),
      ]);
    }
    expect(() => collatePairs(ds.documents, index, [99])).toThrow(/outside/);
    expect(() => collate(ds.documents, { pairSubsets: [[42]] })).toThrow(/pair index 42/);
  });
});

describe("mentions that cover no word", () => {
  it("are reported, not silently dropped", () => {
    const doc = makeDocument(
      "w",
      ["Aspirin  and ulcer."],
      [
        { text: "Aspirin", identifier: "D001241", type: "ChemicalEntity" },
        { text: "ulcer", identifier: "D014456", type: "DiseaseOrPhenotypicFeature" },
      ],
    );
    doc.passages[0]!.annotations.push({
      id: "blank",
      infons: { identifier: "D001241", type: "ChemicalEntity" },
      text: " ",
      locations: [{ offset: 7, length: 1 }],
    });
    const warnings: DatasetWarning[] = [];
    const ds = buildDataset([doc], { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => [w.code, w.annotationId])).toEqual([["UNALIGNED_MENTION", "blank"]]);
    expect(ds.documents[0]!.mentionStart.length).toBe(2);
  });
});

describe("buildCandidates", () => {
  it("gives the same pairs and accounting as buildDataset, without tokenizing", () => {
    const docs = [sampleBioredDocument()];
    const candidates = buildCandidates(docs);
    const ds = buildDataset(docs);
    expect(candidates.pairs.map((p) => p.pairs)).toEqual(ds.pairs);
    const { tokenLengths, truncated, ...accounting } = ds.report;
    expect(candidates.report).toMatchObject(accounting);
    expect(candidates.report.tokenLengths.max).toBe(0);
    expect(tokenLengths.max).toBeGreaterThan(0);
    expect(truncated.documents).toBe(0);
  });
});
