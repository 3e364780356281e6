import { join } from 'node:path';
import Database from 'better-sqlite3';
import { weekOf } from '../../src/weeks/week-of.js';
import { type FakeVendors, type UsageFact, VENDOR_KEYS, type VendorName } from './fake-vendors.js';

export const DAY = 24 * 3_600_000;

/** What turns a connector on and where it finds its (fake) vendor. */
export const CONNECTOR_SETTINGS: Record<VendorName, { keyVariable: string; urlVariable: string; title: string }> = {
  'claude-code': {
    keyVariable: 'ANTHROPIC_ADMIN_KEY',
    urlVariable: 'ANTHROPIC_API_URL',
    title: 'Anthropic Claude Code Analytics',
  },
  'claude-enterprise': {
    keyVariable: 'CLAUDE_ENTERPRISE_ANALYTICS_KEY',
    urlVariable: 'ANTHROPIC_API_URL',
    title: 'Claude Enterprise usage',
  },
  cursor: { keyVariable: 'CURSOR_ADMIN_KEY', urlVariable: 'CURSOR_API_URL', title: 'Cursor Admin API' },
  openai: { keyVariable: 'OPENAI_ADMIN_KEY', urlVariable: 'OPENAI_API_URL', title: 'OpenAI Organization Usage' },
};

export const PEOPLE = ['alice@example.com', 'bob@example.com', 'carol@example.com'];

/** The environment that turns one connector on against the fake, with a database in `dir`. */
export function pullEnv(vendor: VendorName, fake: FakeVendors, dir: string): Record<string, string> {
  const settings = CONNECTOR_SETTINGS[vendor];
  return {
    DATABASE_PATH: join(dir, 'throne.db'),
    [settings.keyVariable]: VENDOR_KEYS[vendor],
    [settings.urlVariable]: fake.url,
  };
}

/**
 * Two weeks of usage for three people, several requests a day at different hours and models
 * (Claude Code on two terminals), every number different so a lost or doubled row shows.
 */
export function seedTwoWeeks(fake: FakeVendors, vendor: VendorName, now: number): void {
  for (const [email, userId] of PEOPLE.map((email, index) => [email, `user-${index}`] as const)) {
    fake.openAiUsers.set(email, userId);
  }
  const today = now - (now % DAY);
  for (let day = 14; day >= 1; day -= 1) {
    PEOPLE.forEach((email, person) => {
      for (let request = 0; request < 3; request += 1) {
        const seed = day * 1000 + person * 100 + request;
        fake.add({
          vendor,
          at: today - day * DAY + (person * 5 + request * 6) * 3_600_000 + seed,
          email,
          model: request === 2 ? 'claude-opus-4-1' : 'claude-sonnet-4-5',
          input: 1_000 + seed,
          output: 200 + (seed % 97),
          cacheRead: 50 * request,
          cacheWrite: 7 * person,
          terminal: request === 1 ? 'iterm' : 'vscode',
        });
      }
    });
  }
}

/** Per (week, person): what the vendor's facts credit, with weeks in UTC. */
export function expectedTallies(facts: UsageFact[], vendor: VendorName): Map<string, number> {
  const tallies = new Map<string, number>();
  for (const fact of facts) {
    if (fact.vendor !== vendor || fact.email === null || fact.noTokens) continue;
    const key = `${weekOf(new Date(fact.at), 'UTC').key} ${fact.email}`;
    tallies.set(key, (tallies.get(key) ?? 0) + fact.input + fact.cacheRead + fact.cacheWrite + fact.output);
  }
  return tallies;
}

/** Per (week, person): the tallies the bot stored. */
export function storedTallies(dir: string): Map<string, number> {
  const db = new Database(join(dir, 'throne.db'), { readonly: true });
  try {
    const rows = db
      .prepare<[], { week: string; userId: string; tokens: number }>(
        'SELECT week, user_id AS userId, tokens FROM weekly_tallies',
      )
      .all();
    return new Map(rows.map((row) => [`${row.week} ${row.userId}`, row.tokens]));
  } finally {
    db.close();
  }
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
