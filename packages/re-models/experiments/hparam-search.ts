// Hyperparameter search driver (round 2.4h, issue 19): runs experiments/biored.ts for every
// configuration of a list x every held-out fold of Train (or x every seed on Dev, to confirm),
// one run at a time under `heavy`, pausing between runs, and appends one JSON line per run to
// LOG. A run already in LOG is skipped, so an interrupted search resumes where it stopped.
//
//   # choose on Train: mean held-out scores over folds 1-4 (seed = fold)
//   CONFIGS=experiments/hparam-configs-round24.json LOG=experiments/summaries/hparam-search-round24.jsonl \
//     MODE=folds FOLDS="1 2 3 4" npx tsx experiments/hparam-search.ts
//   # confirm on Dev: seeds 1-5 of the named configurations (run JSONs in results-r24h-dev-<name>/, fold runs' in results-r24h-<name>/)
//   ... MODE=dev SEEDS="1 2 3 4 5" ONLY="default lr-2e-3" npx tsx experiments/hparam-search.ts
//   # the table of what LOG holds, means per configuration
//   LOG=... MODE=folds npx tsx experiments/hparam-search.ts --table
//
// Every configuration's env is added to the default recipe (BASE below); PAUSE (seconds,
// default 20) leaves the CPU to others between runs.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");

/** The default recipe (README "Current recipe"), on the cpu backend for speed. */
const BASE: Record<string, string> = {
  BACKEND: "cpu",
  EPOCHS: "10",
  PATIENCE: "3",
  TYPE_MASK: "1",
  LEXICAL: "1",
  TRIGGER_LEXICON: "1",
  ENTITY_MASK: "0.7",
  OBJECTIVE: "baseline",
};

interface Config {
  name: string;
  env: Record<string, string>;
}

interface LogLine {
  config: string;
  env: Record<string, string>;
  mode: "folds" | "dev";
  fold?: number;
  seed: number;
  status: "ok" | "failed";
  pair?: number;
  pairType?: number;
  all?: number;
  macro?: number;
  heldOutPairType?: number;
  bestEpoch?: number;
  epochsRun?: number;
  cpuSeconds?: number;
  wallSeconds?: number;
  error?: string;
}

const mode = process.env.MODE === "dev" ? "dev" : "folds";
const logFile = resolve(process.env.LOG ?? join(here, "summaries", "hparam-search.jsonl"));
const readLog = (): LogLine[] =>
  existsSync(logFile)
    ? readFileSync(logFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine)
    : [];

if (process.argv.includes("--table")) {
  printTable(readLog().filter((l) => l.mode === mode));
} else {
  search();
}

function search() {
  const configsFile = process.env.CONFIGS;
  if (!configsFile) {
    console.error("usage: CONFIGS=<configs.json> LOG=<out.jsonl> MODE=folds|dev npx tsx ...");
    process.exit(1);
  }
  const only = process.env.ONLY?.split(/\s+/).filter(Boolean);
  const configs = (JSON.parse(readFileSync(resolve(configsFile), "utf8")) as Config[]).filter(
    (c) => !only || only.includes(c.name),
  );
  const units = (process.env[mode === "dev" ? "SEEDS" : "FOLDS"] ?? "1 2 3 4")
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  const pause = Number(process.env.PAUSE ?? 20);
  const done = new Set(readLog().map((l) => `${l.mode} ${l.config} ${l.fold ?? 0} ${l.seed}`));
  // Unit-major: after every unit (fold or seed) every configuration has the same number of runs.
  let first = true;
  for (const unit of units) {
    for (const config of configs) {
      const fold = mode === "folds" ? unit : undefined;
      const seed = unit;
      if (done.has(`${mode} ${config.name} ${fold ?? 0} ${seed}`)) continue;
      if (!first) spawnSync("sleep", [String(pause)]);
      first = false;
      const line = runOne(config, fold, seed);
      appendFileSync(logFile, `${JSON.stringify(line)}\n`);
      const pct = (x?: number) => (x === undefined ? "-" : (x * 100).toFixed(1));
      console.log(
        `${config.name} ${fold ? `fold ${fold}` : `seed ${seed}`}: ${line.status} pair ${pct(line.pair)} +type ${pct(line.pairType)} all ${pct(line.all)} (${line.cpuSeconds?.toFixed(0) ?? "-"} CPU s)`,
      );
    }
  }
}

