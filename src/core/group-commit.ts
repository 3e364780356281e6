import type { Recorded, UsageRecorder, UsageWrite } from './record-usage.js';

/** Past this many events a group is committed at once, so one transaction stays short. */
const MAX_GROUP_EVENTS = 5000;

/**
 * Group commit: requests whose bodies are ready in the same turn of the event loop are
 * stored in one transaction, sharing its commit. Each request is still answered only once
 * its events are committed, and a failed commit fails every request in the group (none of
 * them stored anything), so each stays all-or-nothing.
 */
export function createGroupCommit(recorder: UsageRecorder) {
  let pending: Array<{ write: UsageWrite; resolve: (result: Recorded) => void; reject: (error: unknown) => void }> = [];
  let pendingEvents = 0;

  function flush(): void {
    const group = pending;
    pending = [];
    pendingEvents = 0;
    if (group.length === 0) return;
    try {
      const results = recorder.recordMany(group.map((item) => item.write));
      group.forEach((item, index) => {
        const result = results[index];
        if (result) item.resolve(result);
        else item.reject(new Error('group commit lost a result'));
      });
    } catch (error) {
      for (const item of group) item.reject(error);
    }
  }

  return (write: UsageWrite): Promise<Recorded> =>
    new Promise((resolve, reject) => {
      pending.push({ write, resolve, reject });
      pendingEvents += write.events.length;
      if (pendingEvents >= MAX_GROUP_EVENTS) flush();
      else if (pending.length === 1) setImmediate(flush);
    });
}
