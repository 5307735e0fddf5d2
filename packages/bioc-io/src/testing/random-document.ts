// Test-only (not part of the public API): random BioC documents that break
// the content rules often (small pools make repeated ids, dangling references
// and wrong offsets common), for the tests that check a fast proof of
// cleanliness against the full rules.
import fc from "fast-check";
import type { BioCAnnotation, BioCDocument, BioCRelation } from "../model.js";

/** An annotation of type Gene with one location covering `text` at `offset`. */
export function annotation(
  id: string,
  offset: number,
  text: string,
  identifier?: string,
): BioCAnnotation {
  const infons: Record<string, string> = { type: "Gene" };
  if (identifier !== undefined) infons.identifier = identifier;
  return { id, infons, text, locations: [{ offset, length: text.length }] };
}

// small pools make repeated ids, dangling references and wrong offsets common
const id = fc.oneof(
  // mostly distinct ids, with some repeats, empty ids and ids with a space
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("", "a ") },
);
const concept = fc.constantFrom("C1", "C2", "C1|C2", " C1", "C2;C3", "C3");
/** The text of each passage (and of the sentence). */
export const passageText = "ab cd ef";
export const mention = fc
  .record({
    id,
    offset: fc.integer({ min: -1, max: 9 }),
    length: fc.integer({ min: 0, max: 3 }),
    identifier: fc.option(concept, { nil: undefined }),
    shift: fc.constantFrom(0, 0, 0, 0, 0, 1),
    pieces: fc.constantFrom(1, 1, 1, 1, 2),
  })
  .map(({ id, offset, length, identifier, shift, pieces }): BioCAnnotation => {
    const start = Math.max(0, offset + shift);
    const text = passageText.slice(start, start + length);
    const a = annotation(id, offset, text, identifier);
    if (pieces === 2) a.locations.push({ offset: offset + 3, length });
    return a;
  });
const relation = fc
  .record({
    id,
    refs: fc.array(id, { maxLength: 1 }),
    pair: fc.option(fc.tuple(concept, concept), { nil: undefined }),
  })
  .map(
    ({ id, refs, pair }): BioCRelation => ({
      id,
      infons: pair ? { entity1: pair[0], entity2: pair[1] } : {},
      nodes: refs.map((refid) => ({ refid, role: "" })),
    }),
  );
/** A document of two passages (the second split into one sentence) with random mentions and relations. */
export const randomDocument = fc
  .record({
    own: fc.array(mention, { maxLength: 4 }),
    top: fc.array(mention, { maxLength: 2 }),
    sentence: fc.array(mention, { maxLength: 2 }),
    passageRelations: fc.array(relation, { maxLength: 2 }),
    relations: fc.array(relation, { maxLength: 3 }),
  })
  .map(
    (r): BioCDocument => ({
      id: "d",
      infons: {},
      passages: [
        {
          offset: 0,
          infons: {},
          text: passageText,
          sentences: [],
          annotations: r.own,
          relations: r.passageRelations,
        },
        {
          offset: 100,
          infons: {},
          sentences: [
            {
              offset: 100,
              infons: {},
              text: passageText,
              annotations: r.sentence.map((a) => ({
                ...a,
                locations: a.locations.map((l) => ({ ...l, offset: l.offset + 100 })),
              })),
              relations: [],
            },
          ],
          annotations: [],
          relations: [],
        },
      ],
      annotations: r.top,
      relations: r.relations,
    }),
  );
