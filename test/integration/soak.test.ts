import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { runSoak } from '../soak/run-soak.js';

describe('crash-safety soak (short form; `npm run soak` runs the long one)', () => {
  const tempDir = useTempDir();

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'stores every acknowledged event exactly once and keeps tallies exact across %s restarts',
    async (signal) => {
      const report = await runSoak({ dir: tempDir(), durationMs: 5000, restarts: 3, signal, clients: 4 });
      expect(report.unexpected).toEqual([]);
      expect(report.acknowledgedEvents).toBeGreaterThan(500);
      expect(report.missing).toBe(0);
      expect(report.unacknowledged).toBe(0);
      expect(report.storedEvents).toBe(report.acknowledgedEvents);
      expect(report.tallyMismatches).toBe(0);
    },
    60_000,
  );
});
