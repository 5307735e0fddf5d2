import { type BioCDocument, type BioCRelation, allAnnotations, allRelations } from "@biore/bioc-io";
import { NONE_LABEL } from "./constants.js";
import { BIORED_SCHEMA, type RelationSchema } from "./schema.js";
import type { CandidatePair, EntityConcept } from "./types.js";
import type { DatasetWarning, WarningHandler } from "./warnings.js";

/** Why a gold relation could not become a labelled candidate pair. */
export type UnmappedReason =
  | "missing-argument"
  | "missing-type"
  | "concept-not-annotated"
  | "unknown-annotation"
  | "annotation-without-concept"
  | "ambiguous-identifier"
  | "self-relation"
  | "duplicate-relation"
  | "filtered-out"
  | "unscored-type-pair";

/** A gold relation that is not among the labelled candidate pairs, and why. */
export interface UnmappedRelation {
  documentId: string;
  relationId: string;
  label: string;
  head: string | undefined;
  tail: string | undefined;
  reason: UnmappedReason;
  message: string;
}

/** Decides whether a pair of concepts becomes a candidate (e.g. only type pairs seen in training). */
export type PairFilter = (head: EntityConcept, tail: EntityConcept) => boolean;

/**
 * Entity-type pairs NCBI's BioRED evaluation never scores (it drops their relations before
 * counting, on gold and predictions: `retrive_relation_pairs_dict` in ncbi/BioREx
 * src/utils/run_pubtator_eval.py, lines 620-629); `@biore/re-metrics` scores the same way.
 */
export const UNSCORED_TYPE_PAIRS: readonly (readonly [string, string])[] = [
  ["DiseaseOrPhenotypicFeature", "DiseaseOrPhenotypicFeature"],
  ["GeneOrGeneProduct", "SequenceVariant"],
  ["GeneOrGeneProduct", "OrganismTaxon"],
];

const UNSCORED_KEYS = new Set(UNSCORED_TYPE_PAIRS.map(([a, b]) => typePairKey(a, b)));

/** Whether the official BioRED evaluation scores relations between these entity types. */
export function isScoredTypePair(a: string, b: string): boolean {
  return !UNSCORED_KEYS.has(typePairKey(a, b));
}

/** A filter keeping every pair, unscored type pairs included (pass it as `filter` to get them). */
export const ALL_PAIRS: PairFilter = () => true;

/** Options of {@link candidatePairs}. */
export interface CandidatePairsOptions {
  /**
   * Which pairs become candidates. Default: every pair but those of {@link UNSCORED_TYPE_PAIRS}
   * (no candidates that the official scoring would never count); {@link ALL_PAIRS} keeps them.
   */
  filter?: PairFilter;
  onWarning?: WarningHandler;
}

/** Candidate pairs of one document, plus the accounting of its gold relations. */
export interface DocumentPairs {
  pairs: CandidatePair[];
  /** Concept indices of each pair, aligned with `pairs`. */
  pairIndices: Array<[number, number]>;
  goldRelations: number;
  unmapped: UnmappedRelation[];
  warnings: DatasetWarning[];
}

