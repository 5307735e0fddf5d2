import { axes, frame, legend, linearScale, svgOpen } from "./axes.js";
import { escapeXml, n } from "./escape.js";
import { colorAt } from "./palette.js";

/** A scatter plot of labelled 2-D points, one colour per label, as an SVG string. */
export function scatterPlot(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number; label: string }[];
  /** Label order fixing each label's colour, so two plots share colours. */
  labels: string[];
  width?: number;
  height?: number;
}): string {
  const f = frame(options.width ?? 500, options.height ?? 360);
  const xs = options.points.map((p) => p.x);
  const ys = options.points.map((p) => p.y);
  const x = linearScale(Math.min(...xs, 0), Math.max(...xs, 0), f.left, f.right);
  const y = linearScale(Math.min(...ys, 0), Math.max(...ys, 0), f.bottom, f.top);
  const colorOf = new Map(options.labels.map((label, i) => [label, colorAt(i)]));
  const dots = options.points
    .map(
      (p) =>
        `<circle cx="${n(x(p.x))}" cy="${n(y(p.y))}" r="3.5" fill="${colorOf.get(p.label) ?? "#999"}" fill-opacity="0.75"><title>${escapeXml(p.label)}</title></circle>`,
    )
    .join("");
  const present = options.labels.filter((l) => options.points.some((p) => p.label === l));
  return `${svgOpen(f, options.title)}${axes(f, x, y, options.xLabel, options.yLabel)}${dots}${legend(
    f,
    present.map((name) => ({ name, color: colorOf.get(name)! })),
  )}</svg>`;
}
