// Test-only: generated cases about bytes and text: encodings, invalid UTF-8,
// lone surrogates, huge numbers, duplicate JSON keys, PubTator line shapes.
import { expect } from "vitest";
import type { BioCCollection } from "../model.js";
import { baseTexts } from "./base.js";
import type { BadCase } from "./cases.js";

const utf8 = (s: string) => Buffer.from(s, "utf8");
const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split("\n").length;

const TEXT = "Éclair café naïve";
const xmlDoc = (encoding: string, title: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<collection><source>s</source><date/><key/><document><id>1</id><passage><offset>0</offset><text>${title}</text></passage></document></collection>\n`;
const titleIs = (title: string) => (c: BioCCollection) =>
  expect(c.documents[0]?.passages[0]?.text).toBe(title);

function utf16(text: string, be: boolean, bom: boolean): Buffer {
  const b = Buffer.from(text, "utf16le");
  if (be) b.swap16();
  return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), b]) : b;
}

export function encodingCases(): BadCase[] {
  const ok = (name: string, bytes: Buffer, title = TEXT): BadCase => ({
    category: "encoding",
    name,
    bytes,
    lenient: "ok",
    strict: "ok",
    check: titleIs(title),
  });
  const out: BadCase[] = [
    ok("UTF-8 declared", utf8(xmlDoc("UTF-8", TEXT))),
    ok(
      "UTF-8 with BOM",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(xmlDoc("UTF-8", TEXT))]),
    ),
    ok("UTF-16 LE with BOM", utf16(xmlDoc("UTF-16", TEXT), false, true)),
    ok("UTF-16 BE with BOM", utf16(xmlDoc("UTF-16", TEXT), true, true)),
    ok("UTF-16 LE without BOM", utf16(xmlDoc("UTF-16", TEXT), false, false)),
    ok("ISO-8859-1 declared", Buffer.from(xmlDoc("ISO-8859-1", TEXT), "latin1")),
    ok("latin1 label", Buffer.from(xmlDoc("latin1", TEXT), "latin1")),
    ok(
      "windows-1252 with a euro sign",
      Buffer.from(xmlDoc("windows-1252", `${TEXT} €5`).replace("€", "\x80"), "latin1"),
      `${TEXT} €5`,
    ),
  ];
  for (const enc of ["Shift_JIS", "EUC-JP", "KOI8-R", "UTF-32", "IBM037", "GB2312"])
    out.push({
      category: "encoding",
      name: `unsupported declared encoding ${enc}`,
      bytes: utf8(xmlDoc(enc, "x")),
      lenient: "error",
      strict: "error",
      codes: ["UNSUPPORTED_ENCODING"],
      line: 1,
    });
  out.push(
    {
      category: "encoding",
      name: "UTF-16 declared, single-byte content",
      bytes: utf8(xmlDoc("UTF-16", "x")),
      lenient: "error",
      strict: "error",
      codes: ["UNSUPPORTED_ENCODING"],
      line: 1,
    },
    {
      category: "encoding",
      name: "UTF-16 with an odd byte count",
      bytes: utf16(xmlDoc("UTF-16", TEXT), false, true).subarray(0, 101),
      lenient: "error",
      strict: "error",
      codes: ["TRUNCATED", "XML_SYNTAX"],
    },
  );
  // invalid UTF-8 at the end of the first abstract, in every format
  const t = baseTexts();
  const sequences: [string, number[]][] = [
    ["bad continuation C3 28", [0xc3, 0x28]],
    ["lone continuation A0 A1", [0xa0, 0xa1]],
    ["bad 3-byte E2 28 A1", [0xe2, 0x28, 0xa1]],
    ["bad 3-byte E2 82 28", [0xe2, 0x82, 0x28]],
    ["bad 4-byte F0 28 8C BC", [0xf0, 0x28, 0x8c, 0xbc]],
    ["5-byte F8 A1 A1 A1 A1", [0xf8, 0xa1, 0xa1, 0xa1, 0xa1]],
    ["CESU surrogate ED A0 80", [0xed, 0xa0, 0x80]],
    ["overlong C0 AF", [0xc0, 0xaf]],
    ["FF byte", [0xff]],
  ];
  const marker = "in adults.";
  for (const [format, text] of Object.entries(t))
    for (const [label, seq] of sequences) {
      const at = text.indexOf(marker) + marker.length;
      out.push({
        category: "invalid UTF-8",
        name: `${label} in ${format}`,
        bytes: Buffer.concat([utf8(text.slice(0, at)), Buffer.from(seq), utf8(text.slice(at))]),
        lenient: "warn",
        strict: "error",
        codes: ["INVALID_UTF8"],
        line: lineOf(text, marker),
      });
    }
  // JSON escapes that decode to a lone surrogate
  for (const esc of ["\\ud800", "\\udfff", "\\ud800\\u0041", "x\\udc00y"]) {
    const at = t.json.indexOf(marker) + marker.length;
    out.push({
      category: "lone surrogate",
      name: `JSON escape ${esc} in a text`,
      bytes: utf8(t.json.slice(0, at) + esc + t.json.slice(at)),
      lenient: "warn",
      strict: "error",
      codes: ["LONE_SURROGATE", "TEXT_MISMATCH"],
      line: lineOf(t.json, marker),
    });
  }
  out.push({
    category: "lone surrogate",
    name: "JSON escape \\ud800 in an infon key",
    bytes: utf8(t.json.replace('"type": "title"', '"type": "title", "k\\ud800": "v"')),
    lenient: "warn",
    strict: "error",
    codes: ["LONE_SURROGATE"],
    line: lineOf(t.json, '"type": "title"'),
  });
  return out;
}

export function hugeNumberCases(): BadCase[] {
  const t = baseTexts();
  const out: BadCase[] = [];
  const values = [
    "9007199254740992",
    "9007199254740993",
    "1e21",
    "1e+23",
    "1e308",
    "1E400",
    "-1",
    "1.5",
  ];
  for (const v of values) {
    out.push({
      category: "huge number",
      name: `JSON location offset ${v}`,
      bytes: utf8(t.json.replace('"offset": 12', `"offset": ${v}`)),
      lenient: "error",
      strict: "error",
      codes: ["INVALID_VALUE", "SCHEMA_VIOLATION"],
    });
    out.push({
      category: "huge number",
      name: `XML location offset ${v}`,
      bytes: utf8(t.xml.replace('offset="12"', `offset="${v}"`)),
      lenient: "error",
      strict: "error",
      codes: ["INVALID_VALUE"],
      line: lineOf(t.xml, 'offset="12"'),
    });
    out.push({
      category: "huge number",
      name: `PubTator mention start ${v}`,
      bytes: utf8(t.pubtator.replace("100\t12\t33", `100\t${v}\t33`)),
      lenient: "warn",
      strict: "error",
      codes: ["PUBTATOR_SYNTAX"],
      line: 4,
    });
  }
  return out;
}

export function duplicateKeyCases(): BadCase[] {
  const t = baseTexts();
  const spots: [string, string, string, string?][] = [
    ["collection", '"source": "test"', '"source": "test", "source": "again"'],
    // the first "documents" is the added one; the file's own is the duplicate
    ["top-level documents", '"key": "k",', '"key": "k", "documents": [],', '"documents"'],
    ["document", '"id": "100"', '"id": "100", "id": "101"'],
    ["passage", '"offset": 0,', '"offset": 0, "offset": 0,'],
    ["infons", '"type": "title"', '"type": "title", "type": "abstract"'],
    ["annotation", '"text": "Aspirin"', '"text": "Aspirin", "text": "Aspirin"'],
    ["location", '"length": 7', '"length": 7, "length": 8'],
    ["relation", '"id": "R0"', '"id": "R0", "id": "R1"'],
    ["escaped equal key", '"id": "100"', '"id": "100", "\\u0069d": "100"'],
  ];
  return spots.map(([where, find, replace, lineAt]) => ({
    category: "duplicate key",
    name: `duplicate key in the ${where}`,
    bytes: utf8(t.json.replace(find, replace)),
    lenient: "warn",
    strict: "error",
    codes: ["DUPLICATE_KEY"],
    line: lineOf(t.json, lineAt ?? find),
  }));
}

export function pubTatorShapeCases(): BadCase[] {
  const t = baseTexts();
  const lines = t.pubtator.split("\n");
  const bad = [
    "100\tzero\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t-5\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t0\t-7\tAspirin\tChemicalEntity\tD001241",
    "100\t1.5\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t1e3\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t 3\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t+3\t7\tAspirin\tChemicalEntity\tD001241",
    "100\tNaN\t7\tAspirin\tChemicalEntity\tD001241",
    "100\tInfinity\t7\tAspirin\tChemicalEntity\tD001241",
    "100\t99999999999999999999\t100000000000000000000\tAspirin\tChemicalEntity\tD001241",
    "100\t7\t0\tAspirin\tChemicalEntity\tD001241",
    "100\t0\tseven\tAspirin\tChemicalEntity\tD001241",
    "100\t0\t7\tAspirin",
    "100",
    "100\tAssociation",
    "100\tAssociation\tD001241",
    "100\t\tD001241\tD009203\tNo",
    "100\tAssociation\t\tD009203",
    "100\tAssociation\tD001241\t \tNo",
    "100\tAssociation\tD001241\tD009203\tNo\textra",
    "garbage line without tabs",
    "100|x|not a title or abstract",
  ];
  const unchanged = (c: BioCCollection) => {
    const d = c.documents[0];
    expect(d?.passages.reduce((n, p) => n + p.annotations.length, 0)).toBe(3);
    expect(d?.relations).toHaveLength(1);
  };
  return bad.map((line) => ({
    category: "PubTator shape",
    name: `PubTator line ${JSON.stringify(line.slice(0, 48))}`,
    bytes: utf8([...lines.slice(0, 2), line, ...lines.slice(2)].join("\n")),
    lenient: "warn",
    strict: "error",
    codes: ["PUBTATOR_SYNTAX"],
    line: 3,
    check: unchanged,
  }));
}
