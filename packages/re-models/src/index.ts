export { modelShape } from "./config.js";
export type { ModelShape, ModelSize } from "./config.js";
