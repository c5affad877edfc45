// Subpath imports: the package root loads every date-fns module at startup.
import { addMinutes } from 'date-fns/addMinutes';
import { parseISO } from 'date-fns/parseISO';

/**
 * What a school says its timings mean ("immediately" = PT1H, "promptly" = 1 working day), and
 * the due time they give an outcome from the moment an incident was reported. A policy that
 * defines none gets no due times: nothing is invented.
 */

/** A span the school defines: minutes on the clock, calendar days, or working days. */
export type Span = { unit: 'minutes'; count: number } | { unit: 'days'; count: number } | { unit: 'working-days'; count: number };

const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;
const WORKING = /^(\d+) working days?$/;
const DAYS = /^(\d+) days?$/;

/**
 * Reads a span: an ISO 8601 duration of days, hours and minutes ("PT1H", "PT2H30M", "P1D"), or
 * "N working day(s)" / "N day(s)". Undefined when the text is none of these (the manifest check
 * reports it, positioned).
 */
export function parseSpan(text: string): Span | undefined {
  const working = WORKING.exec(text);
  if (working) return Number(working[1]) > 0 ? { unit: 'working-days', count: Number(working[1]) } : undefined;
  const days = DAYS.exec(text);
  if (days) return Number(days[1]) > 0 ? { unit: 'days', count: Number(days[1]) } : undefined;
  const iso = ISO.exec(text);
  if (!iso || text === 'P' || text.endsWith('T')) return undefined;
  const [d, h, m] = [iso[1], iso[2], iso[3]].map((x) => Number(x ?? 0)) as [number, number, number];
  if (d > 0 && h === 0 && m === 0) return { unit: 'days', count: d };
  const minutes = (d * 24 + h) * 60 + m;
  return minutes > 0 ? { unit: 'minutes', count: minutes } : undefined;
}

const DAY_MINUTES = 24 * 60;

/**
 * When a span from the moment `reportedAt` (ISO 8601 with an offset, e.g.
 * "2026-11-27T09:30:00+00:00") ends, as an ISO time in the same offset. Working days skip
 * Saturdays, Sundays and the school's closure days (ISO dates), read as the school's calendar:
 * the days of the offset the report was written in, so the answer is the same on any machine
 * whatever its time zone.
 */
export function dueBy(reportedAt: string, span: Span, closures: ReadonlySet<string>): string {
  const offset = offsetMinutes(reportedAt);
  // The school's wall clock, held in a Date's UTC fields.
  let wall = addMinutes(parseISO(reportedAt), offset);
  if (span.unit === 'minutes') wall = addMinutes(wall, span.count);
  else if (span.unit === 'days') wall = addMinutes(wall, span.count * DAY_MINUTES);
  else {
    for (let left = span.count; left > 0; ) {
      wall = addMinutes(wall, DAY_MINUTES);
      const weekday = wall.getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !closures.has(wall.toISOString().slice(0, 10))) left--;
    }
  }
  return `${wall.toISOString().slice(0, 19)}${offsetText(offset)}`;
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) return 0; // "Z"
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
