import * as tfl from "@tensorflow/tfjs-layers";

/**
 * tfjs-core's gradient functions are registered by tfjs-layers when it loads
 * (tfjs-core alone registers none). Training calls this so the import is
 * kept; it registers nothing else, and no backend.
 */
export function ensureGradientsRegistered(): string {
  return tfl.version_layers;
}
