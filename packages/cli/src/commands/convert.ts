import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  BioCError,
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
import { defaultBarTarget, startBar } from "../progress/bars.js";
import { UserError } from "../user-error.js";

/** Inputs up to this size are read whole (lossless for every layout); larger ones stream in flat memory. */
const EAGER_LIMIT_BYTES = 256 * 2 ** 20;

const FORMATS = ["json", "xml", "pubtator"] as const;

const HINTS: Partial<Record<BioCError["code"], string>> = {
  EMPTY_INPUT: "the input file is empty; give a BioC JSON/XML or PubTator file with documents",
  BINARY_INPUT: "the input is not a text file; give BioC JSON, BioC XML or PubTator",
  UNKNOWN_FORMAT: "the input must be BioC JSON, BioC XML or PubTator (detected from its content)",
  TRUNCATED: "the input file ends early; it may be incomplete (download or copy it again)",
  INVALID_VALUE:
    "the text cannot be written in this output format, or the input has a wrong value (see where above)",
};

/** Turns a bioc-io error into a one-line user error with a hint. */
export function biocUserError(error: unknown): unknown {
  if (!(error instanceof BioCError)) return error;
  return new UserError(
    error.message,
    HINTS[error.code] ?? "the input is not valid BioC/PubTator; the message says where",
  );
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
}

/** One streaming pass; `header` overrides the one read (a second pass knows the whole header). */
async function streamOnce(
  input: string,
  tmp: string,
  format: BioCFormat,
  opts: ConvertOptions,
  size: number,
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
  });
  const read: BioCCollectionHeader = await stream.header();
  const opened = JSON.stringify(read);
  const writer = createCollectionWriter(tmp, header ?? read, {
    format,
    ...(opts.indent ? { indent: opts.indent } : {}),
  });
  let documents = 0;
  try {
    for await (const doc of stream) {
      await writer.write(doc);
      documents++;
    }
  } finally {
    bar.stop();
  }
  await writer.close();
  return { documents, opened, final: read };
}

/**
 * Streams a large file through the streaming writer in flat memory. A JSON
 * input may put collection fields after its documents (BC6PM does); they are
 * known only at the end, so then the file is converted once more with them.
 */
async function convertStreaming(
  input: string,
  tmp: string,
  format: BioCFormat,
  opts: ConvertOptions,
  size: number,
): Promise<number> {
  const first = await streamOnce(input, tmp, format, opts, size);
  if (format === "pubtator" || JSON.stringify(first.final) === first.opened) return first.documents;
  return (await streamOnce(input, tmp, format, opts, size, first.final)).documents;
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
  if (resolve(input) === resolve(out))
    throw new UserError("the output would overwrite the input", "write to another file name");
  if (!existsSync(dirname(resolve(out))))
    throw new UserError(
      `no such folder: ${dirname(resolve(out))}`,
      "create the output folder first",
    );
  // Write next to the target and rename at the end, so a failure never leaves half a file.
  const tmp = join(dirname(resolve(out)), `.${basename(out)}.${process.pid}.tmp`);
  try {
    let n: number;
    if (size <= eagerLimitBytes) {
      const collection = await readCollection(input, opts.strict ? { strict: true } : {});
      writeCollection(collection, tmp, { format, ...(opts.indent ? { indent: opts.indent } : {}) });
      n = collection.documents.length;
    } else n = await convertStreaming(input, tmp, format, opts, size);
    renameSync(tmp, out);
    output.out(`converted ${n} documents: ${input} -> ${out} (${format})`);
    return n;
  } catch (error) {
    rmSync(tmp, { force: true });
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
      "check every BioC rule (required fields, unique ids, node refids) before writing",
    )
    .action(async (input: string, out: string, opts: ConvertOptions) => {
      await convertFile(input, out, opts, output);
    });
}
