import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `biore convert` killed while it writes: the target is absent (or the old
// file intact) and no temp file is left, after SIGINT/SIGTERM at once and
// after SIGKILL once the next run has written the same target. The CLI runs
// from source in a child process; --stream keeps it in its async write loop.

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bin.ts");
const dir = mkdtempSync(join(tmpdir(), "biore-interrupt-"));
const input = join(dir, "big.json");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // ~40 MB of BioC JSON: long enough that the child is caught mid-write
  const text = "Aspirin reduces the risk of myocardial infarction. ".repeat(40);
  const docs: string[] = [];
  for (let i = 0; i < 20_000; i++)
    docs.push(
      JSON.stringify({
        id: `d${i}`,
        infons: {},
        passages: [{ offset: 0, infons: {}, text, sentences: [], annotations: [], relations: [] }],
        annotations: [],
        relations: [],
      }),
    );
  writeFileSync(
    input,
    `{"source":"s","date":"","key":"","infons":{},"documents":[${docs.join(",")}]}`,
  );
});

function convert(out: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", bin, "convert", "--stream", input, out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
}

/** Resolves once a temp file for `name` exists in `folder` (the child is mid-write). */
async function tempAppears(folder: string, name: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (readdirSync(folder).some((f) => f.startsWith(`.${name}.`) && f.endsWith(".tmp"))) return;
    if (child.exitCode !== null)
      throw new Error("the conversion ended before it could be interrupted");
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no temp file appeared");
}

describe("interrupted biore convert", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    it(`${signal}: the old target is intact and no temp file is left`, async () => {
      const folder = mkdtempSync(join(dir, "out-"));
      const out = join(folder, "out.xml");
      writeFileSync(out, "old content");
      const child = convert(out);
      await tempAppears(folder, "out.xml", child);
      child.kill(signal);
      const end = await exited(child);
      expect(end.signal).toBe(signal);
      expect(readdirSync(folder)).toEqual(["out.xml"]);
      expect(readFileSync(out, "utf8")).toBe("old content");
    }, 90_000);

  it("SIGKILL: no target; the next run removes the dead run's temp file and writes the target", async () => {
    const folder = mkdtempSync(join(dir, "out-"));
    const out = join(folder, "out.xml");
    const child = convert(out);
    await tempAppears(folder, "out.xml", child);
    child.kill("SIGKILL");
    await exited(child);
    expect(readdirSync(folder).filter((f) => f === "out.xml")).toEqual([]);
    const again = convert(out);
    const end = await exited(again);
    expect(end.code).toBe(0);
    expect(readdirSync(folder)).toEqual(["out.xml"]);
    expect((await readCollection(out)).documents).toHaveLength(20_000);
  }, 120_000);
});

describe("biore stats | head", () => {
  it("a closed pipe ends the CLI quietly: exit 0, no EPIPE, no stack trace", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, "stats", input], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.destroy(); // the reader is gone before the first line is written
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    const end = await exited(child);
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(end.code).toBe(0);
  }, 60_000);
});
