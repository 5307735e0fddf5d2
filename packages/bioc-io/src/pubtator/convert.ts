import type {
  BioCAnnotation,
  BioCCollection,
  BioCCollectionHeader,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  Infons,
} from "../model.js";
import type { PubTatorDocument, PubTatorMention, PubTatorRelation } from "./model.js";

// PubTator <-> BioC, laid out the way NCBI converts BioRED: a `title` passage
// at offset 0 and an `abstract` passage right after it (offset = title length
// + 1), annotations numbered "0", "1", ... per document with infons
// `identifier` and `type`, document-level relations "R0", "R1", ... with
// infons `entity1`, `entity2`, `type` and `novel`.

/** Infon holding PubTator columns after the identifier, tab-joined. */
export const PUBTATOR_EXTRA_INFON = "pubtator_extra";

/** Converts one PubTator document to a BioC document. */
export function pubTatorDocumentToBioC(d: PubTatorDocument): BioCDocument {
  const title: BioCPassage = {
    offset: 0,
    infons: { type: "title" },
    text: d.title,
    sentences: [],
    annotations: [],
    relations: [],
  };
  const abstract: BioCPassage = {
    offset: d.title.length + 1,
    infons: { type: "abstract" },
    text: d.abstract,
    sentences: [],
    annotations: [],
    relations: [],
  };
  d.mentions.forEach((m, i) => {
    const target = m.start >= abstract.offset ? abstract : title;
    target.annotations.push(mentionToAnnotation(m, String(i)));
  });
  return {
    id: d.id,
    infons: {},
    passages: [title, abstract],
    annotations: [],
    relations: d.relations.map((r, i) => relationToBioC(r, `R${i}`)),
  };
}

function mentionToAnnotation(m: PubTatorMention, id: string): BioCAnnotation {
  const infons: Infons = {};
  if (m.identifier !== undefined) infons.identifier = m.identifier;
  infons.type = m.type;
  if (m.extra.length > 0) infons[PUBTATOR_EXTRA_INFON] = m.extra.join("\t");
  return { id, infons, text: m.text, locations: [{ offset: m.start, length: m.end - m.start }] };
}

function relationToBioC(r: PubTatorRelation, id: string): BioCRelation {
  const infons: Infons = { entity1: r.id1, entity2: r.id2, type: r.type };
  if (r.novel !== undefined) infons.novel = r.novel;
  if (r.extra.length > 0) infons[PUBTATOR_EXTRA_INFON] = r.extra.join("\t");
  return { id, infons, nodes: [] };
}

/** Converts parsed PubTator documents to a BioC collection (header defaults: source `PubTator`). */
export function pubTatorToBioC(
  docs: readonly PubTatorDocument[],
  header: Partial<BioCCollectionHeader> = {},
): BioCCollection {
  return {
    source: "PubTator",
    date: "",
    key: "",
    infons: {},
    ...header,
    documents: docs.map(pubTatorDocumentToBioC),
  };
}

const IDENTIFIER_KEYS = ["identifier", "Identifier", "MESH", "NCBI Gene", "NCBI_Gene"];

function splitExtra(infons: Infons): string[] {
  const extra = infons[PUBTATOR_EXTRA_INFON];
  return extra === undefined ? [] : extra.split("\t");
}

function annotationToMention(a: BioCAnnotation): PubTatorMention {
  // PubTator has one span per mention: a discontinuous annotation becomes the span covering it.
  const first = a.locations[0] ?? { offset: 0, length: 0 };
  let start = first.offset;
  let end = first.offset + first.length;
  for (const l of a.locations) {
    start = Math.min(start, l.offset);
    end = Math.max(end, l.offset + l.length);
  }
  const m: PubTatorMention = {
    start,
    end,
    text: a.text,
    type: a.infons.type ?? "",
    extra: splitExtra(a.infons),
  };
  const key = IDENTIFIER_KEYS.find((k) => a.infons[k] !== undefined);
  if (key !== undefined) m.identifier = a.infons[key];
  return m;
}

function relationToPubTator(r: BioCRelation): PubTatorRelation {
  const i = r.infons;
  const rel: PubTatorRelation = {
    type: i.type ?? i.relation ?? "",
    id1: i.entity1 ?? i.Chemical ?? i.Gene1 ?? r.nodes[0]?.refid ?? "",
    id2: i.entity2 ?? i.Disease ?? i.Gene2 ?? r.nodes[1]?.refid ?? "",
    extra: splitExtra(i),
  };
  if (i.novel !== undefined) rel.novel = i.novel;
  return rel;
}

/**
 * Converts a BioC document to PubTator: the passage typed `title` (else the
 * first) is the title, the other passages' text joined by a space the
 * abstract; annotations and relations of every level, in document order.
 */
export function bioCDocumentToPubTator(d: BioCDocument): PubTatorDocument {
  const titleIndex = Math.max(
    0,
    d.passages.findIndex((p) => p.infons.type === "title"),
  );
  const passageText = (p: BioCPassage) => p.text ?? p.sentences.map((s) => s.text).join(" ");
  const title = d.passages[titleIndex];
  const rest = d.passages.filter((_, i) => i !== titleIndex);
  const annotations: BioCAnnotation[] = [];
  const relations: BioCRelation[] = [];
  for (const p of d.passages) {
    annotations.push(...p.annotations);
    for (const s of p.sentences) annotations.push(...s.annotations);
  }
  annotations.push(...d.annotations);
  for (const p of d.passages) {
    relations.push(...p.relations);
    for (const s of p.sentences) relations.push(...s.relations);
  }
  relations.push(...d.relations);
  return {
    id: d.id,
    title: title ? passageText(title) : "",
    abstract: rest.map(passageText).join(" "),
    mentions: annotations.map(annotationToMention),
    relations: relations.map(relationToPubTator),
  };
}

/** Converts a BioC collection (or its documents) to PubTator documents. */
export function bioCToPubTator(documents: Iterable<BioCDocument>): PubTatorDocument[] {
  return Array.from(documents, bioCDocumentToPubTator);
}