/** Order-free key of an entity-type pair, e.g. `ChemicalEntity|GeneOrGeneProduct`. */
export function typePairKey(a: string, b: string): string {
  return a <= b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * Every unordered pair of distinct concepts of a document, labelled from its gold relations
 * (`None` otherwise). Every gold relation not mapped to a pair is listed with its reason.
 */
export function candidatePairs(
  document: BioCDocument,
  concepts: readonly EntityConcept[],
  schema: RelationSchema = BIORED_SCHEMA,
  opts: CandidatePairsOptions = {},
): DocumentPairs {
  const documentId = document.id;
  const warnings: DatasetWarning[] = [];
  const warn = (w: DatasetWarning): void => {
    warnings.push(w);
    opts.onWarning?.(w);
  };
  const annotationIds = new Set(allAnnotations(document).map((a) => a.id));
  const resolver = new ArgumentResolver(concepts, schema, annotationIds);
  const gold = new Map<string, { label: string; novel: boolean | null; relationId: string }>();
  const unmapped: UnmappedRelation[] = [];
  const relations = allRelations(document);

  for (const relation of relations) {
    const label = relation.infons[schema.relationTypeKey];
    const [head, tail] = resolver.argumentNames(relation);
    const base = { documentId, relationId: relation.id, label: label ?? "", head, tail };
    const fail = (reason: UnmappedReason, message: string): void => {
      unmapped.push({ ...base, reason, message });
      if (reason === "concept-not-annotated" || reason === "unknown-annotation") {
        warn({ code: "UNKNOWN_CONCEPT", documentId, relationId: relation.id, message });
      } else if (reason === "self-relation") {
        warn({ code: "SELF_RELATION", documentId, relationId: relation.id, message });
      } else if (reason === "duplicate-relation") {
        warn({ code: "DUPLICATE_RELATION", documentId, relationId: relation.id, message });
      }
    };
    if (label === undefined || label === "") {
      fail("missing-type", `relation ${relation.id} has no "${schema.relationTypeKey}" infon`);
      continue;
    }
    const resolved = resolver.resolve(relation);
    if ("reason" in resolved) {
      fail(resolved.reason, `relation ${relation.id} (${label}): ${resolved.message}`);
      continue;
    }
    const [a, b] = resolved.indices;
    if (a === b) {
      fail("self-relation", `relation ${relation.id} (${label}) links ${head} to itself`);
      continue;
    }
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    const previous = gold.get(key);
    if (previous) {
      fail(
        "duplicate-relation",
        `relation ${relation.id} (${label}) repeats the pair of relation ${previous.relationId} (${previous.label})`,
      );
      continue;
    }
    const conceptA = concepts[a]!;
    const conceptB = concepts[b]!;
    if (!opts.filter && !isScoredTypePair(conceptA.type, conceptB.type)) {
      fail(
        "unscored-type-pair",
        `relation ${relation.id} (${label}) joins types ${typePairKey(conceptA.type, conceptB.type)}, which the BioRED evaluation does not score (pass filter ALL_PAIRS to keep it)`,
      );
      continue;
    }
    if (opts.filter && !opts.filter(conceptA, conceptB)) {
      fail(
        "filtered-out",
        `relation ${relation.id} (${label}) joins types ${typePairKey(conceptA.type, conceptB.type)}, excluded by the pair filter`,
      );
      continue;
    }
    gold.set(key, { label, novel: noveltyOf(relation, schema), relationId: relation.id });
  }

  const pairs: CandidatePair[] = [];
  const pairIndices: Array<[number, number]> = [];
  for (let i = 0; i < concepts.length; i++) {
    for (let j = i + 1; j < concepts.length; j++) {
      let h = i;
      let t = j;
      const args = schema.argumentTypes;
      if (args && concepts[i]!.type === args.tail && concepts[j]!.type === args.head) {
        h = j;
        t = i;
      }
      const head = concepts[h]!;
      const tail = concepts[t]!;
      const keep = opts.filter ? opts.filter(head, tail) : isScoredTypePair(head.type, tail.type);
      if (!keep) continue;
      const g = gold.get(`${i},${j}`);
      pairs.push({
        documentId,
        head,
        tail,
        label: g ? g.label : NONE_LABEL,
        novel: g ? g.novel : null,
      });
      pairIndices.push([h, t]);
    }
  }
  return { pairs, pairIndices, goldRelations: relations.length, unmapped, warnings };
}

function noveltyOf(relation: BioCRelation, schema: RelationSchema): boolean | null {
  if (!schema.novelty) return null;
  const value = relation.infons[schema.novelty.key];
  if (value === undefined) return null;
  if (schema.novelty.novel.includes(value)) return true;
  if (schema.novelty.notNovel.includes(value)) return false;
  return null;
}

type Resolution = { indices: [number, number] } | { reason: UnmappedReason; message: string };

/** Finds the concepts a relation's arguments name, by identifier or by annotation id. */
class ArgumentResolver {
  private readonly byIdentifier = new Map<string, number[]>();
  private readonly byAnnotation = new Map<string, number[]>();

  constructor(
    private readonly concepts: readonly EntityConcept[],
    private readonly schema: RelationSchema,
    private readonly annotationIds: ReadonlySet<string>,
  ) {
    concepts.forEach((concept, index) => {
      push(this.byIdentifier, concept.identifier, index);
      for (const mention of concept.mentions) {
        const list = this.byAnnotation.get(mention.annotationId);
        if (!list?.includes(index)) push(this.byAnnotation, mention.annotationId, index);
      }
    });
  }

  argumentNames(relation: BioCRelation): [string | undefined, string | undefined] {
    const args = this.schema.arguments;
    if (args.kind === "infons")
      return [relation.infons[args.headKey], relation.infons[args.tailKey]];
    const [h, t] = this.nodeRefs(relation);
    return [h, t];
  }

  resolve(relation: BioCRelation): Resolution {
    const args = this.schema.arguments;
    const [h, t] = this.argumentNames(relation);
    if (h === undefined || t === undefined || h === "" || t === "") {
      const what = args.kind === "infons" ? `infons ${args.headKey}/${args.tailKey}` : "two nodes";
      return { reason: "missing-argument", message: `needs ${what}` };
    }
    const head = this.resolveOne(h, args.kind, this.schema.argumentTypes?.head);
    if ("reason" in head) return head;
    const tail = this.resolveOne(t, args.kind, this.schema.argumentTypes?.tail);
    if ("reason" in tail) return tail;
    return { indices: [head.index, tail.index] };
  }

  private nodeRefs(relation: BioCRelation): [string | undefined, string | undefined] {
    const args = this.schema.arguments;
    if (args.kind !== "nodes") return [undefined, undefined];
    const byRole = (role: string | undefined, fallback: number) =>
      (role ? relation.nodes.find((n) => n.role === role) : relation.nodes[fallback])?.refid;
    return [byRole(args.headRole, 0), byRole(args.tailRole, 1)];
  }

  private resolveOne(
    name: string,
    kind: "infons" | "nodes",
    expectedType: string | undefined,
  ): { index: number } | { reason: UnmappedReason; message: string } {
    let candidates: number[] | undefined;
    if (kind === "infons") {
      candidates = this.byIdentifier.get(name);
      if (!candidates) {
        return { reason: "concept-not-annotated", message: `no annotation has identifier ${name}` };
      }
    } else {
      candidates = this.byAnnotation.get(name);
      if (!candidates) {
        return {
          reason: this.annotationKnown(name) ? "annotation-without-concept" : "unknown-annotation",
          message: `node refid ${name} names no annotation with a concept`,
        };
      }
    }
    if (candidates.length > 1 && expectedType) {
      candidates = candidates.filter((i) => this.concepts[i]!.type === expectedType);
    }
    if (candidates.length !== 1) {
      return {
        reason: "ambiguous-identifier",
        message: `${name} names ${candidates.length} concepts (${candidates.map((i) => this.concepts[i]!.key).join(", ")})`,
      };
    }
    return { index: candidates[0]! };
  }

  private annotationKnown(id: string): boolean {
    return this.annotationIds.has(id);
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
