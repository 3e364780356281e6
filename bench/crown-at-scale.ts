// The weekly crown on a large database, in its own process: argv DB path and week key. Closes
// that week as `token-throne crown --week` would, and reports time and peak memory.
import { performance } from 'node:perf_hooks';
import { LogLevel } from '@slack/bolt';
import { parseConfig } from '../src/config.js';
import { createCore } from '../src/core/create-core.js';
import { createLogger } from '../src/logger.js';
import { parseWeek } from '../src/weeks/parse-week.js';

const [path = '', weekKey = ''] = process.argv.slice(2);
const week = parseWeek(weekKey, 'UTC');
if (!week) throw new Error(`bad week ${weekKey}`);
const rssBefore = process.memoryUsage().rss;
const core = createCore(parseConfig({ DATABASE_PATH: path, WINNERS_CHANNEL: 'C0WINNERS1' }), {
  clock: () => new Date(week.end.getTime() + 60 * 60 * 1000),
  logger: createLogger(LogLevel.WARN),
});
const started = performance.now();
const result = await core.crowner.crown(weekKey);
const seconds = (performance.now() - started) / 1000;
core.close();
process.stdout.write(
  `${JSON.stringify({
    status: result.status,
    seconds,
    rssBeforeMb: rssBefore / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
