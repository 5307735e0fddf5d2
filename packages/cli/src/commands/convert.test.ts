import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../program.js";
import { convertFile } from "./convert.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const dir = mkdtempSync(join(tmpdir(), "biore-convert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("biore convert", () => {
  it("XML -> JSON (format from the extension) -> PubTator (--to) without loss", async () => {
    const xml = dataFile("biored", "Dev.BioC.XML");
    const pubtator = dataFile("biored", "Dev.PubTator");
    if (!haveData(xml, pubtator)) return;
    const json = join(dir, "dev.json");
    const io = capture();
    expect(await run(["convert", xml, json], io.output)).toBe(0);
    expect(io.out).toEqual([`converted 100 documents: ${xml} -> ${json} (json)`]);
    expect(await readCollection(json)).toEqual(await readCollection(xml));

    const pt = join(dir, "dev.out");
    expect(await run(["convert", json, pt, "--to", "pubtator"], capture().output)).toBe(0);
    expect(readFileSync(pt, "utf8")).toBe(readFileSync(pubtator, "utf8"));
  });

  it("PubTator -> XML with --indent reads back the same documents", async () => {
    const pubtator = dataFile("biored", "Dev.PubTator");
    if (!haveData(pubtator)) return;
    const out = join(dir, "from-pubtator.xml");
    expect(await run(["convert", pubtator, out, "--indent", "2"], capture().output)).toBe(0);
    expect(readFileSync(out, "utf8").split("\n").length).toBeGreaterThan(1000);
    expect((await readCollection(out)).documents).toEqual(
      (await readCollection(pubtator)).documents,
    );
  });

  it("a missing input file: one error line and a hint, exit 1", async () => {
    const io = capture();
    expect(await run(["convert", join(dir, "nope.xml"), join(dir, "x.json")], io.output)).toBe(1);
    expect(io.err[0]).toMatch(/^error: no such file: .*nope\.xml$/);
    expect(io.err[1]).toMatch(/^hint: /);
  });

  it("an output name without a known extension asks for --to", async () => {
    const src = join(dir, "small.json");
    writeFileSync(src, '{"source":"","date":"","key":"","infons":{},"documents":[]}');
    const io = capture();
    expect(await run(["convert", src, join(dir, "out.bin")], io.output)).toBe(1);
    expect(io.err.join("\n")).toMatch(
      /cannot tell the output format.*\n.*--to json\|xml\|pubtator/,
    );
  });

  it("broken input: the located error, and no half-written output left behind", async () => {
    const src = join(dir, "broken.xml");
    writeFileSync(
      src,
      '<?xml version="1.0"?><collection><source/><date/><key/><document><id>7</id><passage>',
    );
    const out = join(dir, "broken-out.json");
    const io = capture();
    expect(await run(["convert", src, out], io.output)).toBe(1);
    // one line with the location and the stable code, a hint, and no stack trace
    expect(io.err[0]).toMatch(/^error: .*broken\.xml, 1:\d+, document 7\) \[TRUNCATED\]$/);
    expect(io.err[1]).toMatch(/ends early/);
    expect(io.err.join("\n")).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("--strict reports rule violations with their JSON path", async () => {
    const src = dataFile("fixtures", "ncbi-bioc-json/json/everything.json");
    if (!haveData(src)) return;
    const io = capture();
    expect(await run(["convert", src, join(dir, "everything.xml"), "--strict"], io.output)).toBe(1);
    expect(io.err[0]).toMatch(
      /DANGLING|refid "RD1".*\$\.documents\[0\]\.relations\[0\]\.nodes\[0\]\.refid/,
    );
  });

  it("large inputs stream through the streaming writer with the same result", async () => {
    const src = dataFile("bc6pm", "PMtask_Relations_TestSet.json");
    if (!haveData(src)) return;
    const out = join(dir, "streamed.xml");
    const io = capture();
    expect(await convertFile(src, out, {}, io.output, 0)).toBe(635);
    // BC6PM puts "key" after "documents"; the converter still carries it over
    expect(io.err).toEqual([]);
    const original = await readCollection(src);
    expect(original.key).toBe("collection.key");
    expect(await readCollection(out)).toEqual(original);
  });

  it("refuses to overwrite its input", async () => {
    const src = join(dir, "same.json");
    writeFileSync(src, '{"source":"","date":"","key":"","infons":{},"documents":[]}');
    const io = capture();
    expect(await run(["convert", src, src], io.output)).toBe(1);
    expect(io.err[0]).toBe(
      `error: the output would overwrite the input (${src}) [OUTPUT_IS_INPUT]`,
    );
    expect(io.err[1]).toMatch(/^hint: write to another file name/);
  });
});
