// One small horizontal bar chart as inline SVG, drawn on the server (no script, no library, prints). Each
// bar is split covered / review, labelled with its numbers as text: the chart never holds a figure the
// page does not also say in words.
import { type Html, html } from '../pack/html';

export interface Bar {
  label: string;
  covered: number;
  review: number;
}

const ROW = 22;
const LABEL_W = 90;
const BAR_W = 200;

export function barChart(title: string, bars: Bar[]): Html {
  const max = Math.max(1, ...bars.map((b) => b.covered + b.review));
  const height = bars.length * ROW + 4;
  // Room right of the longest bar for its "N covered, N review" label.
  const width = LABEL_W + BAR_W + 150;
  const scale = (n: number) => (n / max) * BAR_W;
  return html`<figure>
<svg role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">
<title id="chart-title">${title}</title>
${bars.map((b, i) => {
  const y = i * ROW + 2;
  const c = scale(b.covered);
  const r = scale(b.review);
  return html`<g>
<text x="${LABEL_W - 6}" y="${y + 15}" text-anchor="end">${b.label}</text>
<rect x="${LABEL_W}" y="${y + 3}" width="${c.toFixed(1)}" height="${ROW - 8}" fill="#a00000"></rect>
<rect x="${(LABEL_W + c).toFixed(1)}" y="${y + 3}" width="${r.toFixed(1)}" height="${ROW - 8}" fill="#d9a441"></rect>
<text x="${(LABEL_W + c + r + 6).toFixed(1)}" y="${y + 15}">${b.covered} covered${b.review ? `, ${b.review} review` : ''}</text>
</g>`;
})}
</svg>
<figcaption class="muted">${title}: dark red covered, amber review.</figcaption>
</figure>`;
}
