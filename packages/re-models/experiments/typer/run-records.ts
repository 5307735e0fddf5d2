// The run JSONs the fusion drivers (typer-fusion.ts, detector-fusion.ts) write for
// summarize.ts: one system's Dev predictions scored with the BioRED track scoring, plus the
// decision rule and epoch it came with, in the layout biored.ts's own runs have.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BioCCollection } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import type { DecisionRule } from "../../src/index.js";

/** Scores predictions on `dev` and writes run records into `folder` (created). */
export function runRecords(dev: BioCCollection, folder: string) {
  const gold = relationsFromBioC(dev);
  const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
  const documentIds = dev.documents.map((d) => d.id);
  mkdirSync(folder, { recursive: true });

  function devSummary(predictions: BioredRelation[]) {
    const s = bioredScores(gold, predictions, { entityTypes: dev, documentIds });
    const perTypeF1 = Object.fromEntries(goldTypes.map((t) => [t, s.perType[t]?.pairType.f1 ?? 0]));
    return {
      pair: s.pair,
      pairType: s.pairType,
      pairNovelty: s.pairNovelty,
      all: s.all,
      macroF1PairType: bioredMacroF1(s, goldTypes),
      perTypeF1,
    };
  }

  function writeRun(
    objective: string,
    seed: number,
    extra: Record<string, unknown>,
    rule: DecisionRule & { heldOutF1: number },
    predictions: BioredRelation[],
    bestEpoch: number,
  ) {
    const summary = devSummary(predictions);
    const record = {
      objective,
      seed,
      ...extra,
      decision: { noneBias: rule.noneBias, noveltyThreshold: rule.noveltyThreshold },
      training: { bestEpoch, bestValidationF1: rule.heldOutF1, history: [] },
      dev: summary,
      seconds: { wall: 0, cpu: 0 },
      predictions,
    };
    writeFileSync(join(folder, `${objective}-s${seed}.json`), JSON.stringify(record));
    return summary;
  }

  return { devSummary, writeRun };
}
