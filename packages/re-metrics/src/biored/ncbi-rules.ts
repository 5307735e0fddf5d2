/**
 * The counting rules of NCBI's BioRED evaluation, `eval()` in `src/utils/run_pubtator_eval.py`
 * of github.com/ncbi/BioREx (commit 1f199d8c359eaceb5469538f4daa24aac44c4eae; line numbers
 * below refer to that file), as called with its defaults for the four track levels.
 */

/**
 * Entity-type pairs NCBI's `retrive_relation_pairs_dict` drops before counting (lines
 * 620-629), on gold and predictions alike: a predicted relation of such a pair is no false
 * positive and a gold one no false negative. Order within a pair does not matter.
 */
export const NCBI_EXCLUDED_TYPE_PAIRS: readonly (readonly [string, string])[] = [
  ["DiseaseOrPhenotypicFeature", "DiseaseOrPhenotypicFeature"],
  ["GeneOrGeneProduct", "SequenceVariant"],
  ["GeneOrGeneProduct", "OrganismTaxon"],
];

/** Whether NCBI's evaluation counts relations between these two entity types. */
export function isNcbiScoredTypePair(type1: string, type2: string): boolean {
  return !NCBI_EXCLUDED_TYPE_PAIRS.some(
    ([a, b]) => (a === type1 && b === type2) || (a === type2 && b === type1),
  );
}

/** `eval`'s default `re_id_spliter_str` (line 681): one pair per listed identifier. */
const IDENTIFIER_SEPARATOR = ",";

/**
 * A BioREx `gene@variant` identifier stands for its part after the first `@` (lines 589-592,
 * 646-647); other identifiers are unchanged.
 */
function afterAt(identifier: string): string {
  return identifier.includes("@") ? identifier.split("@")[1]! : identifier;
}

/** The identifiers a relation argument names: split on `,`, then each `@`-rewritten (589-592). */
export function relationIdentifiers(entity: string): string[] {
  return entity.split(IDENTIFIER_SEPARATOR).map(afterAt);
}

/**
 * The identifiers an annotation gives its entity type to: `@`-rewritten first, then split
 * on `,` (lines 642-664, the reverse order of relation arguments).
 */
export function annotationIdentifiers(identifier: string): string[] {
  return afterAt(identifier).split(IDENTIFIER_SEPARATOR);
}

/**
 * Orders a pair as NCBI does (lines 636-639): `(id1, id2)` when `id2 > id1`, else swapped,
 * comparing strings (code units; Python compares code points, which differs only for
 * identifiers mixing astral and high-BMP characters).
 */
export function ncbiPairOrder(id1: string, id2: string): boolean {
  return id2 > id1;
}
