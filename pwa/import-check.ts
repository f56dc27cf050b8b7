// What the page and the import worker share: the job, the messages, and the check itself.
import type { SourceFile } from '../shared/engine/ruleset.ts';
import type { History } from '../shared/history/format.ts';
import { type OfferCatalogue, parseHistory } from '../shared/history/validate.ts';
import { decodeJsonBytes } from '../shared/json.ts';
import type { Checked } from '../shared/problems.ts';

export interface ImportJob {
  name: string;
  bytes: Uint8Array;
  /** The rule files in force, to know the offers by (a rule set cannot be sent to a worker). */
  rules: SourceFile[];
}

export type ImportMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; checked: Checked<History> };

/** Decodes and validates a history file's bytes, every problem named. */
export function checkHistoryBytes(bytes: Uint8Array, name: string, offers: OfferCatalogue, onProgress?: (done: number, total: number) => void): Checked<History> {
  const decoded = decodeJsonBytes(bytes, name);
  return decoded.ok ? parseHistory(decoded.text, offers, name, onProgress ? { onProgress } : {}) : decoded;
}
