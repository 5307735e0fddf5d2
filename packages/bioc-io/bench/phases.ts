// Where the eager JSON read spends its time: JSON.parse alone, then the same
// parse followed by each later phase of the fast path, with a timestamp
// between phases; the two take turns, and each figure is the median of the
// rounds as a fraction of JSON.parse alone in the same run. (The whole read
// at the end of a round meets the garbage of the round's other parses: on
// large files it is slower here than in bench/run.ts.)
//
//   pnpm --filter @biore/bioc-io exec tsx bench/phases.ts [file ...]
//   (default: BioRED Dev JSON and BC6PM Triage Training JSON; BENCH_ROUNDS=80)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ReadContext } from "../src/context.js";
import { checkSurrogates } from "../src/encoding/decode.js";
import { fillDocumentsFast } from "../src/json/fast-fill.js";
import { keysCertainlyClean } from "../src/json/key-count.js";
import { parseCollection } from "../src/read.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const dataRoot = process.env.BIORE_DATA_DIR ?? resolve(here, "../../../../shared/data");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [`${dataRoot}/biored/Dev.BioC.JSON`, `${dataRoot}/bc6pm/PMtask_Triage_TrainingSet.json`];
const rounds = Number(process.env.BENCH_ROUNDS ?? 80);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const names = [
  "JSON.parse alone",
  "parse (in pipeline)",
  "checkSurrogates",
  "fill + clean check",
  "key count (text)",
  "parseCollection (whole)",
];

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const times = names.map(() => [] as number[]);
  for (let r = 0; r < rounds + 5; r++) {
    const keep = r >= 5;
    let t0 = performance.now();
    JSON.parse(text);
    let t1 = performance.now();
    if (keep) times[0]?.push(t1 - t0);

    const ctx = new ReadContext("x");
    t0 = performance.now();
    checkSurrogates(text, ctx);
    t1 = performance.now();
    const v = JSON.parse(text);
    const t2 = performance.now();
    const filled = fillDocumentsFast(v.documents, ctx);
    const t3 = performance.now();
    const clean = keysCertainlyClean(text, ctx.jsonKeys + 4);
    const t4 = performance.now();
    if (!filled) throw new Error("not the fast path");
    void clean;
    if (keep) {
      times[2]?.push(t1 - t0);
      times[1]?.push(t2 - t1);
      times[3]?.push(t3 - t2);
      times[4]?.push(t4 - t3);
    }
    t0 = performance.now();
    parseCollection(text, { onWarning: () => {} });
    t1 = performance.now();
    if (keep) times[5]?.push(t1 - t0);
  }
  const ref = median(times[0] as number[]);
  console.log(`\n${file} (${(text.length / 1e6).toFixed(1)} M chars, ${rounds} rounds)`);
  names.forEach((name, i) => {
    const m = median(times[i] as number[]);
    console.log(
      `${name.padEnd(28)} ${m.toFixed(3).padStart(8)} ms  ${(m / ref).toFixed(3)}x JSON.parse`,
    );
  });
}
