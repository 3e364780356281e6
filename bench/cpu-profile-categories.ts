// Sorts the samples of a V8 CPU profile (`node --cpu-prof`) into where ingestion spends its time.
// Each sample is charged to one category by walking its stack from the running function towards
// the root: the first frame a rule recognises decides, else "other". A sample anywhere under the
// recorder's transaction is SQLite whatever runs there (our store code included), since that is
// time the write lock is held. HTTP counts only while Node's HTTP, socket and stream code (or our
// body reader and answer writer) is running, not everything a request handler calls. Idle
// samples and start-up module loading are left out of the shares.

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of a `.cpuprofile` file this reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const CATEGORIES = ['JSON parse', 'validation', 'SQLite', 'HTTP', 'GC', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ProfileSummary {
  /** milliseconds per category, idle and start-up left out */
  ms: Record<Category, number>;
  /** milliseconds of samples counted in `ms` */
  counted: number;
  /** milliseconds left out: waiting for I/O, and loading modules at start-up */
  idle: number;
  startUp: number;
}

const isOwnCode = (url: string) => /\/(dist|src)\//.test(url);

/** The category a frame names, if any rule recognises it. */
function ruleFor({ functionName, url }: CallFrame): Category | undefined {
  if (functionName === '(garbage collector)') return 'GC';
  if (url.includes('/node_modules/better-sqlite3/') || /\/(dist|src)\/db\//.test(url)) return 'SQLite';
  if (url.includes('/node_modules/zod/')) return 'validation';
  if (/\/(dist|src)\/(validation\.js|ingest\/(parse-|usage-event|formats\/))/.test(url)) return 'validation';
  if (functionName === 'decode' && /\/(dist|src)\/http\/ingest-route\.js$/.test(url)) return 'JSON parse';
  if (/^node:(_http_|net$|internal\/stream_base_commons|internal\/streams\/)/.test(url)) return 'HTTP';
  if (/\/(dist|src)\/http\/(read-body|send-json)\.js$/.test(url)) return 'HTTP';
  return undefined;
}

const isRecorderTransaction = ({ functionName, url }: CallFrame) =>
  functionName === 'sqliteTransaction' && url.includes('/better-sqlite3/');

export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const verdicts = new Map<number, Category | 'idle' | 'start-up'>();
  function verdictFor(id: number): Category | 'idle' | 'start-up' {
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) stack.push(frame);
    }
    if (stack[0]?.functionName === '(idle)') return 'idle';
    if (stack.some((frame) => frame.url.startsWith('node:internal/modules/'))) return 'start-up';
    if (stack.some(isRecorderTransaction)) return 'SQLite';
    let inOwnCode = false;
    for (const frame of stack) {
      const rule = ruleFor(frame);
      if (rule && (rule !== 'HTTP' || !inOwnCode)) return rule;
      inOwnCode ||= isOwnCode(frame.url);
    }
    return 'other';
  }

  const ms = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  const summary: ProfileSummary = { ms, counted: 0, idle: 0, startUp: 0 };
  profile.samples.forEach((id, index) => {
    const took = (profile.timeDeltas[index] ?? 0) / 1000;
    let verdict = verdicts.get(id);
    if (verdict === undefined) {
      verdict = verdictFor(id);
      verdicts.set(id, verdict);
    }
    if (verdict === 'idle') summary.idle += took;
    else if (verdict === 'start-up') summary.startUp += took;
    else {
      ms[verdict] += took;
      summary.counted += took;
    }
  });
  return summary;
}
