import "@tensorflow/tfjs-backend-cpu";
// tfjs-core alone has no gradients; @tensorflow/tfjs and tfjs-node register them, tests do it here.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
// The gradient of gather with batchDims=1 calls the chained `x.split`.
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";
import * as tf from "@tensorflow/tfjs-core";

// Tests run on the pure-JS cpu backend; library code never picks a backend.
await tf.setBackend("cpu");
