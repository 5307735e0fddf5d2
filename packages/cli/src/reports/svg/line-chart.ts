import { axes, frame, legend, linearScale, svgOpen } from "./axes.js";
import { n } from "./escape.js";

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  color: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

/** A line chart (e.g. loss or validation F1 per epoch) as a standalone SVG string. */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  width?: number;
  height?: number;
}): string {
  const f = frame(options.width ?? 500, options.height ?? 280);
  const all = options.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x = linearScale(Math.min(...xs, 0), Math.max(...xs, 1), f.left, f.right);
  const y = linearScale(Math.min(...ys, 0), Math.max(...ys, 1e-9), f.bottom, f.top);
  const lines = options.series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points.map((p, i) => `${i ? "L" : "M"}${n(x(p[0]))},${n(y(p[1]))}`).join("");
      const dots = s.points
        .map((p) => `<circle cx="${n(x(p[0]))}" cy="${n(y(p[1]))}" r="3" fill="${s.color}"/>`)
        .join("");
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>${dots}`;
    })
    .join("");
  return `${svgOpen(f, options.title)}${axes(f, x, y, options.xLabel, options.yLabel)}${lines}${legend(f, options.series)}</svg>`;
}
