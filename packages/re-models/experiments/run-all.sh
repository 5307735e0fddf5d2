#!/usr/bin/env bash
# Baseline and HNM over seeds 1-3 on BioRED, every run in parallel (the machine is
# shared; each run is single-threaded). Results: experiments/results/<objective>-s<seed>.json
# and .log. Then: npx tsx experiments/summarize.ts
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p experiments/results
for seed in ${SEEDS:-1 2 3}; do
  for objective in ${OBJECTIVES:-baseline hnm}; do
    OBJECTIVE=$objective SEED=$seed npx tsx experiments/biored.ts \
      > "experiments/results/$objective-s$seed.log" 2>&1 &
  done
done
wait
