export { f1FromPrecisionRecall } from "./f1.js";
