// The sandboxed processor BullMQ runs in a worker thread (built to dist/queue-processor.js):
// tfjs's synchronous compute runs here, so the worker's main thread keeps renewing job locks.
import type { SandboxedJob } from "bullmq";
import type { PredictJobData, PredictJobResult } from "./jobs.js";
import { processPredictJob } from "./process-job.js";

export default async function predictProcessor(
  job: SandboxedJob<PredictJobData, PredictJobResult>,
): Promise<PredictJobResult> {
  return processPredictJob(job.data, (documents) => {
    void job.updateProgress(documents);
  });
}
