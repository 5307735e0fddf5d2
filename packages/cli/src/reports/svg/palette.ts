/** Colour-blind-friendly categorical colours (Okabe–Ito, then Tableau extras). */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
  "#8C564B",
  "#7F7F7F",
];

/** The colour of the i-th category, cycling through the palette. */
export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Colours of the two models in every chart. */
export const MODEL_COLORS: Record<string, string> = { baseline: "#0072B2", hnm: "#D55E00" };
