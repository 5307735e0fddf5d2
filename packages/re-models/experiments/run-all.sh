#!/usr/bin/env bash
# Baseline and HNM over seeds 1-3 on BioRED, every run in parallel (the machine is
# shared; each run is single-threaded). Results: experiments/results/<objective>-s<seed>.json
# and .log (or RESULTS_DIR). Then: npx tsx experiments/summarize.ts
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS_DIR=${RESULTS_DIR:-experiments/results}
export RESULTS_DIR
mkdir -p "$RESULTS_DIR"
for seed in ${SEEDS:-1 2 3}; do
  for objective in ${OBJECTIVES:-baseline hnm}; do
    OBJECTIVE=$objective SEED=$seed npx tsx experiments/biored.ts \
      > "$RESULTS_DIR/$objective-s$seed.log" 2>&1 &
  done
done
wait
