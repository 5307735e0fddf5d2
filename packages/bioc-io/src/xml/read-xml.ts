import type { ReadContext } from "../context.js";
import type { BioCCollection, BioCCollectionHeader, BioCDocument } from "../model.js";
import { BioCXmlParser } from "./xml-parser.js";

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
  parser.write(text);
  parser.close();
  return { ...(header as BioCCollectionHeader), documents };
}
