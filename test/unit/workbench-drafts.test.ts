// The workbench keeps its draft with one write at a time, the newest text last.
import { describe, expect, it } from 'vitest';
import { DraftKeeper, type DraftState, type KeptDraft } from '../../pwa/workbench/drafts.ts';

function slowStore(): { written: string[]; release: () => void; write: (draft: KeptDraft) => Promise<void> } {
  const written: string[] = [];
  let pending: (() => void)[] = [];
  return {
    written,
    release: () => {
      const now = pending;
      pending = [];
      now.forEach((done) => done());
    },
    write: (draft) => new Promise<void>((done) => pending.push(() => {
      written.push(draft.text);
      done();
    })),
  };
}

const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 0));

describe('draft keeper', () => {
  it('writes the newest text after the write under way, skipping texts typed in between, and says kept only then', async () => {
    const store = slowStore();
    const states: DraftState[] = [];
    const keeper = new DraftKeeper(store.write, (state) => states.push(state));
    keeper.keep('a');
    keeper.keep('ab');
    keeper.keep('abc');
    await settle();
    store.release();
    await settle();
    expect(states.at(-1)?.kept).toBe(false);
    store.release();
    await settle();
    expect(store.written).toEqual(['a', 'abc']);
    expect(states.at(-1)).toMatchObject({ kept: true });
    expect(states.filter((s) => s.kept)).toHaveLength(1);
  });

  it('says why a draft could not be kept, and is kept again once a write succeeds', async () => {
    let refuse = true;
    const states: DraftState[] = [];
    const keeper = new DraftKeeper(async () => {
      if (refuse) throw new Error('The quota has been exceeded.');
    }, (state) => states.push(state));
    keeper.keep('a');
    await settle();
    expect(states.at(-1)).toEqual({ kept: false, error: 'The quota has been exceeded.' });
    refuse = false;
    keeper.keep('ab');
    await settle();
    expect(states.at(-1)).toMatchObject({ kept: true });
  });
});
