// Test-only: generates bad inputs by category from the base collection (and
// from real corpus files when present). Each case says what lenient and
// strict reading must do; generated.test.ts checks every case four ways
// (eager/streaming x lenient/strict).
import { readFileSync } from "node:fs";
import type { BioCCollection } from "../model.js";
import { baseCollection, baseTexts, cutPoints, prng } from "./base.js";

/** error: a typed error with a location; warn: reads, with >= 1 warning; ok: reads, no warning; any: error or read. */
export type Outcome = "error" | "warn" | "ok" | "any";

export interface BadCase {
  category: string;
  name: string;
  bytes: Buffer;
  lenient: Outcome;
  strict: Outcome;
  /** Codes the eager error (or, for BioCValidationError, one of its violations) may have. */
  codes?: string[];
  /** 1-based line the eager error / first warning must name. */
  line?: number;
  /** Extra check of a successful read. */
  check?: (c: BioCCollection) => void;
}

const utf8 = (s: string) => Buffer.from(s, "utf8");

function truncations(label: string, bytes: Buffer, n: number, whole: "error" | "any"): BadCase[] {
  let end = bytes.length;
  while (end > 0 && /\s/.test(String.fromCharCode(bytes[end - 1] as number))) end--;
  return [0, ...cutPoints(end, n)].map((at) => ({
    category: "truncation",
    name: `${label} cut at byte ${at} of ${bytes.length}`,
    bytes: bytes.subarray(0, at),
    lenient: at === 0 ? "error" : whole,
    strict: at === 0 ? "error" : whole,
  }));
}

/** Truncations of the base texts and of real files (when the corpus is present). */
export function truncationCases(realFiles: string[]): BadCase[] {
  const t = baseTexts();
  const out = [
    ...truncations("base JSON", utf8(t.json), 30, "error"),
    ...truncations("base XML", utf8(t.xml), 30, "error"),
    // a PubTator file cut at a line end is a shorter valid file
    ...truncations("base PubTator", utf8(t.pubtator), 30, "any"),
  ];
  for (const file of realFiles) {
    const bytes = readFileSync(file);
    const pubtator = !/\.(json|xml)$/i.test(file);
    out.push(
      ...truncations(file.split("/").slice(-2).join("/"), bytes, 12, pubtator ? "any" : "error"),
    );
  }
  return out;
}

export function randomCases(): BadCase[] {
  const rnd = prng(16);
  const out: BadCase[] = [];
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.alloc(16 + Math.floor(rnd() * 2000));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rnd() * 256);
    out.push({
      category: "random",
      name: `random bytes #${i} (${bytes.length} B)`,
      bytes,
      lenient: "error",
      strict: "error",
    });
  }
  const starts = ["{", "<", "1", "x", "|", "[", "\ufeff{"];
  for (let i = 0; i < 21; i++) {
    let s = starts[i % starts.length] as string;
    const n = 10 + Math.floor(rnd() * 400);
    for (let k = 0; k < n; k++) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
    out.push({
      category: "random",
      name: `random text #${i} starting ${JSON.stringify(s.slice(0, 2))}`,
      bytes: utf8(s),
      lenient: "error",
      strict: "error",
    });
  }
  const t = baseTexts();
  for (const [label, text] of [
    ["JSON", t.json],
    ["XML", t.xml],
  ] as const)
    for (let i = 0; i < 15; i++) {
      const bytes = utf8(text);
      const at = Math.floor(rnd() * bytes.length);
      bytes[at] = Math.floor(rnd() * 256);
      out.push({
        category: "random",
        name: `base ${label} with byte ${at} replaced`,
        bytes,
        lenient: "any",
        strict: "any",
      });
    }
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: mutators reach into arbitrary JSON on purpose
type Json = Record<string, any>;
type Mutate = (c: Json) => void;

function jsonCase(
  category: string,
  name: string,
  mutate: Mutate,
  expect: Partial<BadCase>,
): BadCase {
  const c = baseCollection() as unknown as Json;
  mutate(c);
  return {
    category,
    name,
    bytes: utf8(JSON.stringify(c, null, 1)),
    lenient: "error",
    strict: "error",
    ...expect,
  };
}

