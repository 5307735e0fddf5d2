import { createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { type Command, Option } from "commander";
import {
  type BioCDocument,
  type BioCFormat,
  createFormatter,
  formatFromExtension,
  streamDocuments,
} from "@biore/bioc-io";
import { predict } from "@biore/re-models";
import type { Output } from "../output.js";
import { loadModelDir } from "../pipeline/model-dir.js";
import { defaultBarTarget, startBar } from "../progress/bars.js";
import { UserError } from "../user-error.js";
import { activateBackend, integerOption } from "./common.js";

interface PredictOptions {
  model: string;
  format?: BioCFormat;
  batch: number;
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text.length > 0 && !stream.write(text)) await once(stream, "drain");
}

/** `biore predict`: streams documents in, writes them out with predicted relations and scores. */
export function registerPredict(program: Command, output: Output): void {
  program
    .command("predict")
    .description(
      "predict relations for BioC JSON/XML or PubTator documents, streaming; writes any of the three formats",
    )
    .requiredOption("--model <dir>", "model folder written by `biore train`")
    .argument("<in>", "input file: BioC JSON, BioC XML or PubTator (detected by content)")
    .argument(
      "<out>",
      "output file; format from its extension (.json, .xml, .pubtator) or --format",
    )
    .addOption(
      new Option("--format <format>", "output format").choices(["json", "xml", "pubtator"]),
    )
    .option(
      "--batch <n>",
      "documents predicted at a time (memory stays bounded by this)",
      integerOption(1),
      32,
    )
    .action(async (input: string, out: string, opts: PredictOptions) => {
      if (!existsSync(input)) {
        throw new UserError(
          `${input} does not exist`,
          "give a BioC JSON/XML or PubTator file as <in>",
        );
      }
      const format = opts.format ?? formatFromExtension(out);
      if (!format) {
        throw new UserError(
          `cannot tell the output format from "${out}"`,
          "name it .json, .xml or .pubtator, or pass --format",
        );
      }
      await activateBackend(program, output);
      const { model } = loadModelDir(opts.model);
      const documents = streamDocuments(input);
      const formatter = createFormatter(format);
      const sink = createWriteStream(out);
      const bar = startBar(
        defaultBarTarget(),
        "predict |{bar}| {value} documents, {relations} relations",
        0,
        { relations: 0 },
      );
      let done = 0;
      let relations = 0;
      try {
        await write(sink, formatter.open(await documents.header()));
        let batch: BioCDocument[] = [];
        const flush = async () => {
          const result = predict(model, batch);
          for (const doc of result.documents) await write(sink, formatter.document(doc));
          done += batch.length;
          relations += result.relations.length;
          bar.setTotal(done);
          bar.update(done, { relations });
          batch = [];
        };
        for await (const doc of documents) {
          batch.push(doc);
          if (batch.length >= opts.batch) await flush();
        }
        if (batch.length > 0) await flush();
        await write(sink, formatter.close());
        sink.end();
        await once(sink, "finish");
      } finally {
        bar.stop();
        model.dispose();
        if (!sink.writableFinished) sink.destroy();
      }
      output.out(`predicted ${relations} relations in ${done} documents -> ${out} (${format})`);
    });
}
