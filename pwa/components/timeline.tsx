// The timeline strip: a voucher's dates on one line (obtained, booked, taken, the wait,
// the retake window, the deadline, today), so the situation is seen at a glance.
import type { JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { daysBetween, formatDate, type IsoDate } from '../../shared/dates.ts';
import type { StatusResult } from '../../shared/engine/evaluate.ts';
import { byCodePoint } from '../compare.ts';

interface Marker {
  date: IsoDate;
  label: string;
  kind: 'event' | 'deadline';
}

interface Band {
  from: IsoDate;
  to: IsoDate;
  label: string;
  kind: 'offer' | 'wait' | 'window';
}

/** Drawn at the width it is shown, so its text stays readable on a phone. */
const DEFAULT_WIDTH = 640;
const MIN_WIDTH = 280;
// Every strip has the same width: the last one measured is the best first guess for the next.
let lastWidth = DEFAULT_WIDTH;
const PAD = 16;
/** The strip's text size as styled (.timeline in styles.css); its geometry below is for it. */
const DESIGN_FONT_PX = 11;
const AXIS_Y = 40;
const ROW_HEIGHT = 15;
/**
 * Widths the labels are placed by, per character, a little over the widest the strip's
 * fonts draw (11 px, bold for names): an estimate that errs wide only ever adds a row.
 */
const CHAR_WIDTH = 7.2;
/** Room kept between two labels on one row. */
const LABEL_GAP = 6;
/**
 * How much larger than designed the device draws the strip's text (a minimum font size, a
 * larger text setting): read once, from the first strip drawn, and every strip makes room by it.
 */
let textScale: number | undefined;

function drawnTextScale(strip: Element | null): number {
  const text = strip?.querySelector('text');
  const size = text ? Number.parseFloat(getComputedStyle(text).fontSize) : Number.NaN;
  return Number.isFinite(size) && size > DESIGN_FONT_PX ? size / DESIGN_FONT_PX : 1;
}

export function timelineParts(status: StatusResult): { markers: Marker[]; bands: Band[] } {
  const { dates } = status;
  const deadline = status.deadline ?? dates.retakeBy;
  const markers: Marker[] = [{ date: dates.obtainedOn, label: 'Obtained', kind: 'event' }];
  if (dates.firstBookedOn) markers.push({ date: dates.firstBookedOn, label: 'Booked', kind: 'event' });
  if (dates.lastFailureOn && dates.lastFailureOn !== dates.examOn) markers.push({ date: dates.lastFailureOn, label: 'Failed', kind: 'event' });
  if (dates.examOn) markers.push({ date: dates.examOn, label: status.status === 'booked' ? 'Exam' : 'Taken', kind: 'event' });
  if (dates.retakeOpensOn) markers.push({ date: dates.retakeOpensOn, label: 'Retake opens', kind: 'event' });
  if (deadline) markers.push({ date: deadline, label: 'Deadline', kind: 'deadline' });
  const bands: Band[] = [];
  if (dates.offerOpens && dates.firstAttemptBy && !dates.firstBookedOn) bands.push({ from: dates.offerOpens, to: dates.firstAttemptBy, label: 'first booking window', kind: 'offer' });
  if (dates.lastFailureOn && dates.retakeOpensOn) bands.push({ from: dates.lastFailureOn, to: dates.retakeOpensOn, label: 'wait', kind: 'wait' });
  if (status.status === 'retake-available' || status.status === 'retake-waiting') {
    bands.push({ from: dates.retakeOpensOn ?? dates.lastFailureOn ?? dates.obtainedOn, to: deadline, label: 'retake window', kind: 'window' });
  }
  return { markers, bands };
}

export function Timeline({ status, today }: { status: StatusResult; today: IsoDate }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(lastWidth);
  const [scale, setScale] = useState(textScale ?? 1);
  useLayoutEffect(() => {
    textScale ??= drawnTextScale(box.current);
    setScale(textScale);
  }, []);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry || entry.contentRect.width === 0) return;
      lastWidth = Math.max(MIN_WIDTH, Math.round(entry.contentRect.width));
      setWidth(lastWidth);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div class="timeline-box" ref={box}>
      <Strip status={status} today={today} width={width} scale={scale} />
    </div>
  );
}

