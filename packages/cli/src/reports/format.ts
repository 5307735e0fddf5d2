import type { Interval } from "./types.js";

/** `0.612 [0.571, 0.650]` */
export function formatInterval(i: Interval, digits = 3): string {
  return `${i.estimate.toFixed(digits)} [${i.low.toFixed(digits)}, ${i.high.toFixed(digits)}]`;
}

/** `+0.021` / `-0.004` */
export function formatSigned(x: number, digits = 3): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
}

/** A p-value, with `<0.001` for tiny ones. */
export function formatP(p: number): string {
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

/** Pads columns of a plain-text table so they line up. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ];
}

/** Three decimals, or `n/a` for a score that could not be computed (NaN). */
export function fixed3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : "n/a";
}
