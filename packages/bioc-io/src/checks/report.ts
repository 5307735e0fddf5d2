import type { ReadContext } from "../context.js";
import type { BioCDocument } from "../model.js";
import { BioCValidationError, validateDocuments } from "../validate.js";
import type { BioCWarningCode } from "../warnings.js";
import { contentViolations } from "./content.js";

/**
 * After a read: strict mode throws one BioCValidationError listing every rule
 * violation (ids, node references, text at offsets, concept references);
 * lenient mode counts the content problems as warnings. `first` is the index
 * of `documents[0]` in its collection (streaming checks one at a time).
 */
export function checkContent(
  documents: readonly BioCDocument[],
  ctx: ReadContext,
  first = 0,
): void {
  if (ctx.strict) {
    const violations = validateDocuments(documents, first);
    if (violations.length > 0) throw new BioCValidationError(violations, { file: ctx.file });
    return;
  }
  for (let i = 0; i < documents.length; i++)
    for (const v of contentViolations(documents[i] as BioCDocument, first + i))
      ctx.warnings.add(v.code as BioCWarningCode, v.message, {
        file: ctx.file,
        jsonPath: v.jsonPath,
        ...(v.documentId !== undefined ? { documentId: v.documentId } : {}),
      });
}
