import type { ReadContext } from "../context.js";
import type { BioCDocument } from "../model.js";
import { BioCValidationError, documentViolations } from "../validate.js";
import type { BioCWarningCode } from "../warnings.js";

/** Rule violations lenient reading reports as warnings (an empty id is lenient by design: BioRED omits them). */
const WARNED = new Set<string>(["DUPLICATE_ID", "DANGLING_REFERENCE", "TEXT_MISMATCH"]);

/**
 * After a read: strict mode throws one BioCValidationError listing every rule
 * violation (ids, node references, text at offsets, concept references);
 * lenient mode counts them as warnings. `first` is the index of
 * `documents[0]` in its collection (streaming checks one at a time);
 * `idsUnique`: the reader has already refused repeated document ids;
 * `only` (with `idsUnique`): the indices, ascending, of the documents to
 * check, the others being proven to break no rule (json/fast-fill.ts).
 */
export function checkContent(
  documents: readonly BioCDocument[],
  ctx: ReadContext,
  first = 0,
  idsUnique = false,
  only?: readonly number[],
): void {
  if (only !== undefined && only.length === 0) return;
  const violations = documentViolations(documents, first, idsUnique, only);
  if (violations.length === 0) return;
  if (ctx.strict) throw new BioCValidationError(violations, { file: ctx.file });
  for (const v of violations)
    if (WARNED.has(v.code))
      ctx.warnings.add(v.code as BioCWarningCode, v.message, {
        file: ctx.file,
        jsonPath: v.jsonPath,
        ...(v.documentId !== undefined ? { documentId: v.documentId } : {}),
      });
}
