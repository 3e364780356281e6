// One autocannon run in its own process, so the load generator never shares a core's event
// loop with what it measures. Arguments come as JSON in argv[2]; prints the result as JSON.
import autocannon from 'autocannon';
import { batchBody, eventJson } from './usage-bodies.js';

interface LoadPlan {
  url: string;
  secret: string;
  kind: 'single' | 'batch';
  connections: number;
  durationSeconds?: number;
  amount?: number;
  people: number;
  batchSize: number;
  timestamp: string;
  /** distinct per run so ids never repeat across runs on one database */
  prefix: string;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
let next = 0;
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  pipelining: 1,
  ...(plan.amount ? { amount: plan.amount } : { duration: plan.durationSeconds ?? 10 }),
  requests: [
    {
      method: 'POST',
      path: '/api/usage',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.secret}` },
      setupRequest: (request) => {
        const n = next++;
        const body =
          plan.kind === 'single'
            ? eventJson(`${plan.prefix}-${n}`, n % plan.people, undefined)
            : batchBody(plan.prefix, n * plan.batchSize, plan.batchSize, plan.people, plan.timestamp);
        return { ...request, body };
      },
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    // Only answered-2xx requests count: a refused request stored nothing.
    requests: result['2xx'],
    seconds: result.duration,
    requestsPerSecond: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyP99: result.latency.p99,
  })}\n`,
);
