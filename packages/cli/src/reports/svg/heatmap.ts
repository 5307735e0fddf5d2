import { svgOpen } from "./axes.js";
import { escapeXml, n } from "./escape.js";

/** A confusion matrix as a heat map (rows gold, columns predicted; colour = row share). */
export function confusionHeatmap(options: {
  title: string;
  labels: string[];
  matrix: number[][];
  color: string;
}): string {
  const k = options.labels.length;
  const cell = Math.max(22, Math.min(44, Math.floor(360 / Math.max(1, k))));
  const left = 150;
  const top = 40;
  const width = left + k * cell + 110;
  const height = top + k * cell + 130;
  const f = { width, height, left, right: width - 20, top, bottom: top + k * cell };
  const parts: string[] = [svgOpen(f, options.title)];
  options.matrix.forEach((row, r) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    row.forEach((count, c) => {
      const share = rowTotal > 0 ? count / rowTotal : 0;
      const x = left + c * cell;
      const y = top + r * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${options.color}" fill-opacity="${n(0.06 + 0.94 * share)}" stroke="#fff"><title>${escapeXml(`gold ${options.labels[r]} → predicted ${options.labels[c]}: ${count}`)}</title></rect>`,
      );
      if (count > 0) {
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" class="cell${share > 0.5 ? " on-dark" : ""}">${count}</text>`,
        );
      }
    });
    parts.push(
      `<text x="${left - 6}" y="${top + r * cell + cell / 2 + 4}" text-anchor="end" class="tick">${escapeXml(options.labels[r] ?? "")}</text>`,
    );
  });
  options.labels.forEach((label, c) => {
    parts.push(
      `<text transform="translate(${left + c * cell + cell / 2 - 3} ${top + k * cell + 8}) rotate(60)" class="tick">${escapeXml(label)}</text>`,
    );
  });
  parts.push(
    `<text transform="translate(12 ${top + (k * cell) / 2}) rotate(-90)" text-anchor="middle" class="axis-label">gold</text>`,
    `<text x="${left + (k * cell) / 2}" y="${height - 6}" text-anchor="middle" class="axis-label">predicted</text>`,
    "</svg>",
  );
  return parts.join("");
}
