import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import {
  type BioCFormat,
  type BioCCollectionHeader,
  createCollectionWriter,
  formatFromExtension,
  readCollection,
  streamDocuments,
  writeCollection,
} from "@biore/bioc-io";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { Output } from "../output.js";
import { ReadWarnings } from "./read-warnings.js";
import { defaultBarTarget, startBar } from "../progress/bars.js";
import { libraryErrorToUserError } from "../errors/library-errors.js";
import { UserError } from "../user-error.js";

/** Inputs up to this size are read whole (lossless for every layout); larger ones stream in flat memory. */
const EAGER_LIMIT_BYTES = 256 * 2 ** 20;

const FORMATS = ["json", "xml", "pubtator"] as const;

/** Turns a bioc-io error into a one-line user error with a hint (anything else passes through). */
export function biocUserError(error: unknown): unknown {
  return libraryErrorToUserError(error) ?? error;
}

/** Checks that an input file exists and is a file. */
export function requireInputFile(path: string): number {
  if (!existsSync(path))
    throw new UserError(`no such file: ${path}`, "check the path of the input file");
  const st = statSync(path);
  if (!st.isFile())
    throw new UserError(`not a file: ${path}`, "give one BioC JSON, BioC XML or PubTator file");
  return st.size;
}

function outputFormat(out: string, to: BioCFormat | undefined): BioCFormat {
  if (existsSync(out) && statSync(out).isDirectory())
    throw new UserError(
      `the output ${out} is a directory`,
      "give a file name for the output, e.g. out.json",
    );
  const format = to ?? formatFromExtension(out);
  if (!format)
    throw new UserError(
      `cannot tell the output format from "${basename(out)}"`,
      "name the output .json, .xml or .pubtator, or pass --to json|xml|pubtator",
    );
  return format;
}

function indentOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 8)
    throw new InvalidArgumentError(`expected 0..8, got "${value}"`);
  return n;
}

/** Options of `biore convert`. */
export interface ConvertOptions {
  to?: BioCFormat;
  indent?: number;
  strict?: boolean;
  /** Stream even a small input (flat memory); large inputs always stream. */
  stream?: boolean;
}

/** One streaming pass; `header` overrides the one read (a second pass knows the whole header). */
async function streamOnce(
  input: string,
  out: string,
  format: BioCFormat,
  opts: ConvertOptions,
  size: number,
  warnings: ReadWarnings,
  header?: BioCCollectionHeader,
): Promise<{ documents: number; opened: string; final: BioCCollectionHeader }> {
  const bar = startBar(
    defaultBarTarget(),
    "converting [{bar}] {percentage}% | {value}/{total} MB",
    Math.ceil(size / 1e6),
  );
  const stream = streamDocuments(input, {
    onProgress: (bytes) => bar.update(Math.round(bytes / 1e6)),
    ...(opts.strict ? { strict: true } : {}),
    // a second pass reads the same input again: count its warnings once
    onWarning: header ? () => {} : warnings.onWarning,
  });
  const read: BioCCollectionHeader = await stream.header();
  const opened = JSON.stringify(read);
  // The writer goes through a temp file beside `out` that is renamed only by close().
  const writer = createCollectionWriter(out, header ?? read, {
    format,
    inputs: [input],
    ...(opts.indent ? { indent: opts.indent } : {}),
  });
  let documents = 0;
  try {
    for await (const doc of stream) {
      await writer.write(doc);
      documents++;
    }
    // A second pass (below) rewrites the file with the whole header; don't commit this one.
    const complete = format === "pubtator" || header || JSON.stringify(read) === opened;
    if (complete) await writer.close();
    else await writer.abort();
    return { documents, opened, final: read };
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    bar.stop();
  }
}

/**
 * Streams a large file through the streaming writer in flat memory. A JSON
 * input may put collection fields after its documents (BC6PM does); they are
 * known only at the end, so then the file is converted once more with them.
 */
async function convertStreaming(
  input: string,
  out: string,
  format: BioCFormat,
  opts: ConvertOptions,
  size: number,
  warnings: ReadWarnings,
): Promise<number> {
  const first = await streamOnce(input, out, format, opts, size, warnings);
  if (format === "pubtator" || JSON.stringify(first.final) === first.opened) return first.documents;
  return (await streamOnce(input, out, format, opts, size, warnings, first.final)).documents;
}

/**
 * Converts one file; returns the number of documents. Files up to
 * `eagerLimitBytes` are read whole, larger ones are streamed.
 */
export async function convertFile(
  input: string,
  out: string,
  opts: ConvertOptions,
  output: Output,
  eagerLimitBytes = EAGER_LIMIT_BYTES,
): Promise<number> {
  const size = requireInputFile(input);
  const format = outputFormat(out, opts.to);
  // bioc-io writes atomically (temp file beside `out`, fsync, rename; removed on
  // error and on SIGINT/SIGTERM) and refuses to write over the input.
  const warnings = new ReadWarnings();
  try {
    let n: number;
    if (size <= eagerLimitBytes && !opts.stream) {
      const collection = await readCollection(input, {
        ...(opts.strict ? { strict: true } : {}),
        onWarning: warnings.onWarning,
      });
      writeCollection(collection, out, {
        format,
        inputs: [input],
        ...(opts.indent ? { indent: opts.indent } : {}),
      });
      n = collection.documents.length;
    } else n = await convertStreaming(input, out, format, opts, size, warnings);
    warnings.report(output, input);
    output.out(`converted ${n} documents: ${input} -> ${out} (${format})`);
    return n;
  } catch (error) {
    throw biocUserError(error);
  }
}

/** `biore convert IN OUT`: BioC JSON <-> BioC XML <-> PubTator. */
export function registerConvert(program: Command, output: Output): void {
  program
    .command("convert")
    .description(
      "convert between BioC JSON, BioC XML and PubTator (input format detected from content)",
    )
    .argument("<in>", "input file: BioC JSON, BioC XML or PubTator")
    .argument(
      "<out>",
      "output file; its extension (.json, .xml, .pubtator) picks the format unless --to is given",
    )
    .addOption(new Option("--to <format>", "output format").choices([...FORMATS]))
    .option("--indent <n>", "pretty-print JSON/XML with n spaces per level", indentOption)
    .option(
      "--strict",
      "refuse input that breaks a BioC rule (ids, node refids, text at its offsets, relations naming unknown concepts), invalid UTF-8, duplicate JSON keys or malformed PubTator lines, with its location",
    )
    .option("--stream", "stream even a small input in flat memory (large inputs always stream)")
    .action(async (input: string, out: string, opts: ConvertOptions) => {
      await convertFile(input, out, opts, output);
    });
}
