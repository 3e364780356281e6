// `npm run soak [-- --minutes 5 --restarts 20 --signal SIGKILL --clients 8]`: the long form of
// the crash-safety soak (CI runs a short one in test/integration/soak.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak } from './run-soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    restarts: { type: 'string', default: '12' },
    signal: { type: 'string', default: 'SIGKILL' },
    clients: { type: 'string', default: '8' },
  },
});
const signal = values.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
const dir = mkdtempSync(join(tmpdir(), 'throne-soak-'));
try {
  const report = await runSoak({
    dir,
    durationMs: Number(values.minutes) * 60_000,
    restarts: Number(values.restarts),
    signal,
    clients: Number(values.clients),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(report, null, 2));
  const ok =
    report.missing === 0 &&
    report.unacknowledged === 0 &&
    report.tallyMismatches === 0 &&
    report.unexpected.length === 0;
  console.log(
    ok
      ? '✅ every acknowledged event stored exactly once; every tally equals its events'
      : '❌ the soak found a problem',
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
