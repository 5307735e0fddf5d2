// Shared by the predict and queue tests: a tiny model trained in a few steps on a slice of
// BioRED Dev, and small shards cut from real files (not part of the public API).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  type BioCCollection,
  type BioCDocument,
  formatCollection,
  parseCollection,
  readCollection,
} from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { expect } from "vitest";
import { run } from "../../program.js";

export const DEV = dataFile("biored", "Dev.BioC.JSON");
export const CDR_DEV = dataFile("cdr", "CDR_DevelopmentSet.BioC.xml");
export const BIN = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "dist",
  "bin.js",
);

/** True when the corpora are there (a visible skip otherwise, a failure under REQUIRE_DATA=1). */
export function haveCorpora(): boolean {
  return haveData(DEV, CDR_DEV);
}

/** A fresh temp folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `biore-${prefix}-`));
}

/** Runs the CLI in-process on the cpu backend; exit code and captured lines. */
export async function biore(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(["--backend", "cpu", ...argv], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Runs the CLI in-process on the cpu backend and sends it Ctrl-C once a stderr line matches `when`. */
export async function interruptedRun(argv: string[], when: RegExp) {
  const err: string[] = [];
  let sent = false;
  const code = await run(["--backend", "cpu", ...argv], {
    out: () => undefined,
    err: (line) => {
      err.push(line);
      if (!sent && when.test(line)) {
        sent = true;
        process.emit("SIGINT");
      }
    },
  });
  return { code, err: err.join("\n") };
}

/**
 * Exit code 1, `error: …` (ending in `[code]` when given) then `hint: …`, nothing else (no stack
 * trace); returns the error line.
 */
export function expectOneLineError(r: { code: number; err: string }, code?: string): string {
  expect(r.code).toBe(1);
  const lines = r.err.split("\n").filter((l) => l.startsWith("error:") || l.startsWith("hint:"));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(code ? new RegExp(`^error: .* \\[${code}\\]$`) : /^error: /);
  expect(lines[1]).toMatch(/^hint: /);
  expect(r.err).not.toMatch(/^\s+at /m);
  return lines[0] as string;
}

/**
 * A small corpus folder cut from BioRED Dev: its first 16 documents as `Train.BioC.JSON`, the
 * next 4 as `Dev.BioC.JSON`; returns both document lists.
 */
export async function writeDevSlice(
  slice: string,
): Promise<{ train: BioCDocument[]; dev: BioCDocument[] }> {
  const collection = await readCollection(DEV);
  const parts = {
    train: collection.documents.slice(0, 16),
    dev: collection.documents.slice(16, 20),
  };
  mkdirSync(slice, { recursive: true });
  for (const [name, documents] of [
    ["Train.BioC.JSON", parts.train],
    ["Dev.BioC.JSON", parts.dev],
  ] as const)
    writeFileSync(
      join(slice, name),
      formatCollection({ ...collection, documents }, { format: "json" }),
    );
  return parts;
}

/** Trains a baseline model for 1 epoch on 16 Dev documents (about 2 s of compute). */
export async function trainTinyModel(work: string): Promise<string> {
  const slice = join(work, "train-slice");
  await writeDevSlice(slice);
  const model = join(work, "model");
  const r = await biore(
    "train",
    "--data",
    slice,
    "--model",
    "baseline",
    "--out",
    model,
    "--epochs",
    "1",
    "--seed",
    "1",
  );
  if (r.code !== 0) throw new Error(`training the test model failed:\n${r.err}`);
  return model;
}

/** Dev documents `from..to` as a collection, in the given format. */
export async function devShard(
  from: number,
  to: number,
  format: "json" | "xml" | "pubtator",
): Promise<string> {
  const dev = await readCollection(DEV);
  return formatCollection({ ...dev, documents: dev.documents.slice(from, to) }, { format });
}

/** Writes `dir/dangling.json` (Dev documents 0-2) whose first relation names a concept no annotation carries: a lenient read's DANGLING_REFERENCE. */
export async function writeDanglingShard(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const collection = JSON.parse(await devShard(0, 2, "json"));
  collection.documents[0].relations[0].infons.entity1 = "NOT-A-CONCEPT-0";
  const path = join(dir, "dangling.json");
  writeFileSync(path, JSON.stringify(collection));
  return path;
}

/** Writes shards into `dir`: a.json (docs 20-30), b.pubtator (30-45), c.xml.gz (45-60). */
export async function writeShards(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "a.json"), await devShard(20, 30, "json"));
  writeFileSync(join(dir, "b.pubtator"), await devShard(30, 45, "pubtator"));
  writeFileSync(join(dir, "c.xml.gz"), gzipSync(await devShard(45, 60, "xml")));
  return ["a.json", "b.pubtator", "c.xml.gz"].map((f) => join(dir, f));
}

/** Reads an output file, gunzipping `.gz`. */
export async function readOutput(path: string): Promise<BioCCollection> {
  if (!path.endsWith(".gz")) return readCollection(path);
  return parseCollection(gunzipSync(readFileSync(path)).toString("utf8"), { file: path });
}

/** Every relation of a folder's outputs as `file doc e1 e2 type novel`, with its score. */
export async function relationsOf(dir: string): Promise<Map<string, number>> {
  const all = new Map<string, number>();
  for (const name of readdirSync(dir).sort()) {
    if (name === "manifest.jsonl" || name.startsWith(".")) continue;
    const docs: BioCDocument[] = (await readOutput(join(dir, name))).documents;
    for (const d of docs) {
      for (const r of d.relations) {
        const i = r.infons;
        // PubTator relation lines carry no score: -1 there.
        const score = i.score === undefined ? -1 : Number(i.score);
        all.set(`${name} ${d.id} ${i.entity1} ${i.entity2} ${i.type} ${i.novel}`, score);
      }
      if (d.relations.length === 0) all.set(`${name} ${d.id} (none)`, 0);
    }
  }
  return all;
}

/** Hidden temp files of the atomic writer left in a folder. */
export function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith(".") && n.endsWith(".tmp"));
}

/** A child `biore` process with its stderr collected. */
export function spawnBiore(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, "--backend", "cpu", ...args], {
    env: { ...process.env, CI: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  child.stdout.on("data", (c) => {
    stdout += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
  };
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
