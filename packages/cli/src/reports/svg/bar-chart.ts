import { axes, frame, legend, linearScale, svgOpen } from "./axes.js";
import { escapeXml, n } from "./escape.js";

/** One group of bars (e.g. one model) across all categories. */
export interface BarGroup {
  name: string;
  color: string;
  values: number[];
  /** Optional [low, high] per category, drawn as a whisker over the bar (e.g. min–max over seeds). */
  ranges?: ([number, number] | undefined)[];
}

/** A vertical line from y1 to y2 with short caps, centred on x. */
function whisker(x: number, y1: number, y2: number, cap: number): string {
  const d = `M${n(x)} ${n(y1)}V${n(y2)}M${n(x - cap)} ${n(y1)}h${n(2 * cap)}M${n(x - cap)} ${n(y2)}h${n(2 * cap)}`;
  return `<path class="whisker" d="${d}" stroke="#222" stroke-width="1" fill="none"/>`;
}

/** Grouped vertical bars (e.g. F1 per relation type, one bar per model) as an SVG string. */
export function groupedBarChart(options: {
  title: string;
  yLabel: string;
  categories: string[];
  groups: BarGroup[];
  yMax?: number;
  width?: number;
  height?: number;
}): string {
  const f = frame(options.width ?? 720, options.height ?? 320, 52, 92);
  const yMax = options.yMax ?? Math.max(1e-9, ...options.groups.flatMap((g) => g.values));
  const y = linearScale(0, yMax, f.bottom, f.top);
  const x = linearScale(0, 1, f.left, f.right);
  x.ticks = [];
  const slot = (f.right - f.left) / Math.max(1, options.categories.length);
  const barWidth = (slot * 0.8) / Math.max(1, options.groups.length);
  const bars: string[] = [];
  options.categories.forEach((category, c) => {
    options.groups.forEach((g, k) => {
      const value = g.values[c] ?? 0;
      const bx = f.left + c * slot + slot * 0.1 + k * barWidth;
      // A zero bar still gets a 1px sliver so the chart shows it was measured.
      const height = Math.max(1, f.bottom - y(value));
      const range = g.ranges?.[c];
      const span = range ? ` (${range[0].toFixed(3)}–${range[1].toFixed(3)})` : "";
      bars.push(
        `<rect x="${n(bx)}" y="${n(f.bottom - height)}" width="${n(barWidth)}" height="${n(height)}" fill="${g.color}"><title>${escapeXml(`${g.name} ${category}: ${value.toFixed(3)}${span}`)}</title></rect>`,
      );
      if (range) bars.push(whisker(bx + barWidth / 2, y(range[0]), y(range[1]), barWidth / 4));
    });
    const cx = f.left + c * slot + slot / 2;
    bars.push(
      `<text transform="translate(${n(cx)} ${f.bottom + 10}) rotate(35)" class="tick">${escapeXml(category)}</text>`,
    );
  });
  return `${svgOpen(f, options.title)}${axes(f, x, y, "", options.yLabel)}${bars.join("")}${legend(f, options.groups)}</svg>`;
}
