// `npm run bench [-- --quick] [-- --ingestion]`: every figure beside a baseline measured in the same run.
// Each server and each load generator runs in a fresh process; results go to the console
// and bench/results.md.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { weekOf } from '../src/weeks/week-of.js';
import { type FakeSlack, startFakeSlack } from '../test/helpers/fake-slack-server.js';
import { exportWith, otlpExporters, PROTOCOLS, telemetrySdk } from '../test/helpers/otel-exporters.js';
import { slackSignatureHeaders, slashCommandBody } from '../test/helpers/sign-slack-request.js';
import { CATEGORIES, type CpuProfile, type ProfileSummary, summariseProfile } from './cpu-profile-categories.js';
import { userId } from './usage-bodies.js';

const quick = process.argv.includes('--quick');
/** `--ingestion`: only the ingestion figures and their profile, printed, not written to results.md */
const ingestionOnly = process.argv.includes('--ingestion');
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const SECRET = 'bench-secret';
const SIGNING_SECRET = 'bench-signing-secret';
const DURATION = quick ? 3 : 10;
const PEOPLE = quick ? 10_000 : 100_000;
const SMALL_EVENTS = quick ? 200_000 : 1_000_000;
const LARGE_EVENTS = quick ? 1_000_000 : 10_000_000;
const SLASH_SAMPLES = quick ? 60 : 200;
const work = mkdtempSync(join(tmpdir(), 'throne-bench-'));

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
}
const rows: Row[] = [];
const notes: string[] = [];
/** further sections of bench/results.md, after the table */
const sections: string[] = [];

function report(row: Row) {
  rows.push(row);
  console.log(`  ${row.figure}: ${row.value}${row.baseline ? ` (baseline ${row.baseline}, ratio ${row.ratio})` : ''}`);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function tsx(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, script), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function serverHandle(child: ChildProcess, port: number) {
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The baseline server: prints "LISTENING <port>" when ready. */
async function startBaseline() {
  const child = tsx('baseline-server.ts', [], {});
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return serverHandle(child, port);
}

/** The Node options of package.json's start script (the heap's bounds), as `npm start` passes them. */
const START_OPTIONS = (
  JSON.parse(readFileSync(join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

/** The real bot, as `npm start` runs it (compiled, no TypeScript loader), configured by `env`. */
async function startBot(env: Record<string, string>, nodeOptions: string[] = [], onLine?: (line: string) => void) {
  const port = await freePort();
  const script = join(BENCH_DIR, '..', 'bin', 'token-throne.js');
  const child = spawn(process.execPath, [...START_OPTIONS, ...nodeOptions, script, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      INGEST_KEYS: `bench:${SECRET}`,
      // The benchmark is one source at full speed: the per-source limit would only measure itself.
      INGEST_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onLine) createInterface({ input: child.stdout as Readable }).on('line', onLine);
  for (let tries = 0; ; tries += 1) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (tries > 100) throw new Error('the bot did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return serverHandle(child, port);
}

function runJson<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(BENCH_DIR, script), ...args],
      { maxBuffer: 1 << 20, timeout: 15 * 60_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T)),
    );
  });
}

interface DbBytes {
  file: number;
  wal: number;
  tables: Record<string, number>;
  events: number;
}

interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** milliseconds, autocannon's */
  latencyP99: number;
}

let runs = 0;
function load(url: string, plan: Record<string, unknown>): Promise<LoadResult> {
  const full = {
    url,
    secret: SECRET,
    people: PEOPLE,
    batchSize: 1000,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    prefix: `run${++runs}`,
    ...plan,
  };
  return runJson<LoadResult>('load.ts', [JSON.stringify(full)]).then((result) => {
    if (result.non2xx > 0 || result.errors > 0) {
      notes.push(`A ${String(plan.kind)} load run saw ${result.non2xx} non-2xx answers and ${result.errors} errors.`);
    }
    return result;
  });
}

