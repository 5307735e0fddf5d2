import type { EncodedDocument, EntityTypeSpace } from "@biore/relation-dataset";

/** The typed entity markers of each entity-type id: `[E:Type]` before a mention, `[/E:Type]` after. */
export function entityMarkerTokens(entityTypes: EntityTypeSpace): { start: string; end: string }[] {
  return entityTypes.names.map((name) => {
    const type = name === "" ? "?" : name;
    return { start: `[E:${type}]`, end: `[/E:${type}]` };
  });
}

/** Marker ids by entity-type id. */
export interface MarkerIds {
  start: Int32Array;
  end: Int32Array;
}

/**
 * Wraps every mention of an encoded document in its type's markers (the typed-entity-marker
 * recipe): `... [E:Gene] TNF - α [/E:Gene] induced ...`. Every token-indexed array is
 * shifted to the new positions; a mention's span then runs from its start marker to its end
 * marker inclusive. Where markers meet at one position, mentions ending there close before
 * mentions starting there open, inner mentions close first and outer ones open first, so
 * nested mentions stay properly nested. Markers take the sentence of the token they touch
 * and the mention's entity type.
 */
export function insertEntityMarkers(doc: EncodedDocument, markers: MarkerIds): EncodedDocument {
  const m = doc.mentionStart.length;
  const typeOf = (k: number) => doc.conceptTypeIds[doc.mentionConcept[k]!]!;
  // One insertion per marker: (position before which it goes, closes?, sort key, mention).
  const inserts: { at: number; end: boolean; key: number; mention: number }[] = [];
  for (let k = 0; k < m; k++) {
    const start = doc.mentionStart[k]!;
    const end = doc.mentionEnd[k]!;
    inserts.push({ at: start, end: false, key: -end, mention: k }); // outer (later end) opens first
    inserts.push({ at: end, end: true, key: -start, mention: k }); // inner (later start) closes first
  }
  inserts.sort(
    (a, b) =>
      a.at - b.at || Number(b.end) - Number(a.end) || a.key - b.key || a.mention - b.mention,
  );

  const t = doc.tokenIds.length;
  const total = t + inserts.length;
  const tokenIds = new Int32Array(total);
  const entityTypeIds = new Int32Array(total);
  const sentenceIds = new Int32Array(total);
  const mentionStart = new Int32Array(m);
  const mentionEnd = new Int32Array(m);
  let out = 0;
  let next = 0;
  for (let token = 0; token <= t; token++) {
    for (; next < inserts.length && inserts[next]!.at === token; next++) {
      const { end, mention } = inserts[next]!;
      const type = typeOf(mention);
      tokenIds[out] = end ? markers.end[type]! : markers.start[type]!;
      entityTypeIds[out] = type;
      const touched = end ? token - 1 : token;
      sentenceIds[out] = doc.sentenceIds[Math.min(Math.max(touched, 0), t - 1)] ?? 0;
      if (end) mentionEnd[mention] = out + 1;
      else mentionStart[mention] = out;
      out++;
    }
    if (token === t) break;
    tokenIds[out] = doc.tokenIds[token]!;
    entityTypeIds[out] = doc.entityTypeIds[token]!;
    sentenceIds[out] = doc.sentenceIds[token]!;
    out++;
  }
  return {
    ...doc,
    tokenIds,
    entityTypeIds,
    sentenceIds,
    mentionStart,
    mentionEnd,
    tokenCount: (doc.tokenCount ?? t) + inserts.length,
  };
}
