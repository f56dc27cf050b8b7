// The workbench's draft, kept in this browser's IndexedDB (a database of its own, apart from
// the candidate's history) so that closing the tab or reloading loses no edit.
import { type DBSchema, openDB } from 'idb';

export const DRAFTS_DB = 'second-shot-workbench';
const CURRENT = 'current';

export interface KeptDraft {
  text: string;
  /** When it was kept, as an ISO instant. */
  keptAt: string;
}

/** Whether the editor's text is kept; when a write failed, why. */
export interface DraftState {
  kept: boolean;
  keptAt?: string | undefined;
  error?: string | undefined;
}

interface DraftSchema extends DBSchema {
  drafts: { key: string; value: KeptDraft };
}

function open() {
  return openDB<DraftSchema>(DRAFTS_DB, 1, {
    upgrade(db) {
      db.createObjectStore('drafts');
    },
  });
}

export async function loadDraft(): Promise<KeptDraft | undefined> {
  const db = await open();
  try {
    return await db.get('drafts', CURRENT);
  } finally {
    db.close();
  }
}

export async function keepDraft(draft: KeptDraft): Promise<void> {
  const db = await open();
  try {
    await db.put('drafts', draft, CURRENT);
  } finally {
    db.close();
  }
}

/**
 * Writes drafts one at a time, the latest text last: a write started while another runs
 * waits for it, and texts typed in between are skipped for the newest.
 */
export class DraftKeeper {
  private waiting: string | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly write: (draft: KeptDraft) => Promise<void>,
    private readonly onState: (state: DraftState) => void,
  ) {}

  keep(text: string): void {
    this.waiting = text;
    this.onState({ kept: false });
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting !== null) {
        const text = this.waiting;
        this.waiting = null;
        const keptAt = new Date().toISOString();
        try {
          await this.write({ text, keptAt });
          if (this.waiting === null) this.onState({ kept: true, keptAt });
        } catch (error) {
          if (this.waiting === null) this.onState({ kept: false, error: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      this.running = null;
    }
  }
}