function Strip({ status, today, width, scale }: { status: StatusResult; today: IsoDate; width: number; scale: number }): JSX.Element {
  const { markers, bands } = timelineParts(status);
  const dates = [...markers.map((m) => m.date), ...bands.flatMap((b) => [b.from, b.to])].sort();
  const first = dates[0] ?? today;
  const last = dates[dates.length - 1] ?? today;
  const todayInside = today >= first && today <= last;
  const x = positions(todayInside ? [...dates, today] : dates, width);
  const placed = placeLabels(markers.sort((a, b) => byCodePoint(a.date, b.date)).map((marker) => ({ ...marker, at: x(marker.date) })), width, scale);
  const rows = placed.reduce((most, m) => Math.max(most, m.row + 1), 0);
  // Vertical room in proportion to the text as drawn; the dates' positions stay as they are.
  const axisY = AXIS_Y * scale;
  const row = ROW_HEIGHT * scale;
  const height = axisY + 14 * scale + rows * 2 * row;
  const todayText = `Today ${formatDate(today)}`;
  const description = [
    ...placed.map((m) => `${m.label} ${formatDate(m.date)}`),
    ...bands.map((b) => `${b.label} ${formatDate(b.from)} to ${formatDate(b.to)}`),
    todayInside ? todayText : today > last ? `${todayText}, after all of these` : `${todayText}, before all of these`,
  ].join('; ');
  return (
    <svg class="timeline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Timeline: ${description}`}>
      <line class="axis" x1={PAD} x2={width - PAD} y1={axisY} y2={axisY} />
      {bands.map((band) => (
        <g key={band.kind} class={`band band-${band.kind}`}>
          <rect x={x(band.from)} y={axisY - 8 * scale} width={Math.max(3, x(band.to) - x(band.from))} height={16 * scale} rx={3} />
          {x(band.to) - x(band.from) >= (band.label.length * 6 + 8) * scale && (
            <text x={(x(band.from) + x(band.to)) / 2} y={axisY + 4 * scale} text-anchor="middle">{band.label}</text>
          )}
        </g>
      ))}
      {placed.map((m) => (
        <g key={m.label} class={`marker marker-${m.kind}`}>
          <circle cx={m.at} cy={axisY} r={5} />
          <line x1={m.at} x2={m.at} y1={axisY + 5} y2={axisY + 8 + m.row * 2 * row} />
          <text x={m.at} y={axisY + 20 * scale + m.row * 2 * row} text-anchor={m.anchor}>{m.label}</text>
          <text class="date" x={m.at} y={axisY + 20 * scale + row - 2 * scale + m.row * 2 * row} text-anchor={m.anchor}>{formatDate(m.date)}</text>
        </g>
      ))}
      {todayInside ? (
        <g class="today">
          <line x1={x(today)} x2={x(today)} y1={4} y2={axisY + 9} />
          <text x={x(today)} y={11 * scale} text-anchor={anchor(x(today), width, scale)}>Today</text>
        </g>
      ) : (
        <g class="today today-outside">
          <text x={today > last ? width - PAD : PAD} y={11 * scale} text-anchor={today > last ? 'end' : 'start'}>
            {today > last ? `${todayText} →` : `← ${todayText}`}
          </text>
        </g>
      )}
    </svg>
  );
}

/**
 * Positions dates along the strip. Gaps grow with the square root of their length, so a
 * one-day wait stays visible next to a seven-month window; the labels carry the real dates.
 */
function positions(dates: readonly IsoDate[], width: number): (date: IsoDate) => number {
  const points = [...new Set(dates)].sort();
  const weights = points.slice(1).map((date, i) => Math.max(1, Math.sqrt(daysBetween(points[i] ?? date, date))));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const at = new Map<IsoDate, number>();
  let run = 0;
  points.forEach((date, i) => {
    if (i > 0) run += weights[i - 1] ?? 0;
    at.set(date, PAD + ((width - 2 * PAD) * run) / total);
  });
  return (date) => at.get(date) ?? PAD;
}

type Anchor = 'start' | 'middle' | 'end';

/** Text of this width anchored at `at`: centred on its marker unless that would leave the strip. */
function anchorWithin(at: number, textWidth: number, width: number): Anchor {
  if (at - textWidth / 2 < 0) return 'start';
  if (at + textWidth / 2 > width) return 'end';
  return 'middle';
}

function anchor(at: number, width: number, scale: number): Anchor {
  return anchorWithin(at, 2 * (PAD + 30) * scale, width);
}

/**
 * Puts each marker's label (its name over its date) on the first row where it overlaps no
 * label already there, by the extent the text takes: however close the dates, no two overlap.
 */
export function placeLabels<T extends Marker & { at: number }>(markers: readonly T[], width: number, scale = 1): (T & { row: number; anchor: Anchor })[] {
  const rows: { left: number; right: number }[][] = [];
  return markers.map((marker) => {
    const textWidth = Math.max(marker.label.length, formatDate(marker.date).length) * CHAR_WIDTH * scale;
    const side = anchorWithin(marker.at, textWidth, width);
    const left = side === 'start' ? marker.at : side === 'end' ? marker.at - textWidth : marker.at - textWidth / 2;
    const extent = { left, right: left + textWidth };
    let row = rows.findIndex((taken) => taken.every((other) => extent.left >= other.right + LABEL_GAP || extent.right + LABEL_GAP <= other.left));
    if (row === -1) row = rows.push([]) - 1;
    rows[row]?.push(extent);
    return { ...marker, row, anchor: side };
  });
}