function runOne(config: Config, fold: number | undefined, seed: number): LogLine {
  // Dev runs apart from fold runs: summarize.ts reads every run JSON of a folder.
  const resultsDir = join(here, `results-r24h-${mode === "dev" ? "dev-" : ""}${config.name}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...BASE,
    ...config.env,
    SEED: String(seed),
    RESULTS_DIR: resultsDir,
    ...(fold !== undefined ? { HELD_OUT_FOLD: String(fold) } : { SCORES: "1" }),
  };
  const base: LogLine = { config: config.name, env: config.env, mode, seed, status: "failed" };
  if (fold !== undefined) base.fold = fold;
  const child = spawnSync("heavy", ["npx", "tsx", "experiments/biored.ts"], {
    cwd: packageDir,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const objective = env.OBJECTIVE ?? "baseline";
  const file = join(resultsDir, `${objective}${fold ? `-f${fold}` : ""}-s${seed}.json`);
  if (child.status !== 0 || !existsSync(file))
    return { ...base, error: `exit ${child.status}: ${(child.stderr ?? "").slice(-600)}` };
  const record = JSON.parse(readFileSync(file, "utf8"));
  const scores = fold !== undefined ? record.heldOut.scores : record.dev;
  return {
    ...base,
    status: "ok",
    pair: scores.pair.f1,
    pairType: scores.pairType.f1,
    all: scores.all.f1,
    macro: scores.macroF1PairType,
    heldOutPairType: record.training.bestValidationF1,
    bestEpoch: record.training.bestEpoch,
    epochsRun: record.training.history.length,
    cpuSeconds: record.seconds.cpu,
    wallSeconds: record.seconds.wall,
  };
}

/** Markdown: every run, then the mean per configuration (runs that failed listed, not averaged). */
function printTable(lines: LogLine[]) {
  const pct = (x?: number) => (x === undefined ? "-" : (x * 100).toFixed(1));
  const unit = mode === "dev" ? "seed" : "fold";
  console.log(
    `| configuration | env | ${unit} | pair | +type | all | macro | best epoch / run | CPU s | status |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const l of lines)
    console.log(
      `| ${l.config} | ${envText(l.env)} | ${mode === "dev" ? l.seed : l.fold} | ${pct(l.pair)} | ${pct(l.pairType)} | ${pct(l.all)} | ${pct(l.macro)} | ${l.bestEpoch ?? "-"} / ${l.epochsRun ?? "-"} | ${l.cpuSeconds?.toFixed(0) ?? "-"} | ${l.status}${l.error ? `: ${l.error.split("\n").filter(Boolean).pop()}` : ""} |`,
    );
  console.log("");
  console.log(
    `| configuration | env | ${unit}s | mean pair | mean +type (min-max) | mean all | mean macro | Δ +type vs default per ${unit} (mean) | Δ +type [95 % t-interval] | Δ pair | Δ all | mean CPU s |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const names = [...new Set(lines.map((l) => l.config))];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = names.map((name) => {
    const ok = lines.filter((l) => l.config === name && l.status === "ok");
    const types = ok.map((l) => l.pairType as number);
    return { name, env: lines.find((l) => l.config === name)?.env ?? {}, ok, types };
  });
  rows.sort((a, b) => mean(b.types) - mean(a.types));
  const unitOf = (l: LogLine) => (mode === "dev" ? l.seed : (l.fold as number));
  const reference = new Map(
    (rows.find((r) => r.name === "default")?.ok ?? []).map((l) => [unitOf(l), l]),
  );
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${pct(x)}`;
  // Paired by fold (or seed): the folds differ far more than the configurations do.
  const differences = (ok: LogLine[], key: "pair" | "pairType" | "all") =>
    ok
      .filter((l) => reference.has(unitOf(l)))
      .map((l) => (l[key] as number) - ((reference.get(unitOf(l)) as LogLine)[key] as number));
  for (const { name, env, ok, types } of rows) {
    const deltas = differences(ok, "pairType");
    const delta = deltas.length
      ? `${deltas.map(signed).join(" / ")} (${signed(mean(deltas))})`
      : "-";
    const meanDelta = (key: "pair" | "all") => {
      const d = differences(ok, key);
      return d.length ? signed(mean(d)) : "-";
    };
    console.log(
      `| ${name} | ${envText(env)} | ${ok.map(unitOf).join(",")} | ${pct(mean(ok.map((l) => l.pair as number)))} | ${pct(mean(types))} (${pct(Math.min(...types))}-${pct(Math.max(...types))}) | ${pct(mean(ok.map((l) => l.all as number)))} | ${pct(mean(ok.map((l) => l.macro as number)))} | ${delta} | ${tInterval(deltas)} | ${meanDelta("pair")} | ${meanDelta("all")} | ${mean(ok.map((l) => l.cpuSeconds as number)).toFixed(0)} |`,
    );
  }
}

/** Mean [mean ± t * sd / sqrt(n)] of paired differences, in points; "-" for n < 2 or n > 6. */
function tInterval(d: number[]): string {
  // Two-sided 95 % Student-t quantiles by degrees of freedom (n - 1 paired folds or seeds).
  const T975: Record<number, number> = { 1: 12.71, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571 };
  const n = d.length;
  const t = T975[n - 1];
  if (t === undefined) return "-";
  const m = d.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const half = (t * sd) / Math.sqrt(n);
  const f = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}`;
  return `${f(m)} [${f(m - half)}, ${f(m + half)}]`;
}

function envText(env: Record<string, string>): string {
  const text = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return text ? `\`${text}\`` : "(default)";
}
