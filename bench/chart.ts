// bench/performance.svg, the README's chart, drawn from bench/results.json: engine time per
// question against rules per file, and dashboard time against vouchers. npm run bench redraws
// it after every run; `npx tsx bench/chart.ts` redraws it from the results as they are.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../cli/rules-on-disk.ts';
import type { BenchResult } from './run.ts';

export const CHART = join(ROOT, 'bench', 'performance.svg');

interface Series {
  title: string;
  xLabel: string;
  yLabel: string;
  points: [number, number][];
  budget?: { x: number; y: number; label: string };
}

const WIDTH = 360;
const HEIGHT = 240;
const MARGIN = { left: 56, right: 16, top: 36, bottom: 44 };

/** Round steps for an axis up to `max`: 1, 2 or 5 times a power of ten. */
function ticks(max: number): number[] {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function panel(series: Series, offsetX: number): string {
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xMax = Math.max(...series.points.map(([x]) => x), 1);
  const yMax = Math.max(...series.points.map(([, y]) => y), series.budget?.y ?? 0, 1) * 1.1;
  const px = (x: number): number => MARGIN.left + (x / xMax) * innerW;
  const py = (y: number): number => MARGIN.top + innerH - (y / yMax) * innerH;
  const parts: string[] = [`<g transform="translate(${offsetX},0)">`, `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${escape(series.title)}</text>`];
  for (const t of ticks(yMax)) parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/><text x="${MARGIN.left - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
  for (const [x] of series.points) parts.push(`<text x="${px(x)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${x}</text>`);
  parts.push(`<text x="${MARGIN.left + innerW / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escape(series.xLabel)}</text>`);
  parts.push(`<text transform="translate(14,${MARGIN.top + innerH / 2}) rotate(-90)" text-anchor="middle">${escape(series.yLabel)}</text>`);
  if (series.budget) {
    const { x, y, label } = series.budget;
    parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="4" fill="none" stroke="#b3261e"/><text x="${px(x) + 7}" y="${py(y) - 6}" fill="#b3261e">${escape(label)}</text>`);
  }
  if (series.points.length > 0) {
    parts.push(`<polyline fill="none" stroke="#1f4e79" stroke-width="2" points="${series.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of series.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="#1f4e79"><title>${x}: ${y}</title></circle>`);
  } else {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">not measured yet</text>`);
  }
  parts.push('</g>');
  return parts.join('\n');
}

/** The points named `prefix<N><suffix>`, as [N, value], in order of N. */
function pointsOf(results: readonly BenchResult[], pattern: RegExp): [number, number][] {
  return results
    .flatMap((r): [number, number][] => {
      const n = pattern.exec(r.name)?.[1];
      return n === undefined ? [] : [[Number(n), r.value]];
    })
    .sort((a, b) => a[0] - b[0]);
}

export function chartSvg(results: readonly BenchResult[]): string {
  const dashboard = pointsOf(results, /^pwa\.dashboard-all-statuses\.(\d+)-vouchers$/);
  const at200 = results.find((r) => r.name === 'pwa.dashboard-all-statuses');
  if (at200) dashboard.push([200, at200.value]);
  dashboard.sort((a, b) => a[0] - b[0]);
  const engine: Series = { title: 'Engine: time per question', xLabel: 'rules in the offer file', yLabel: 'µs (median)', points: pointsOf(results, /^core\.evaluate-voucher\.rules-per-file-(\d+)$/) };
  const cards: Series = { title: 'Dashboard: every status drawn', xLabel: 'vouchers (5 attempts each)', yLabel: 'ms (median)', points: dashboard };
  if (at200?.budget != null) cards.budget = { x: 200, y: at200.budget, label: `budget ${at200.budget} ms` };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * 2}" height="${HEIGHT}" viewBox="0 0 ${WIDTH * 2} ${HEIGHT}" font-family="sans-serif" font-size="11" role="img" aria-label="Engine time against rules per file, and dashboard time against vouchers">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(engine, 0),
    panel(cards, WIDTH),
    '</svg>',
    '',
  ].join('\n');
}

export function writeChart(): void {
  const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as BenchResult[];
  writeFileSync(CHART, chartSvg(results));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) writeChart();
