import { describe, expect, it } from "vitest";
import { BioCError } from "./errors.js";
import { parseCollection } from "./read.js";
import { formatCollection } from "./write.js";

// XML details real files bring: DOCTYPE lines, CRLF line ends, one-line files,
// entities and character references, CDATA, a byte order mark, non-ASCII text.

const doc = (text: string) =>
  `<document><id>1</id><passage><infon key="type">title</infon><offset>0</offset><text>${text}</text></passage></document>`;

describe("BioC XML reading details", () => {
  it("DOCTYPE with single or double quotes, and no line breaks at all", () => {
    for (const doctype of [
      `<!DOCTYPE collection SYSTEM 'BioC.dtd'>`,
      `<!DOCTYPE collection SYSTEM "BioC.dtd">`,
    ]) {
      const c = parseCollection(
        `<?xml version='1.0' encoding='UTF-8'?>${doctype}<collection><source>s</source><date>d</date><key>k</key>${doc("a b")}</collection>`,
      );
      expect(c.documents[0]?.passages[0]?.text).toBe("a b");
    }
  });

  it("CRLF line ends between elements are ignored; inside text they become LF as XML requires", () => {
    const c = parseCollection(
      `<?xml version="1.0"?>\r\n<collection>\r\n<source>s</source>\r\n<date>d</date>\r\n<key>k</key>\r\n${doc("line1\r\nline2")}\r\n</collection>\r\n`,
    );
    expect(c.documents[0]?.passages[0]?.text).toBe("line1\nline2");
    // a literal CR survives when written as a character reference, which the writer does
    const written = formatCollection(c, { format: "xml" });
    const withCr = written.replace("line1\nline2", "line1&#13;\nline2");
    expect(parseCollection(withCr).documents[0]?.passages[0]?.text).toBe("line1\r\nline2");
  });

  it("entities, character references, CDATA and non-ASCII text", () => {
    const c = parseCollection(
      `<collection><source>a &amp; b</source><date>&lt;d&gt;</date><key>&#x3B1;&#946;</key>${doc("x <![CDATA[<y> & z]]> 测试 😀 &quot;q&apos;")}</collection>`,
    );
    expect([c.source, c.date, c.key]).toEqual(["a & b", "<d>", "αβ"]);
    expect(c.documents[0]?.passages[0]?.text).toBe(`x <y> & z 测试 😀 "q'`);
  });

  it("a byte order mark before the declaration", () => {
    const c = parseCollection(
      `\uFEFF<?xml version="1.0"?><collection><source/><date/><key/>${doc("t")}</collection>`,
    );
    expect(c.documents).toHaveLength(1);
  });

  it("whitespace-only text inside <text> is kept exactly", () => {
    const c = parseCollection(`<collection><source/><date/><key/>${doc("  \t ")}</collection>`);
    expect(c.documents[0]?.passages[0]?.text).toBe("  \t ");
  });

  it("infon values and attribute values with tabs and newlines survive a write/read", () => {
    const c = parseCollection(`<collection><source/><date/><key/>${doc("t")}</collection>`);
    const d = c.documents[0] as (typeof c.documents)[0];
    d.passages[0]?.annotations.push({
      id: 'a"\t\n<',
      infons: { "k\t&": "v\n\r" },
      text: "t",
      locations: [],
    });
    expect(parseCollection(formatCollection(c, { format: "xml" }))).toEqual(c);
  });

  it("text XML 1.0 cannot carry is refused by the writer with the document id", () => {
    const c = parseCollection(`<collection><source/><date/><key/>${doc("t")}</collection>`);
    (c.documents[0]?.passages[0] as { text?: string }).text = "bell\u0007";
    let err: unknown;
    try {
      formatCollection(c, { format: "xml" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BioCError);
    expect((err as BioCError).code).toBe("INVALID_VALUE");
    expect((err as BioCError).location.documentId).toBe("1");
  });
});
