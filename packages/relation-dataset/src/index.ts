export { NONE_LABEL } from "./constants.js";
export { LabelSpace } from "./label-space.js";
export type {
  CandidatePair,
  EncodedBatch,
  EncodedDocument,
  EntityConcept,
  Mention,
} from "./types.js";
