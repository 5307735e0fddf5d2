import type { ReadContext } from "../context.js";
import type { BioCCollection, BioCCollectionHeader, BioCDocument } from "../model.js";
import { scanSimpleXml } from "./simple-scan.js";
import { BioCXmlParser } from "./xml-parser.js";

// saxes allocates less (and runs faster) when fed moderate chunks than one
// multi-megabyte string, so the eager reader feeds it slices.
const CHUNK_CHARS = 1 << 16;

/**
 * Parses a whole BioC XML text into a collection (eager): with the simple
 * scanner when the text stays within what it reads, else (and for every
 * error, so that it is reported with its line and column) with saxes.
 */
export function parseXmlCollection(text: string, ctx: ReadContext): BioCCollection {
  return readSimple(text, ctx) ?? readWithSaxes(text, ctx);
}

/** Documents and header collected from a fresh parser. */
function collector(ctx: ReadContext) {
  const documents: BioCDocument[] = [];
  let header: BioCCollectionHeader | undefined;
  const parser = new BioCXmlParser(
    ctx.file,
    {
      onHeader: (h) => {
        header = h;
      },
      onDocument: (d) => {
        documents.push(d);
      },
    },
    ctx.ignoreUnknown,
  );
  const collection = (): BioCCollection => ({
    ...(header as BioCCollectionHeader),
    documents,
  });
  return { parser, collection };
}

/** The collection read by the simple scanner, or undefined to read again with saxes. */
function readSimple(text: string, ctx: ReadContext): BioCCollection | undefined {
  const { parser, collection } = collector(ctx);
  try {
    if (!scanSimpleXml(text, parser)) return undefined;
    parser.finish();
  } catch {
    return undefined; // saxes reports it, located
  }
  return collection();
}

function readWithSaxes(text: string, ctx: ReadContext): BioCCollection {
  const { parser, collection } = collector(ctx);
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parser.write(text.slice(i, i + CHUNK_CHARS));
  parser.close();
  return collection();
}