export function wrongTypeCases(): BadCase[] {
  const fields: [string, (c: Json, v: unknown) => void, unknown[]][] = [
    [
      "passage offset",
      (c, v) => {
        c.documents[0].passages[1].offset = v;
      },
      [null, true, "35", 1.5, -1, [], {}],
    ],
    [
      "location length",
      (c, v) => {
        c.documents[0].passages[0].annotations[0].locations[0].length = v;
      },
      [null, true, "7", 0.5, -7, [], {}],
    ],
    [
      "location offset",
      (c, v) => {
        c.documents[0].passages[0].annotations[1].locations[0].offset = v;
      },
      [false, "12", 12.25, -12],
    ],
    [
      "passage text",
      (c, v) => {
        c.documents[0].passages[0].text = v;
      },
      [1, true, [], {}],
    ],
    [
      "document id",
      (c, v) => {
        c.documents[0].id = v;
      },
      [1, null, [], {}],
    ],
    [
      "document infons",
      (c, v) => {
        c.documents[0].infons = v;
      },
      [[], "x", 1],
    ],
    [
      "infon value",
      (c, v) => {
        c.documents[0].passages[0].infons.type = v;
      },
      [1, null, [], {}],
    ],
    [
      "passages",
      (c, v) => {
        c.documents[0].passages = v;
      },
      [{}, "x", 1],
    ],
    [
      "locations",
      (c, v) => {
        c.documents[0].passages[0].annotations[0].locations = v;
      },
      ["x", {}, 3],
    ],
    [
      "relation nodes",
      (c, v) => {
        c.documents[0].relations[0].nodes = v;
      },
      ["x", 1, {}],
    ],
    [
      "documents",
      (c, v) => {
        c.documents = v;
      },
      [{}, "x", null, 1],
    ],
    [
      "a document",
      (c, v) => {
        c.documents[0] = v;
      },
      [null, 1, "x", []],
    ],
  ];
  return fields.flatMap(([field, set, values]) =>
    values.map((v) =>
      jsonCase("wrong type", `${field} = ${JSON.stringify(v)}`, (c) => set(c, v), {
        codes: ["INVALID_VALUE", "MISSING_FIELD", "SCHEMA_VIOLATION"],
      }),
    ),
  );
}

export function danglingCases(): BadCase[] {
  const both = {
    lenient: "warn" as const,
    strict: "error" as const,
    codes: ["DANGLING_REFERENCE", "TEXT_MISMATCH"],
  };
  const rel = (infons: Record<string, string>, nodes: unknown[] = []) => ({
    id: "R9",
    infons,
    nodes,
  });
  const out = [
    jsonCase(
      "dangling",
      "node refid naming no annotation",
      (c) => c.documents[0].relations.push(rel({}, [{ refid: "A404", role: "x" }])),
      both,
    ),
    jsonCase(
      "dangling",
      "entity1 naming no concept",
      (c) => {
        c.documents[0].relations[0].infons.entity1 = "D404";
      },
      both,
    ),
    jsonCase(
      "dangling",
      "entity2 naming no concept",
      (c) => {
        c.documents[1].relations[0].infons.entity2 = "D404";
      },
      both,
    ),
    jsonCase(
      "dangling",
      "CDR Chemical naming no concept",
      (c) =>
        c.documents[0].relations.push(
          rel({ relation: "CID", Chemical: "D404", Disease: "D009203" }),
        ),
      both,
    ),
    jsonCase(
      "dangling",
      "BC6PM Gene2 naming no concept",
      (c) =>
        c.documents[0].relations.push(rel({ relation: "PPIm", Gene1: "D001241", Gene2: "7157" })),
      both,
    ),
    jsonCase(
      "dangling",
      "passage relation naming no concept",
      (c) => c.documents[0].passages[0].relations.push(rel({ entity1: "X", entity2: "D009203" })),
      both,
    ),
    jsonCase(
      "text mismatch",
      "annotation text not at its offsets",
      (c) => {
        c.documents[0].passages[0].annotations[0].text = "Aspirix";
      },
      both,
    ),
    jsonCase(
      "text mismatch",
      "location shifted by one",
      (c) => {
        c.documents[0].passages[0].annotations[1].locations[0].offset = 13;
      },
      both,
    ),
    jsonCase(
      "text mismatch",
      "location past the passage",
      (c) => {
        c.documents[1].passages[1].annotations[0].locations[0].offset = 500;
      },
      both,
    ),
  ];
  const t = baseTexts();
  out.push(
    {
      category: "dangling",
      name: "XML relation naming no concept",
      bytes: utf8(
        t.xml.replace('<infon key="entity1">D001241</infon>', '<infon key="entity1">D404</infon>'),
      ),
      ...both,
    },
    {
      category: "dangling",
      name: "PubTator relation naming no concept",
      bytes: utf8(
        t.pubtator.replace("Negative_Correlation\tD001241", "Negative_Correlation\tD404"),
      ),
      ...both,
    },
    {
      category: "text mismatch",
      name: "PubTator mention text not at its offsets",
      bytes: utf8(t.pubtator.replace("100\t0\t7\tAspirin", "100\t0\t7\tAspirix")),
      ...both,
    },
  );
  return out;
}
