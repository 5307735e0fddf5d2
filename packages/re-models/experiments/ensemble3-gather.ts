// Gathers the records typer-fusion.ts wrote for several groups of runs of one objective (one
// call per group, NAME=<group>) into systems with one "seed" per group, so summarize.ts gives
// the mean over groups and paired CIs unchanged: the groups' ensembles become
// <AS>-ens3-<kind> (seed = the group's first member seed), the groups' single runs
// <AS>-single-<kind> (their own seeds), for kind = net and each fused variant written.
//
//   FROM=results-r26-ens3 NAMES="baseline-g1 baseline-g2 baseline-g3" AS=baseline \
//   OUT=results-r26-ens3-systems npx tsx experiments/ensemble3-gather.ts
//
// Paths are relative to experiments/ (or absolute). A missing group record, a group whose ensemble has no
// members, or one seed in two groups stops with a message naming the file.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = process.env.FROM;
const out = process.env.OUT;
const as = process.env.AS;
const groups = (process.env.NAMES ?? "").split(/\s+/).filter(Boolean);
if (!from || !out || !as || groups.length === 0) {
  console.error(
    'usage: FROM=results-x NAMES="baseline-g1 baseline-g2 baseline-g3" AS=baseline OUT=results-y npx tsx experiments/ensemble3-gather.ts',
  );
  process.exit(1);
}
const fail = (message: string): never => {
  console.error(`ensemble3-gather: ${message}`);
  process.exit(1);
};
const source = resolve(here, from);
const target = resolve(here, out);

interface FusionRecord {
  objective: string;
  seed: number;
  members?: string[];
}
const read = (file: string) => {
  const path = join(source, file);
  if (!existsSync(path)) fail(`${path}: missing (did typer-fusion.ts run for this group?)`);
  return JSON.parse(readFileSync(path, "utf8")) as FusionRecord & Record<string, unknown>;
};
/** The seed in a member path such as results-r26-fresh/baseline-s6. */
const memberSeed = (member: string, file: string) => {
  const match = /-s(\d+)$/.exec(member);
  return match ? Number(match[1]) : fail(`${file}: member ${member} names no seed`);
};

mkdirSync(target, { recursive: true });
const written = new Map<string, string>();
function write(objective: string, seed: number, record: Record<string, unknown>, file: string) {
  const name = `${objective}-s${seed}.json`;
  const earlier = written.get(name);
  if (earlier) fail(`${file} and ${earlier} both become ${name}`);
  written.set(name, file);
  writeFileSync(join(target, name), JSON.stringify({ ...record, objective, seed, from: file }));
}

for (const group of groups) {
  const ensNet = `${group}-ens-net-s0.json`;
  const members = read(ensNet).members;
  if (!members || members.length === 0) fail(`${join(source, ensNet)}: no members`);
  const first = memberSeed((members as string[])[0] as string, ensNet);
  // every record of this group: <group>-<kind>-s<seed>.json, ens-<kind> when seed 0
  const pattern = new RegExp(
    `^${group.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(.+)-s(\\d+)\\.json$`,
  );
  for (const file of readdirSync(source).sort()) {
    const match = pattern.exec(file);
    if (!match || file.endsWith(".scores.json")) continue;
    const kind = match[1] as string;
    const seed = Number(match[2]);
    const record = read(file);
    if (seed === 0 && kind.startsWith("ens-"))
      write(`${as}-ens3-${kind.slice(4)}`, first, record, file);
    else if (seed !== 0 && !kind.startsWith("ens-"))
      write(`${as}-single-${kind}`, seed, record, file);
  }
}
console.log(
  `ensemble3-gather: ${written.size} records from ${groups.length} groups into ${target}`,
);
