import type { UsageRecorder } from './record-usage.js';

/**
 * Tells whoever listens (the web board's live pages) that a board may have moved: usage was
 * stored or attributed, or a week was crowned. Listeners are called after the write committed.
 */
export function createBoardChanges() {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(): void {
      for (const listener of listeners) listener();
    },
  };
}

export type BoardChanges = ReturnType<typeof createBoardChanges>;

/** The recorder, telling `changes` whenever a write moved a tally. */
export function announcingChanges(recorder: UsageRecorder, changes: BoardChanges): UsageRecorder {
  const announce = <T extends { tallyChanges: readonly unknown[] }>(result: T): T => {
    if (result.tallyChanges.length > 0) changes.notify();
    return result;
  };
  return {
    ...recorder,
    record: (source, events) => announce(recorder.record(source, events)),
    recordMany(writes) {
      const results = recorder.recordMany(writes);
      if (results.some((result) => result.tallyChanges.length > 0)) changes.notify();
      return results;
    },
    attributeEmail(email, userId) {
      const tallyChanges = recorder.attributeEmail(email, userId);
      if (tallyChanges.length > 0) changes.notify();
      return tallyChanges;
    },
    mapAnonymous(source, anonymousRef, person) {
      const mapped = recorder.mapAnonymous(source, anonymousRef, person);
      if (mapped.changes.length > 0) changes.notify();
      return mapped;
    },
    replaceWindow: (source, window, events) => announce(recorder.replaceWindow(source, window, events)),
  };
}
