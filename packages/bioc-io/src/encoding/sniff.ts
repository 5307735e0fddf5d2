import { BioCError } from "../errors.js";

/** Encodings bioc-io reads; everything is decoded to a JS string (and UTF-8 for the byte scanners). */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "latin1" | "windows-1252";

/** What the first bytes say: the encoding and the length of its byte order mark. */
export interface Sniffed {
  encoding: TextEncoding;
  bomLength: number;
  /** Where the encoding came from, for messages. */
  from: "bom" | "declaration" | "default";
}

const LABELS: Record<string, TextEncoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "us-ascii": "utf-8", // ASCII is a subset; bytes above 0x7f then fail the UTF-8 check
  ascii: "utf-8",
  "utf-16": "utf-16le", // resolved by the BOM; without one, by the byte pattern below
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  "iso-8859-1": "latin1",
  "iso8859-1": "latin1",
  "iso_8859-1": "latin1",
  latin1: "latin1",
  "latin-1": "latin1",
  l1: "latin1",
  "iso-ir-100": "latin1",
  cp819: "latin1",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
};

const DECLARATION = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Finds the encoding from a byte order mark, else from the XML declaration
 * (`<?xml version="1.0" encoding="ISO-8859-1"?>`), else UTF-8. A declared
 * encoding bioc-io cannot decode is an `UNSUPPORTED_ENCODING` error rather
 * than a lossy guess.
 */
export function sniffEncoding(head: Uint8Array, file: string): Sniffed {
  const [b0, b1, b2] = head;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf)
    return { encoding: "utf-8", bomLength: 3, from: "bom" };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", bomLength: 2, from: "bom" };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", bomLength: 2, from: "bom" };
  // "<?" in UTF-16 without a BOM (XML 1.0 appendix F)
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f)
    return { encoding: "utf-16le", bomLength: 0, from: "declaration" };
  if (b0 === 0x00 && b1 === 0x3c && head[3] === 0x3f)
    return { encoding: "utf-16be", bomLength: 0, from: "declaration" };
  if (b0 !== 0x3c) return { encoding: "utf-8", bomLength: 0, from: "default" };
  const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 512)).toString(
    "latin1",
  );
  const m = DECLARATION.exec(ascii);
  if (!m) return { encoding: "utf-8", bomLength: 0, from: "default" };
  const label = (m[1] as string).toLowerCase();
  const encoding = LABELS[label];
  if (!encoding)
    throw new BioCError(
      "UNSUPPORTED_ENCODING",
      `the XML declares encoding "${m[1]}", which bioc-io cannot decode (it reads UTF-8, UTF-16 and ISO-8859-1/windows-1252); convert the file to UTF-8 first, e.g. iconv -f ${m[1]} -t UTF-8`,
      { file, line: 1, column: ascii.indexOf(m[1] as string) + 1 },
    );
  if (encoding === "utf-16le" || encoding === "utf-16be")
    throw new BioCError(
      "UNSUPPORTED_ENCODING",
      `the XML declares encoding "${m[1]}" but its bytes are not UTF-16 (no byte order mark, single-byte "<?xml")`,
      { file, line: 1, column: ascii.indexOf(m[1] as string) + 1 },
    );
  return { encoding, bomLength: 0, from: "declaration" };
}
