import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { dataFile, haveData } from "@biore/test-data";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseTexts } from "../bad-input/base.js";
import type { BioCCollectionHeader, BioCDocument } from "../model.js";
import { type XmlTag, scanSimpleXml } from "./simple-scan.js";
import { BioCXmlParser } from "./xml-parser.js";

// The simple scanner may give up on any text, but whatever it accepts saxes
// must accept too, with the same result: otherwise it would let a malformed
// file through, or read a file differently from the located, precise path.

type Outcome =
  | { ok: true; header?: BioCCollectionHeader; documents: BioCDocument[] }
  | { ok: false };

function run(text: string, simple: boolean): Outcome {
  const documents: BioCDocument[] = [];
  let header: BioCCollectionHeader | undefined;
  const parser = new BioCXmlParser(
    "<test>",
    { onHeader: (h) => (header = h), onDocument: (d) => documents.push(d) },
    true,
  );
  try {
    if (simple) {
      if (!scanSimpleXml(text, parser)) return { ok: false };
      parser.finish();
    } else {
      parser.write(text);
      parser.close();
    }
  } catch {
    return { ok: false };
  }
  return { ok: true, ...(header ? { header } : {}), documents };
}

/** Fails when the simple scanner accepts `text` and saxes does not, or reads it differently. */
function expectAgreement(text: string): boolean {
  const simple = run(text, true);
  if (!simple.ok) return false;
  const precise = run(text, false);
  if (!isDeepStrictEqual(simple, precise))
    throw new Error(`simple scan and saxes disagree on ${JSON.stringify(text)}`);
  return true;
}

/** The events the scanner sends, as a flat list. */
function events(text: string): (string | XmlTag)[] | false {
  const out: (string | XmlTag)[] = [];
  const ok = scanSimpleXml(text, {
    onOpen: (tag) => out.push({ name: tag.name, attributes: { ...tag.attributes } }),
    onClose: () => out.push("/"),
    onText: (t) => out.push(t),
  });
  return ok && out;
}

const XML = baseTexts().xml;

describe("scanSimpleXml", () => {
  it("reads the base collection, with entities and character references", () => {
    expect(expectAgreement(XML)).toBe(true);
    const withRefs = XML.replace(
      "Aspirin and",
      "Aspirin &amp; &lt;b&gt; &#945;&#x3B2; &quot;&apos; and",
    );
    expect(expectAgreement(withRefs)).toBe(true);
    expect(events("<a x=\"1\" y='2'>t &amp; u<b/></a>")).toEqual([
      { name: "a", attributes: { x: "1", y: "2" } },
      "t & u",
      { name: "b", attributes: {} },
      "/",
      "/",
    ]);
  });

  it("gives up on what it leaves to saxes", () => {
    const body = "<collection><source>s</source></collection>";
    for (const text of [
      `<!-- c -->${body}`,
      `<collection><!-- c --><source>s</source></collection>`,
      `<collection><source><![CDATA[x]]></source></collection>`,
      `<?xml-stylesheet href="a"?>${body}`,
      `<collection><?pi x?></collection>`,
      `<!DOCTYPE collection [<!ENTITY e "x">]>${body}`,
      `<!DOCTYPE collection PUBLIC "p" "s">${body}`,
      `<?xml version="1.1"?>${body}`,
      `<collection>\r\n<source>s</source></collection>`,
      `<collection><source a="x&amp;y">s</source></collection>`,
      `<collection><source a="x\ty">s</source></collection>`,
      `<collection><source>&nbsp;</source></collection>`,
      `<collection><source>&#0;</source></collection>`,
      `<collection><source>&#xD800;</source></collection>`,
      `<collection><source>&#X41;</source></collection>`,
      `<collection><source>a & b</source></collection>`,
      `<collection><sourcé>s</sourcé></collection>`,
      `<collection><b:source>s</b:source></collection>`,
      `<collection><source>s</collection>`,
      `<collection><source>s</source>`,
      `<collection/><collection/>`,
      `${body}trailing`,
      `lead${body}`,
      `<collection><source a="1" a="2">s</source></collection>`,
      `<collection><source a="1"b="2">s</source></collection>`,
      `<collection><source __proto__="x">s</source></collection>`,
      `<collection><source constructor="x">s</source></collection>`,
      `<collection><source a=1>s</source></collection>`,
      `<collection><source a="<">s</source></collection>`,
      `<collection><source>]]></source></collection>`,
      `<collection><source>\u0001</source></collection>`,
      `<collection><source>\ud800</source></collection>`,
      `<collection><source>\uffff</source></collection>`,
      `<collection></ collection>`,
      `<collection></collectionx>`,
      "",
      "   ",
    ])
      expect(events(text), text).toBe(false);
  });

  it("never accepts what saxes refuses, nor reads anything differently (random edits)", () => {
    const pieces = [
      "<",
      ">",
      "/",
      "&",
      ";",
      '"',
      "'",
      "=",
      " ",
      "\n",
      "\r",
      "\t",
      "?",
      "!",
      "[",
      "]",
      "-",
      "#x",
      "a",
      ":",
      "é",
      "\u0000",
      "<!-- c -->",
      "<![CDATA[x]]>",
      "&amp;",
      "&#0;",
      "&#65;",
      "&bogus;",
      "<passage>",
      "</passage>",
      "<infon>",
      '<infon key="k">v</infon>',
      "</text>",
      "<b/>",
      ' id="1"',
    ];
    const edit = fc.tuple(
      fc.integer({ min: 0, max: XML.length }),
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom(...pieces),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = XML;
        for (const [at, cut, piece] of edits)
          text =
            text.slice(0, at % (text.length + 1)) +
            piece +
            text.slice((at % (text.length + 1)) + cut);
        if (expectAgreement(text)) accepted++;
      }),
      { numRuns: 1500, seed: 15 },
    );
    // the edits must leave many texts readable, or the property says little
    expect(accepted).toBeGreaterThan(100);
  });

  const corpora = [
    dataFile("biored", "Train.BioC.XML"),
    dataFile("biored", "Dev.BioC.XML"),
    dataFile("cdr", "CDR_DevelopmentSet.BioC.xml"),
    dataFile("bc6pm", "PMtask_Relations_TestSet.xml"),
    dataFile("bc6pm", "PMtask_Triage_TestSet.xml"),
  ];
  it.runIf(haveData(...corpora))("reads the real corpora itself, to what saxes reads", () => {
    for (const path of corpora)
      expect(expectAgreement(readFileSync(path, "utf8")), path).toBe(true);
  });
});
