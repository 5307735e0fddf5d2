import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BioCCollection, formatCollection } from "@biore/bioc-io";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../program.js";

// `biore convert` on generated bad inputs, in-process: exit 1, one `error:`
// line naming the input and ending in its [CODE], a hint, no stack trace, and
// no output file (or the old one intact) and no temp file left behind.

const dir = mkdtempSync(join(tmpdir(), "biore-convert-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TITLE = "Aspirin and myocardial infarction.";
const collection: BioCCollection = {
  source: "t",
  date: "",
  key: "",
  infons: {},
  documents: ["1", "2"].map((id) => ({
    id,
    infons: {},
    passages: [
      {
        offset: 0,
        infons: { type: "title" },
        text: TITLE,
        sentences: [],
        annotations: [
          {
            id: "0",
            infons: { identifier: "D1", type: "Chemical" },
            text: "Aspirin",
            locations: [{ offset: 0, length: 7 }],
          },
          {
            id: "1",
            infons: { identifier: "D2", type: "Disease" },
            text: "myocardial infarction",
            locations: [{ offset: 12, length: 21 }],
          },
        ],
        relations: [],
      },
    ],
    annotations: [],
    relations: [
      { id: "R0", infons: { entity1: "D1", entity2: "D2", type: "Association" }, nodes: [] },
    ],
  })),
};
const json = formatCollection(collection, { format: "json", indent: 1 });
const xml = formatCollection(collection, { format: "xml", indent: 1 });
const pubtator = formatCollection(collection, { format: "pubtator" });

interface Case {
  name: string;
  bytes: Buffer | string;
  strict?: boolean;
}

function cuts(label: string, text: string, n: number): Case[] {
  const end = text.trimEnd().length;
  return Array.from({ length: n }, (_, i) => Math.round((i * (end - 1)) / (n - 1))).map((at) => ({
    name: `${label} cut at ${at}/${text.length}`,
    bytes: text.slice(0, at),
  }));
}

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const CASES: Case[] = [
  ...cuts("JSON", json, 20),
  ...cuts("XML", xml, 20),
  ...Array.from({ length: 10 }, (_, i) => ({
    name: `random bytes #${i}`,
    bytes: Buffer.from(Array.from({ length: 50 + i * 97 }, () => Math.floor(rand() * 256))),
  })),
  ...[
    "1\tzero\t7\tAspirin\tChemical\tD1",
    "1\t-5\t7\tAspirin\tChemical\tD1",
    "1\t0\t1e23\tAspirin\tChemical\tD1",
    "1\tAssociation",
    "1\t7\t0\tAspirin\tChemical\tD1",
    "junk",
  ].map((line) => ({
    name: `--strict PubTator line ${JSON.stringify(line)}`,
    bytes: pubtator.replace("\n", `\n${line}\n`),
    strict: true,
  })),
  {
    name: "--strict duplicate key",
    bytes: json.replace('"id": "1"', '"id": "1", "id": "3"'),
    strict: true,
  },
  {
    name: "--strict invalid UTF-8",
    bytes: Buffer.concat([
      Buffer.from(xml.slice(0, 200)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(xml.slice(200)),
    ]),
    strict: true,
  },
  {
    name: "--strict dangling concept",
    bytes: json.replace('"entity1": "D1"', '"entity1": "D9"'),
    strict: true,
  },
  {
    name: "--strict text not at its offsets",
    bytes: json.replace('"text": "Aspirin"', '"text": "Aspirix"'),
    strict: true,
  },
  { name: "huge offset in JSON", bytes: json.replace('"offset": 12', '"offset": 1e23') },
  { name: "negative offset in XML", bytes: xml.replace('offset="12"', 'offset="-12"') },
  { name: "unsupported encoding", bytes: xml.replace('encoding="UTF-8"', 'encoding="Shift_JIS"') },
].filter((c) => c.bytes.length > 0 || c.name.includes("cut at 0"));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

let n = 0;
describe("biore convert on generated bad input", () => {
  for (const c of CASES)
    for (const existing of [false, true])
      it(`${c.name}${existing ? " (old output kept)" : ""}`, async () => {
        const folder = join(dir, String(n++));
        mkdirSync(folder);
        const input = join(folder, "in.data");
        writeFileSync(input, c.bytes);
        const out = join(folder, "out.json");
        if (existing) writeFileSync(out, "old");
        const io = capture();
        const code = await run(
          ["convert", input, out, ...(c.strict ? ["--strict"] : [])],
          io.output,
        );
        expect(code).toBe(1);
        expect(io.err[0]).toMatch(/^error: .*\[[A-Z][A-Z0-9_]+\]$/);
        expect(io.err[0]).toContain(input);
        expect(io.err.filter((l) => l.startsWith("error:"))).toHaveLength(1);
        expect(io.err[1]).toMatch(/^hint: /);
        expect(io.err.join("\n")).not.toMatch(/^\s+at /m);
        expect(io.out).toEqual([]);
        expect(readdirSync(folder).sort()).toEqual(
          existing ? ["in.data", "out.json"] : ["in.data"],
        );
        if (existing) expect(readFileSync(out, "utf8")).toBe("old");
      });
});

describe("biore convert with a bad output path", () => {
  const input = join(dir, "good.json");
  writeFileSync(input, json);
  const cases: [string, () => string, RegExp][] = [
    ["a directory", () => mkdtempSync(join(dir, "d-")), /is a directory/],
    [
      "a missing folder",
      () => join(dir, "no", "such", "out.json"),
      /no such folder .*\[OUTPUT_FOLDER_MISSING\]/,
    ],
    ["the input itself", () => input, /overwrite the input .*\[OUTPUT_IS_INPUT\]/],
    [
      "a file under /proc",
      () => "/proc/biore-nope.json",
      /cannot create files in \/proc .*\[OUTPUT_NOT_PERMITTED\]/,
    ],
  ];
  for (const [what, target, message] of cases)
    it(`${what}: one line, exit 1, nothing written`, async () => {
      if (what.includes("/proc") && process.platform !== "linux") return;
      const out = target();
      const io = capture();
      expect(await run(["convert", input, out, "--to", "json"], io.output)).toBe(1);
      expect(io.err[0]).toMatch(message);
      expect(io.err.join("\n")).not.toMatch(/^\s+at /m);
      expect(readFileSync(input, "utf8")).toBe(json);
      if (what === "a missing folder") expect(existsSync(join(dir, "no"))).toBe(false);
    });
});

describe("biore convert reads leniently, but never silently", () => {
  it("a malformed PubTator line: converted, and one warning line counts it", async () => {
    const input = join(dir, "warn.pubtator");
    writeFileSync(input, pubtator.replace("\n", "\n1\tzero\t7\tAspirin\tChemical\tD1\n"));
    const io = capture();
    expect(await run(["convert", input, join(dir, "warn.json")], io.output)).toBe(0);
    expect(io.err[0]).toMatch(
      /^warning: .*1 PUBTATOR_LINE_SKIPPED; first: line skipped: mention start must be a non-negative integer, got "zero"/,
    );
    expect(io.err[1]).toMatch(/^hint: --strict/);
  });
});
