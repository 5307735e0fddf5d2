import { StringDecoder } from "node:string_decoder";
import type { ReadContext } from "../context.js";
import { BioCError, type SourceLocation } from "../errors.js";
import { type Sniffed, sniffEncoding } from "./sniff.js";
import { incompleteTail, invalidUtf8Offsets, isValidUtf8 } from "./utf8.js";

// Input bytes -> text. The encoding comes from a BOM or the XML declaration
// (sniff.ts). UTF-8 is checked, natively, for invalid sequences: strict reading
// refuses the first with its byte offset, lenient reading counts each
// (INVALID_UTF8 warnings) and reads it as U+FFFD. Lone UTF-16 surrogates
// (from UTF-16 input or a string argument) are refused or counted the same way.

const MAX_COUNTED = 1000;

type WellFormed = { isWellFormed(): boolean };

/** Index of the first lone surrogate in `s`, or -1. */
export function loneSurrogateAt(s: string): number {
  if ((s as unknown as WellFormed).isWellFormed()) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** Line and column (1-based) of a character offset in a string. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function byteLineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

/** Reports (strict: throws) lone surrogates in decoded text; `base` is the text's offset in the input. */
export function checkSurrogates(text: string, ctx: ReadContext, base = 0): void {
  let at = loneSurrogateAt(text);
  let counted = 0;
  while (at !== -1 && counted++ < MAX_COUNTED) {
    const where: SourceLocation =
      base === 0
        ? { file: ctx.file, ...lineColumnAt(text, at) }
        : { file: ctx.file, offset: base + at };
    ctx.problem(
      "LONE_SURROGATE",
      `lone UTF-16 surrogate U+${text.charCodeAt(at).toString(16).toUpperCase()} (not a character)`,
      where,
    );
    const rest = loneSurrogateAt(text.slice(at + 1));
    at = rest === -1 ? -1 : at + 1 + rest;
  }
}

function reportInvalidUtf8(offset: number, ctx: ReadContext, where: SourceLocation): void {
  ctx.problem("INVALID_UTF8", `invalid UTF-8 byte sequence at byte ${offset}`, where);
}

// windows-1252 differs from ISO-8859-1 only in 0x80-0x9F (Node's TextDecoder
// decodes that range as Latin-1, so the table is applied here).
const CP1252 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Latin-1-decoded text -> windows-1252 text. */
function windows1252(latin1: string): string {
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] as string);
}

function swap16(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(bytes);
  copy.swap16();
  return copy;
}

function decodeWith(sniffed: Sniffed, body: Uint8Array): string {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  switch (sniffed.encoding) {
    case "utf-16le":
      return buf.toString("utf16le");
    case "utf-16be":
      return swap16(buf).toString("utf16le");
    case "latin1":
      return buf.toString("latin1");
    case "windows-1252":
      return windows1252(buf.toString("latin1"));
    default:
      return buf.toString("utf8");
  }
}

/** Decodes a whole input (BOM removed), checking UTF-8 validity and surrogates per `ctx`. */
export function decodeBytes(bytes: Uint8Array, ctx: ReadContext): string {
  const sniffed = sniffEncoding(bytes.subarray(0, 512), ctx.file);
  const body = bytes.subarray(sniffed.bomLength);
  if (sniffed.encoding === "utf-8") {
    if (!isValidUtf8(body))
      for (const at of invalidUtf8Offsets(body, MAX_COUNTED)) {
        const offset = at + sniffed.bomLength;
        reportInvalidUtf8(offset, ctx, {
          file: ctx.file,
          offset,
          ...byteLineColumn(bytes, offset),
        });
      }
    return decodeWith(sniffed, body);
  }
  if ((sniffed.encoding === "utf-16le" || sniffed.encoding === "utf-16be") && body.length % 2 !== 0)
    throw new BioCError("TRUNCATED", "the UTF-16 input has an odd number of bytes (cut short)", {
      file: ctx.file,
      offset: bytes.length,
    });
  const text = decodeWith(sniffed, body);
  if (sniffed.encoding.startsWith("utf-16")) checkSurrogates(text, ctx);
  return text;
}

/** Turns input chunks into UTF-8 chunks for the streaming readers (which work on UTF-8 bytes). */
export interface ChunkDecoder {
  write(bytes: Buffer): Buffer;
  end(): Buffer;
}

/**
 * A streaming decoder chosen from the first bytes. UTF-8 passes through
 * unchanged (checked natively per chunk, carrying a sequence cut by a chunk
 * boundary); UTF-16, ISO-8859-1 and windows-1252 are decoded and re-encoded
 * as UTF-8.
 */
export function createChunkDecoder(head: Uint8Array, ctx: ReadContext): ChunkDecoder {
  const sniffed = sniffEncoding(head.subarray(0, 512), ctx.file);
  let seen = 0; // bytes of input before the current chunk
  if (sniffed.encoding === "utf-8") {
    let carry: Buffer = Buffer.alloc(0);
    const check = (chunk: Buffer, final: boolean) => {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const start = seen - carry.length;
      const tail = final ? 0 : incompleteTail(bytes);
      const whole = tail > 0 ? bytes.subarray(0, bytes.length - tail) : bytes;
      if (!isValidUtf8(whole))
        for (const at of invalidUtf8Offsets(whole, MAX_COUNTED))
          reportInvalidUtf8(start + at, ctx, { file: ctx.file, offset: start + at });
      carry = tail > 0 ? Buffer.from(bytes.subarray(bytes.length - tail)) : Buffer.alloc(0);
      seen += chunk.length;
    };
    return {
      write(chunk) {
        check(chunk, false);
        return chunk;
      },
      end() {
        if (carry.length > 0) check(Buffer.alloc(0), true);
        return Buffer.alloc(0);
      },
    };
  }
  const utf16 = sniffed.encoding === "utf-16le" || sniffed.encoding === "utf-16be";
  const decoder = utf16 ? new StringDecoder("utf16le") : undefined;
  const cp1252 = sniffed.encoding === "windows-1252";
  let skip = sniffed.bomLength;
  let odd: Buffer = Buffer.alloc(0);
  const toUtf8 = (text: string): Buffer => {
    if (utf16) checkSurrogates(text, ctx, seen);
    return Buffer.from(text, "utf8");
  };
  return {
    write(chunk) {
      let bytes = chunk;
      if (skip > 0) {
        const n = Math.min(skip, bytes.length);
        bytes = bytes.subarray(n);
        skip -= n;
      }
      let out: string;
      if (utf16) {
        if (odd.length > 0) bytes = Buffer.concat([odd, bytes]);
        const even = bytes.length - (bytes.length % 2);
        odd = Buffer.from(bytes.subarray(even));
        const part = bytes.subarray(0, even);
        out = (decoder as StringDecoder).write(
          sniffed.encoding === "utf-16be" ? swap16(part) : Buffer.from(part),
        );
      } else out = cp1252 ? windows1252(bytes.toString("latin1")) : bytes.toString("latin1");
      seen += chunk.length;
      return toUtf8(out);
    },
    end() {
      if (odd.length > 0)
        throw new BioCError(
          "TRUNCATED",
          "the UTF-16 input has an odd number of bytes (cut short)",
          {
            file: ctx.file,
            offset: seen,
          },
        );
      const rest = decoder ? decoder.end() : "";
      return toUtf8(rest);
    },
  };
}
