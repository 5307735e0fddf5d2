/** Vitest global setup: points TMPDIR at a fresh directory and removes it after the run. */
export default function setup(): () => void;
