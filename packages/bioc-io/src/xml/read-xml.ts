import type { ReadContext } from "../context.js";
import type { BioCCollection, BioCCollectionHeader, BioCDocument } from "../model.js";
import { BioCXmlParser } from "./xml-parser.js";

// saxes allocates less (and runs faster) when fed moderate chunks than one
// multi-megabyte string, so the eager reader feeds it slices.
const CHUNK_CHARS = 1 << 16;

/** Parses a whole BioC XML text into a collection (eager). */
export function parseXmlCollection(text: string, ctx: ReadContext): BioCCollection {
  let header: BioCCollectionHeader | undefined;
  const documents: BioCDocument[] = [];
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
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parser.write(text.slice(i, i + CHUNK_CHARS));
  parser.close();
  return { ...(header as BioCCollectionHeader), documents };
}
