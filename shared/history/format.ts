// The history format, version 1: the CLI's input, the PWA's backup file and the extension's
// import/export. Unknown fields are kept on round-trip, so every record type is open.

import type { IsoDate } from '../dates.ts';

export const HISTORY_FORMAT = 'second-shot/history';
export const HISTORY_VERSION = 1;

/**
 * Bounds on what a history may hold, so that checking a hostile one costs little and a refusal
 * stays short. A real history, years of attempts, is a few kilobytes.
 */
export const HISTORY_LIMITS = {
  /** The file's size, in UTF-8 bytes. */
  maxBytes: 5 * 1024 * 1024,
  /** Vouchers, attempts and deleted records together (a link message has no file size). */
  maxRecords: 50_000,
  /** Nesting of objects and lists inside one record. */
  maxDepth: 16,
  /** Values (fields, list items) inside one record, nested ones included. */
  maxValues: 1_000,
  /** Characters of any one text value. */
  maxTextLength: 10_000,
} as const;

export const ATTEMPT_RESULTS = ['scheduled', 'pass', 'fail', 'no-show', 'cancelled'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** An instant in UTC, e.g. "2026-11-26T05:00:00.000Z": when a record was last changed. */
export type Instant = string;

export interface Voucher {
  id: string;
  code: string;
  offer: string;
  obtainedOn: IsoDate;
  notes?: string;
  /** When the record was last changed; a linked copy with a later stamp replaces this one. */
  updatedAt?: Instant;
  [extra: string]: unknown;
}

export interface Attempt {
  id: string;
  /** The voucher paid with; absent for a paid attempt. */
  voucher?: string;
  exam: string;
  provider: string;
  bookedOn: IsoDate;
  /** The exam date: when it was taken, or for a scheduled attempt when it will be. */
  takenOn: IsoDate;
  result: AttemptResult;
  /** IANA time zone of the test centre, when known. */
  timeZone?: string;
  score?: number;
  notes?: string;
  updatedAt?: Instant;
  [extra: string]: unknown;
}

/** A deleted record, remembered so that a linked copy does not bring it back. */
export interface Tombstone {
  id: string;
  deletedAt: Instant;
}

export interface History {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  vouchers: Voucher[];
  attempts: Attempt[];
  deleted?: Tombstone[];
  [extra: string]: unknown;
}

export function emptyHistory(): History {
  return { format: HISTORY_FORMAT, version: HISTORY_VERSION, vouchers: [], attempts: [] };
}

/** The backup file's text: stable key order from the records themselves, two-space indent. */
export function serializeHistory(history: History): string {
  return `${JSON.stringify(history, null, 2)}\n`;
}
