import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { formatCollection, readCollection } from "@biore/bioc-io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CDR_DEV,
  biore,
  devShard,
  haveCorpora,
  readOutput,
  relationsOf,
  tempDir,
  tempFiles,
  trainTinyModel,
  writeDanglingShard,
  writeShards,
} from "./testing/fixture.js";

const available = haveCorpora();
const work = tempDir("predict");
let model = "";
let shards: string[] = [];

describe.skipIf(!available)("biore predict over files, folders and globs", () => {
  beforeAll(async () => {
    model = await trainTinyModel(work);
    shards = await writeShards(join(work, "in"));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes one output per input (JSON, PubTator, gzip'd XML) and a manifest line each", async () => {
    const out = join(work, "out-folder");
    const r = await biore("predict", "--model", model, join(work, "in"), "--out", out);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["a.json", "b.pubtator", "c.xml.gz", "manifest.jsonl"]);
    const manifest = readFileSync(join(out, "manifest.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(manifest.map((m) => [m.output, m.documents])).toEqual([
      ["a.json", 10],
      ["b.pubtator", 15],
      ["c.xml.gz", 15],
    ]);
    for (const m of manifest) {
      expect(m.modelDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(m.seconds).toBeGreaterThan(0);
      const docs = (await readOutput(join(out, m.output))).documents;
      expect(docs).toHaveLength(m.documents);
      expect(docs.flatMap((d) => d.relations)).toHaveLength(m.relations);
    }
    expect(manifest.reduce((n, m) => n + m.relations, 0)).toBeGreaterThan(0);
    expect(r.out).toMatch(/predicted \d+ relations in 40 documents of 3 file\(s\)/);
  });

  it("a glob and --to give the same predictions in another format", async () => {
    const out = join(work, "out-glob");
    const r = await biore(
      "predict",
      "--model",
      model,
      join(work, "in", "*.json"),
      "--out",
      out,
      "--to",
      "xml",
    );
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["a.xml", "manifest.jsonl"]);
    const asJson = await relationsOf(join(work, "out-folder"));
    const asXml = await relationsOf(out);
    const rename = (k: string) => k.replace(/^a\.xml /, "a.json ");
    for (const [k, score] of asXml) expect(asJson.get(rename(k))).toBeCloseTo(score, 3);
  });

  it("--skip-existing resumes: done shards are skipped, a deleted output is made again", async () => {
    const out = join(work, "out-folder");
    const before = statSync(join(out, "a.json")).mtimeMs;
    rmSync(join(out, "b.pubtator"));
    const r = await biore(
      "predict",
      "--model",
      model,
      join(work, "in"),
      "--out",
      out,
      "--skip-existing",
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/15 documents of 1 file\(s\), 2 already done \(skipped\)/);
    expect(statSync(join(out, "a.json")).mtimeMs).toBe(before);
    expect(existsSync(join(out, "b.pubtator"))).toBe(true);
  });

  it("never writes over an input: `predict IN --out IN` refuses and leaves IN intact", async () => {
    const input = join(work, "in", "b.pubtator");
    const bytes = readFileSync(input);
    const r = await biore("predict", "--model", model, input, "--out", input);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: .*b\.pubtator/m);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(readFileSync(input).equals(bytes)).toBe(true);
    // Outputs named like their inputs in the inputs' own folder: refused the same way.
    const again = await biore(
      "predict",
      "--model",
      model,
      join(work, "in", "a.json"),
      "--out",
      join(work, "in"),
    );
    expect(again.code).toBe(1);
    expect(tempFiles(join(work, "in"))).toEqual([]);
  });

  it("what a lenient read tolerates is one warning line naming the file, not a process warning", async () => {
    const dangling = await writeDanglingShard(join(work, "odd"));
    const emitted: string[] = [];
    const onProcessWarning = (w: Error) => emitted.push(w.message);
    process.on("warning", onProcessWarning);
    try {
      const out = join(work, "out-odd");
      const r = await biore("predict", "--model", model, dangling, "--out", out);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(
        /^warning: .*dangling\.json read leniently: 1 DANGLING_REFERENCE; first: .*NOT-A-CONCEPT-0/m,
      );
      expect(existsSync(join(out, "dangling.json"))).toBe(true);
    } finally {
      process.off("warning", onProcessWarning);
    }
    expect(emitted).toEqual([]);
  });

  it("a malformed shard is an error naming the file and place; no output, no temp file", async () => {
    const bad = join(work, "bad");
    mkdirSync(bad, { recursive: true });
    const text = await devShard(0, 3, "json");
    writeFileSync(join(bad, "cut.json"), text.slice(0, Math.floor(text.length * 0.6)));
    const out = join(work, "out-bad");
    const r = await biore("predict", "--model", model, join(bad, "cut.json"), "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: .*cut\.json/m);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(readdirSync(out)).toEqual([]);
  });

  it("an existing output survives a failed run unchanged", async () => {
    const out = join(work, "keep.json");
    writeFileSync(out, "old content");
    const bad = join(work, "bad", "cut2.json");
    writeFileSync(bad, (await devShard(0, 3, "json")).slice(0, 500));
    const r = await biore("predict", "--model", model, bad, "--out", out);
    expect(r.code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("old content");
    expect(tempFiles(work)).toEqual([]);
  });

  it("a missing output folder for a file output: one clear line", async () => {
    const r = await biore(
      "predict",
      "--model",
      model,
      shards[0] as string,
      "--out",
      join(work, "no", "such", "x.json"),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: /m);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it("CDR's types unknown to a BioRED model: an error saying so; --map-types cdr predicts", async () => {
    const cdr = await readCollection(CDR_DEV);
    const file = join(work, "cdr.xml");
    writeFileSync(
      file,
      formatCollection({ ...cdr, documents: cdr.documents.slice(0, 12) }, { format: "xml" }),
    );
    const out = join(work, "cdr-out.xml");
    const unmapped = await biore("predict", "--model", model, file, "--out", out);
    expect(unmapped.code).toBe(1);
    expect(unmapped.err).toMatch(
      /knows none of the entity types of its \d+ candidate pairs \(Chemical \(\d+ mentions\), Disease \(\d+ mentions\)\)/,
    );
    expect(unmapped.err).toMatch(/^hint: .*--map-types/m);
    expect(existsSync(out)).toBe(false);
    const mapped = await biore(
      "predict",
      "--model",
      model,
      file,
      "--out",
      out,
      "--map-types",
      "cdr",
    );
    expect(mapped.err).not.toMatch(/^error/m);
    expect(mapped.code).toBe(0);
    expect(mapped.err).not.toMatch(/does not know the entity types/);
    expect((await readCollection(out)).documents).toHaveLength(12);
    // A partial mapping: the unmapped type is named with the pairs it cost, and it still runs.
    const partial = await biore(
      "predict",
      "--model",
      model,
      file,
      "--out",
      join(work, "cdr-partial.xml"),
      "--map-types",
      "Chemical=ChemicalEntity",
    );
    expect(partial.code).toBe(0);
    expect(partial.err).toMatch(
      /does not know the entity types Disease \(\d+ mentions\); \d+ of \d+ candidate pairs were dropped/,
    );
  });

  it("bad --map-types and missing inputs are one line and a hint", async () => {
    const r = await biore(
      "predict",
      "--model",
      model,
      shards[0] as string,
      "--out",
      join(work, "x"),
      "--map-types",
      "Chemical",
    );
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Chemical/);
    const missing = await biore(
      "predict",
      "--model",
      model,
      join(work, "nope.json"),
      "--out",
      join(work, "x"),
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: .*nope\.json does not exist/m);
    expect(missing.err).toMatch(/^hint: /m);
    const pattern = await biore(
      "predict",
      "--model",
      model,
      join(work, "in", "*.nothing"),
      "--out",
      join(work, "x"),
    );
    expect(pattern.code).toBe(1);
    expect(pattern.err).toMatch(/matches no file/);
  });
});
