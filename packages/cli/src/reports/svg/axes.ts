import { escapeXml, n } from "./escape.js";

/** A linear map from a data range to pixels. */
export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** "Nice" tick values covering [min, max]. */
function niceTicks(min: number, max: number, count: number): number[] {
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Math.round(t / step) * step);
  }
  return ticks;
}

/** Maps [min, max] linearly onto [from, to] (pixels), with ticks. */
export function linearScale(
  min: number,
  max: number,
  from: number,
  to: number,
  tickCount = 5,
): Scale {
  const hi = max > min ? max : min + 1;
  const scale = ((v: number) => from + ((v - min) / (hi - min)) * (to - from)) as Scale;
  scale.ticks = niceTicks(min, hi, tickCount);
  return scale;
}

/** The plot box inside an SVG of the given size. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A frame with room for axis labels, a title and a legend column on the right. */
export function frame(
  width: number,
  height: number,
  left = 52,
  bottom = 42,
  legendWidth = 150,
): Frame {
  return { width, height, left, right: width - legendWidth, top: 30, bottom: height - bottom };
}

/** Opening tag of a chart's SVG, with a title for screen readers. */
export function svgOpen(f: Frame, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title><text x="${f.width / 2}" y="18" text-anchor="middle" class="chart-title">${escapeXml(title)}</text>`;
}

/** X and Y axes with ticks, grid lines and labels. */
export function axes(f: Frame, x: Scale, y: Scale, xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  for (const t of y.ticks) {
    parts.push(
      `<line class="grid" x1="${f.left}" x2="${f.right}" y1="${n(y(t))}" y2="${n(y(t))}"/>`,
      `<text x="${f.left - 6}" y="${n(y(t) + 4)}" text-anchor="end" class="tick">${n(t)}</text>`,
    );
  }
  for (const t of x.ticks) {
    parts.push(
      `<text x="${n(x(t))}" y="${f.bottom + 16}" text-anchor="middle" class="tick">${n(t)}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${f.left}" x2="${f.right}" y1="${f.bottom}" y2="${f.bottom}"/>`,
    `<line class="axis" x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.bottom}"/>`,
    `<text x="${(f.left + f.right) / 2}" y="${f.height - 6}" text-anchor="middle" class="axis-label">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(14 ${(f.top + f.bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${escapeXml(yLabel)}</text>`,
  );
  return parts.join("");
}

/** A column of coloured swatches with names, right of the plot. */
export function legend(f: Frame, entries: { name: string; color: string }[]): string {
  return entries
    .map((e, i) => {
      const y = f.top + 4 + i * 16;
      const x = f.right + 12;
      return `<rect x="${x}" y="${y}" width="10" height="10" fill="${e.color}"/><text x="${x + 14}" y="${y + 9}" class="legend">${escapeXml(e.name)}</text>`;
    })
    .join("");
}
