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
 * `idsUnique`: the reader has already refused repeated document ids.
 */
export function checkContent(
  documents: readonly BioCDocument[],
  ctx: ReadContext,
  first = 0,
  idsUnique = false,
): void {
  const violations = documentViolations(documents, first, idsUnique);
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
