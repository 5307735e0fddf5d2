#!/usr/bin/env bash
# Baseline and HNM over seeds 1-3 on BioRED, every run in parallel (each run is
# single-threaded). Results: experiments/results/<objective>-s<seed>.json and .log
# (or RESULTS_DIR). Then: npx tsx experiments/summarize.ts
# SEEDS / OBJECTIVES pick the runs; every variable of experiments/settings.ts
# (EPOCHS, PATIENCE, INIT, PAIR_CONTEXT, BETWEEN_CONTEXT, HNM_*) passes through.
# Runs with INIT=pretrained (the default) need experiments/pretraining-vectors.ts first.
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