/** CPU time a process has used, all its threads, from /proc (Linux; USER_HZ is 100 there). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Receives response_url posts and notes when each arrived. */
async function startResponseReceiver() {
  const waiting = new Map<string, (at: number) => void>();
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    req.resume();
    req.on('end', () => {
      waiting.get(req.url ?? '')?.(at);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    arrival: (path: string) => new Promise<number>((resolve) => waiting.set(path, resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Receiver = Awaited<ReturnType<typeof startResponseReceiver>>;

let commands = 0;
/** Signed `/leaderboard` requests one after another: time to the ack and to the response_url post. */
async function slashLatencies(appUrl: string, receiver: Receiver, samples: number) {
  const ack: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const path = `/r/${++commands}`;
    const body = slashCommandBody({ text: '', userId: userId(i % PEOPLE), responseUrl: receiver.url(path) });
    const arrived = receiver.arrival(path);
    const started = performance.now();
    const response = await fetch(`${appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(body, SIGNING_SECRET) },
      body,
    });
    await response.text();
    ack.push(performance.now() - started);
    full.push((await arrived) - started);
  }
  return {
    ackP50: percentile(ack, 50),
    ackP99: percentile(ack, 99),
    p50: percentile(full, 50),
    p99: percentile(full, 99),
  };
}

async function ingestTo(url: string, events: number, done: number): Promise<{ done: number; eventsPerSecond: number }> {
  const batches = Math.ceil((events - done) / 1000);
  const result = await load(url, { kind: 'batch', connections: 4, amount: batches });
  return { done: done + batches * 1000, eventsPerSecond: (result.requests * 1000) / result.seconds };
}

async function singleEventIngestion() {
  console.log('1. Ingestion, one event per request, 32 keep-alive connections');
  const baseline = await startBaseline();
  const base = await load(baseline.url, { kind: 'single', connections: 32, durationSeconds: DURATION });
  await baseline.stop();
  const app = await startBot({ DATABASE_PATH: join(work, 'single.db') });
  const measured = await load(app.url, { kind: 'single', connections: 32, durationSeconds: DURATION });
  await app.stop();
  report({
    figure: 'single-event ingestion (events/s)',
    value: fmt(measured.requestsPerSecond),
    baseline: `${fmt(base.requestsPerSecond)} (bare node:http + JSON.parse)`,
    ratio: `${fmt((measured.requestsPerSecond / base.requestsPerSecond) * 100)}%`,
    target: '≥ 60% of baseline',
  });
}

async function batchIngestion() {
  console.log('2. Ingestion, batches of 1000');
  const baseline = (mode: 'events' | 'fair') =>
    runJson<{ eventsPerSecond: number }>('sqlite-baseline.ts', [
      join(work, `raw-${mode}.db`),
      String(DURATION),
      mode,
      String(PEOPLE),
    ]);
  const rawEvents = await baseline('events');
  const fair = await baseline('fair');
  const app = await startBot({ DATABASE_PATH: join(work, 'batch.db') });
  const measured = await load(app.url, { kind: 'batch', connections: 4, durationSeconds: DURATION });
  await app.stop();
  const eventsPerSecond = (measured.requests * 1000) / measured.seconds;
  const percentOf = (base: number) => `${fmt((eventsPerSecond / base) * 100)}%`;
  report({
    figure: 'batch ingestion (events/s)',
    value: fmt(eventsPerSecond),
    baseline: `${fmt(fair.eventsPerSecond)} (raw better-sqlite3 doing the bot's row writes: event, weekly tally, daily tally; no HTTP)`,
    ratio: percentOf(fair.eventsPerSecond),
    target: '≥ 50% of baseline',
  });
  report({
    figure: 'batch ingestion against event rows alone (events/s)',
    value: fmt(eventsPerSecond),
    baseline: `${fmt(rawEvents.eventsPerSecond)} (raw better-sqlite3 inserting the event rows only)`,
    ratio: percentOf(rawEvents.eventsPerSecond),
    target: '',
  });
}

/** The bot under `node --cpu-prof` for a short load of each kind; each profile summed up by category. */
async function whereTheTimeGoes() {
  console.log('3. Where the time goes: the bot under --cpu-prof, single events, then batches of 1000');
  const loads = [
    { kind: 'single', connections: 32, title: 'single events, 32 connections' },
    { kind: 'batch', connections: 4, title: 'batches of 1000, 4 connections' },
  ];
  const profiled: Array<{ title: string; eventsPerSecond: number; cpuPerEvent: number; summary: ProfileSummary }> = [];
  for (const { kind, connections, title } of loads) {
    const dir = join(work, `profile-${kind}`);
    const app = await startBot({ DATABASE_PATH: join(work, `profile-${kind}.db`) }, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
    ]);
    const cpuBefore = cpuMs(app.pid);
    const result = await load(app.url, { kind, connections, durationSeconds: quick ? 3 : 5 });
    const cpuUsed = cpuMs(app.pid) - cpuBefore;
    await app.stop();
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile')) ?? '';
    const summary = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
    const events = result.requests * (kind === 'batch' ? 1000 : 1);
    const cpuPerEvent = (cpuUsed * 1000) / events;
    profiled.push({ title, eventsPerSecond: events / result.seconds, cpuPerEvent, summary });
    const shares = CATEGORIES.map((category) => `${category} ${fmt((summary.ms[category] / summary.counted) * 100)}%`);
    console.log(`  ${title}: ${shares.join(', ')}; ${fmt(cpuPerEvent, 1)} µs of CPU per event`);
  }
  const cell = (summary: ProfileSummary, category: (typeof CATEGORIES)[number]) =>
    `${fmt((summary.ms[category] / summary.counted) * 100, 1)}% (${fmt(summary.ms[category])} ms)`;
  sections.push(
    [
      '## Where the time goes',
      '',
      'The bot as `npm start` runs it, under `node --cpu-prof`, for a short load of each kind; each sample is ' +
        'charged to one category by its stack (bench/cpu-profile-categories.ts). Shares are of the time the ' +
        'bot was busy: waiting for I/O (idle) and loading modules at start-up are left out. The CPU time per ' +
        'event (all threads, profiler included, from /proc) moves less with the load of others on a shared ' +
        'machine than events/s do, but it moves too. SQLite is ' +
        "everything under the recorder's transaction (statements, commit, and our store code run inside it) and " +
        'any other statement (such as the outbox); HTTP is Node parsing requests and writing answers, with our ' +
        'body reader and answer writer; validation is zod and our parse functions; JSON parse is turning the ' +
        'body into objects; other is the rest (routing, authentication, group commit, promises).',
      '',
      `| category | ${profiled.map((run) => run.title).join(' | ')} |`,
      `| --- | ${profiled.map(() => '---').join(' | ')} |`,
      ...CATEGORIES.map(
        (category) => `| ${category} | ${profiled.map((run) => cell(run.summary, category)).join(' | ')} |`,
      ),
      `| sampled busy time counted | ${profiled.map((run) => `${fmt(run.summary.counted)} ms`).join(' | ')} |`,
      `| left out: idle / start-up | ${profiled.map((run) => `${fmt(run.summary.idle)} ms / ${fmt(run.summary.startUp)} ms`).join(' | ')} |`,
      `| events/s while profiled | ${profiled.map((run) => fmt(run.eventsPerSecond)).join(' | ')} |`,
      `| CPU time of the bot per event | ${profiled.map((run) => `${fmt(run.cpuPerEvent, 1)} µs`).join(' | ')} |`,
    ].join('\n'),
  );
}

async function atScale(slack: FakeSlack, receiver: Receiver) {
  const dbPath = join(work, 'scale.db');
  const app = await startBot({
    DATABASE_PATH: dbPath,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  const idleRss = rssMb(app.pid);
  console.log(`4. /leaderboard with ${fmt(PEOPLE)} people: ingesting ${fmt(SMALL_EVENTS)} events`);
  let progress = await ingestTo(app.url, SMALL_EVENTS, 0);
  await slashLatencies(app.url, receiver, 20); // warm-up: avatars cached, statements prepared
  const small = await slashLatencies(app.url, receiver, SLASH_SAMPLES);
  console.log(`   … and up to ${fmt(LARGE_EVENTS)} events`);
  const started = performance.now();
  progress = await ingestTo(app.url, LARGE_EVENTS, progress.done);
  const sustained = ((LARGE_EVENTS - SMALL_EVENTS) / (performance.now() - started)) * 1000;
  const large = await slashLatencies(app.url, receiver, SLASH_SAMPLES);
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  report({
    figure: `/leaderboard p50 / p99, request → ack, ${fmt(LARGE_EVENTS)} events`,
    value: `${ms(large.ackP50)} / ${ms(large.ackP99)}`,
    baseline: `${ms(small.ackP50)} / ${ms(small.ackP99)} at ${fmt(SMALL_EVENTS)} events`,
    ratio: `${fmt(large.ackP99 / small.ackP99, 2)}× (p99)`,
    target: 'flat in the number of events',
  });
  report({
    figure: `/leaderboard p50 / p99, request → response_url board, ${fmt(LARGE_EVENTS)} events`,
    value: `${ms(large.p50)} / ${ms(large.p99)}`,
    baseline: `${ms(small.p50)} / ${ms(small.p99)} at ${fmt(SMALL_EVENTS)} events`,
    ratio: `${fmt(large.p99 / small.p99, 2)}× (p99)`,
    target: 'p99 < 50 ms, flat in the number of events',
  });
  report({
    figure: `sustained batch ingestion from ${fmt(SMALL_EVENTS)} to ${fmt(LARGE_EVENTS)} events (events/s)`,
    value: fmt(sustained),
    baseline: '',
    ratio: '',
    target: '≥ 100,000/s',
  });
  report({
    figure: `resident memory of the bot after ${fmt(LARGE_EVENTS)} events`,
    value: `${fmt(rssMb(app.pid))} MB`,
    baseline: `${fmt(idleRss)} MB idle at start`,
    ratio: `${fmt(rssMb(app.pid) / idleRss, 2)}×`,
    target: '< 200 MB',
  });
  const bytes = await runJson<DbBytes>('db-bytes.ts', [dbPath]);
  const perEvent = (n: number) => fmt(n / bytes.events);
  const { usage_events: eventRows = 0, outbox = 0 } = bytes.tables;
  const tallies = (bytes.tables.weekly_tallies ?? 0) + (bytes.tables.daily_tallies ?? 0);
  report({
    figure: `database size at ${fmt(bytes.events)} events (file + WAL)`,
    value: `${fmt((bytes.file + bytes.wal) / 2 ** 20)} MB`,
    baseline: `events table ${perEvent(eventRows)}, tallies ${perEvent(tallies)}, outbox ${perEvent(outbox)}, WAL ${perEvent(bytes.wal)} bytes/event`,
    ratio: `${perEvent(bytes.file + bytes.wal)} bytes/event (${perEvent(bytes.file)} without the WAL)`,
    target: '≤ 100 bytes/event',
  });

  console.log('5. /leaderboard while ingestion runs at full speed');
  const storm = load(app.url, { kind: 'batch', connections: 4, durationSeconds: DURATION });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const during = await slashLatencies(app.url, receiver, Math.round(SLASH_SAMPLES / 2));
  const stormResult = await storm;
  report({
    figure: '/leaderboard p50 / p99 during a batch-ingestion storm (request → board)',
    value: `${ms(during.p50)} / ${ms(during.p99)}`,
    baseline: `${ms(large.p50)} / ${ms(large.p99)} idle`,
    ratio: `${fmt(during.p99 / large.p99, 2)}× (p99)`,
    target: `ack p99 ${ms(during.ackP99)} (< 3 s); storm ran at ${fmt((stormResult.requests * 1000) / stormResult.seconds)} events/s`,
  });
  await app.stop();
  return dbPath;
}

async function crownAtScale(dbPath: string) {
  console.log('6. The weekly crown at the same scale');
  const week = weekOf(new Date(Date.now() - 60_000), 'UTC').key;
  const crown = await runJson<{ status: string; seconds: number; rssBeforeMb: number; peakRssMb: number }>(
    'crown-at-scale.ts',
    [dbPath, week],
  );
  report({
    figure: `closing a week of ${fmt(PEOPLE)} people and ${fmt(LARGE_EVENTS)} events`,
    value: `${fmt(crown.seconds, 2)} s (${crown.status}), peak RSS ${fmt(crown.peakRssMb)} MB`,
    baseline: `${fmt(crown.rssBeforeMb)} MB RSS before`,
    ratio: '',
    target: '< 5 s',
  });
}

const WEEK_MS = 7 * 86_400_000;

/** Single-event ingestion (8 connections) and /leaderboard, measured together for `DURATION` seconds. */
async function servingLatencies(url: string, receiver: Receiver) {
  const ingest = load(url, { kind: 'single', connections: 8, durationSeconds: DURATION });
  const board = await slashLatencies(url, receiver, Math.round(SLASH_SAMPLES / 2));
  const ingested = await ingest;
  return { ingestP99: ingested.latencyP99, ingestPerSecond: ingested.requestsPerSecond, boardP99: board.p99 };
}

async function purgeWhileServing(slack: FakeSlack, receiver: Receiver) {
  const oldEvents = quick ? 1_000_000 : 3_000_000;
  console.log(
    `8. The retention purge of ${fmt(oldEvents)} events older than EVENT_RETENTION_WEEKS, while the bot serves`,
  );
  const dbPath = join(work, 'purge.db');
  // Stored while raw events are kept forever, 30 weeks ago; then the bot restarts with the default window.
  const keeper = await startBot({ DATABASE_PATH: dbPath, EVENT_RETENTION_WEEKS: '0' });
  const timestamp = new Date(Date.now() - 30 * WEEK_MS).toISOString();
  await load(keeper.url, { kind: 'batch', connections: 4, amount: oldEvents / 1000, timestamp, prefix: 'old' });
  await keeper.stop();
  let purgeEnded = (_line: string) => {};
  const ended = new Promise<string>((resolve) => {
    purgeEnded = resolve;
  });
  const started = performance.now();
  const app = await startBot(
    {
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    [],
    (line) => {
      if (line.includes('raw event(s) from before')) purgeEnded(line);
    },
  );
  const during = await servingLatencies(app.url, receiver);
  const measuredFor = (performance.now() - started) / 1000;
  const line = await ended;
  const purgeSeconds = (performance.now() - started) / 1000;
  const after = await servingLatencies(app.url, receiver);
  await app.stop();
  const purged = Number(/Forgot (\d+)/.exec(line)?.[1] ?? 0);
  const ms = (n: number) => `${fmt(n, 1)} ms`;
  report({
    figure: `the retention purge of ${fmt(purged)} events, while serving`,
    value: `${fmt(purgeSeconds, 1)} s (${fmt(purged / purgeSeconds)} events/s)`,
    baseline: '',
    ratio: '',
    target:
      purgeSeconds >= measuredFor
        ? 'measured below while it ran'
        : `ended before the measurement (${fmt(measuredFor, 1)} s)`,
  });
  report({
    figure: 'single-event ingestion p99 / /leaderboard p99 during the purge',
    value: `${ms(during.ingestP99)} / ${ms(during.boardP99)} (${fmt(during.ingestPerSecond)} events/s)`,
    baseline: `${ms(after.ingestP99)} / ${ms(after.boardP99)} after it (${fmt(after.ingestPerSecond)} events/s)`,
    ratio: `${fmt(during.ingestP99 / after.ingestP99, 2)}× / ${fmt(during.boardP99 / after.boardP99, 2)}×`,
    target: 'no noticeable delay',
  });
}

/** The operator's drill: `token-throne backup` of the large database, and a bot started on the copy. */
async function backupDrill(dbPath: string, slack: FakeSlack, receiver: Receiver) {
  console.log('7. Backup and restore of the large database');
  const copy = join(work, 'restored', 'throne.db');
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [join(BENCH_DIR, '..', 'bin', 'token-throne.js'), 'backup', copy],
      { env: { PATH: process.env.PATH ?? '', DATABASE_PATH: dbPath, LOG_LEVEL: 'warn' }, timeout: 15 * 60_000 },
      (error) => (error ? reject(error) : resolve()),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const restored = await startBot({
    DATABASE_PATH: copy,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  const board = await slashLatencies(restored.url, receiver, 10);
  await restored.stop();
  report({
    figure: `\`token-throne backup\` of the database at ${fmt(LARGE_EVENTS)} events, then a bot started on the copy`,
    value: `${fmt(seconds, 1)} s, ${fmt(statSync(copy).size / 2 ** 20)} MB`,
    baseline: '',
    ratio: '',
    target: `the copy answers /leaderboard (p50 ${fmt(board.p50, 1)} ms)`,
  });
}

/** A process's resident memory, current and peak, from /proc (Linux). */
function residentMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function otlpExports() {
  console.log('9. OTLP exports near the body limit (OTLP_MAX_BODY_BYTES, 20 MiB), one per protocol');
  const grpcPort = await freePort();
  const app = await startBot({ DATABASE_PATH: join(work, 'otlp.db'), OTLP_GRPC_PORT: String(grpcPort) });
  const idle = residentMb(app.pid);
  const spans = quick ? 1000 : 3500;
  for (const protocol of PROTOCOLS) {
    // A GenAI app's trace batch: each span carries usage and a 4 KiB prompt attribute.
    const sdk = telemetrySdk({ 'service.name': `bench-${protocol}` });
    for (let index = 0; index < spans; index += 1) {
      sdk.tracer
        .startSpan('chat gpt-4o', {
          attributes: {
            'gen_ai.usage.input_tokens': 1000 + index,
            'gen_ai.usage.output_tokens': 200,
            'gen_ai.prompt': 'p'.repeat(4096),
            'user.email': `person${index % 100}@example.com`,
          },
        })
        .end();
    }
    const batch = sdk.takeSpans();
    const exporters = otlpExporters(protocol, {
      url: app.url,
      grpcUrl: `http://127.0.0.1:${grpcPort}`,
      headers: { authorization: `Bearer ${SECRET}` },
    });
    const started = performance.now();
    const outcome = await exportWith(exporters.traces, batch);
    const ms = performance.now() - started;
    await exporters.traces.shutdown();
    await sdk.shutdown();
    report({
      figure: `one OTLP trace export of ${fmt(spans)} GenAI spans with 4 KiB attributes, ${protocol}`,
      value: outcome.ok ? `${fmt(ms)} ms` : `refused: ${outcome.error?.message ?? '?'}`,
      baseline: '',
      ratio: '',
      target: 'taken whole',
    });
  }
  const after = residentMb(app.pid);
  report({
    figure: 'peak resident memory of the bot across those exports',
    value: `${fmt(after.peak)} MB`,
    baseline: `${fmt(idle.now)} MB idle`,
    ratio: '',
    target: '',
  });
  await app.stop();
}

function writeResults() {
  const header = `# Benchmark results\n\nRun on ${new Date().toISOString()} with \`npm run bench${quick ? ' -- --quick' : ''}\`: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n\n`;
  const table = [
    '| figure | value | baseline (same run) | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.figure} | ${row.value} | ${row.baseline} | ${row.ratio} | ${row.target} |`),
  ].join('\n');
  const text = `${header}${table}\n${notes.length ? `\n${notes.map((note) => `- ${note}`).join('\n')}\n` : ''}${sections.map((section) => `\n${section}\n`).join('')}`;
  writeFileSync(join(BENCH_DIR, 'results.md'), text);
  console.log(`\n${table}\n\nWritten to bench/results.md`);
}

const slack = await startFakeSlack({
  users: Array.from({ length: PEOPLE }, (_, i) => ({ id: userId(i), name: `person${i}`, displayName: `Person ${i}` })),
});
const receiver = await startResponseReceiver();
try {
  await singleEventIngestion();
  await batchIngestion();
  await whereTheTimeGoes();
  if (ingestionOnly) {
    console.log(sections.join('\n\n'));
  } else {
    const dbPath = await atScale(slack, receiver);
    await crownAtScale(dbPath);
    await backupDrill(dbPath, slack, receiver);
    await purgeWhileServing(slack, receiver);
    await otlpExports();
    writeResults();
  }
} finally {
  await receiver.close();
  await slack.close();
  rmSync(work, { recursive: true, force: true });
}
