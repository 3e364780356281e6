import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { ANONYMOUS_PREFIX } from './identity/anonymous-ref.js';
import { isSlackUserId } from './identity/slack-user-id.js';
import { isPersonRef } from './ingest/usage-event-schema.js';
import { formatTokens } from './leaderboard/format-tokens.js';

export const ANONYMOUS_USAGE = `  anonymous                           list telemetry usage that names no person (only an
                                      anonymous id), per source, and the mappings made
  anonymous map --source NAME ID PERSON
                                      count an anonymous id's usage, past and future, for a
                                      person (a Slack user ID or an email); once per id`;

/** A mistake in the command line, printed as is. */
export class AnonymousUsageError extends Error {
  override name = 'AnonymousUsageError';
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function list(config: Config): void {
  const app = createApp(config);
  try {
    const waiting = app.anonymousPeople.unmapped();
    if (waiting.length === 0) console.log('No usage is waiting for a person: every anonymous id is mapped.');
    else {
      console.log(`Usage that counts for nobody yet (${waiting.length} anonymous id(s)):`);
      for (const row of waiting) {
        console.log(
          `  ${row.source}  ${row.anonymousRef}  ${formatTokens(row.tokens)} tokens in ${row.events} event(s), ` +
            `${day(row.firstAt)} to ${day(row.lastAt)}`,
        );
      }
      const first = waiting[0];
      if (first) {
        console.log(
          `Map one to its person with: token-throne anonymous map --source ${first.source} '${first.anonymousRef}' alice@example.com`,
        );
      }
    }
    const mappings = app.anonymousPeople.mappings();
    if (mappings.length > 0) {
      console.log('Mapped:');
      for (const mapping of mappings) {
        console.log(
          `  ${mapping.source}  ${mapping.anonymousRef} → ${mapping.person} (since ${day(mapping.mappedAt)})`,
        );
      }
    }
  } finally {
    app.close();
  }
}

function map(config: Config, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' } } });
  const [id, person] = positionals;
  if (!values.source || !id || !person) {
    throw new AnonymousUsageError(
      'anonymous map needs a source, an id and a person: anonymous map --source NAME ID PERSON',
    );
  }
  if (!isPersonRef(person)) {
    throw new AnonymousUsageError(`"${person}" is not a Slack user ID (U… or W…) or an email address.`);
  }
  const anonymousRef = id.startsWith(ANONYMOUS_PREFIX) ? id : `${ANONYMOUS_PREFIX}${id}`;
  const personRef = isSlackUserId(person) ? person : person.toLowerCase();
  const app = createApp(config);
  try {
    const already = app.anonymousPeople.personFor(values.source, anonymousRef);
    if (already !== undefined) {
      throw new AnonymousUsageError(`${anonymousRef} of source "${values.source}" is already mapped to ${already}.`);
    }
    const { moved } = app.recorder.mapAnonymous(values.source, anonymousRef, personRef);
    console.log(
      `${anonymousRef} of source "${values.source}" now counts for ${personRef}: ${moved} stored event(s) moved, ` +
        'and later ones count for them as they arrive.',
    );
  } finally {
    app.close();
  }
}

/** `token-throne anonymous [map …]` */
export function anonymousCommand(config: Config, args: string[]): void {
  const [verb, ...rest] = args;
  if (verb === undefined) list(config);
  else if (verb === 'map') map(config, rest);
  else throw new AnonymousUsageError(`Unknown anonymous command "${verb}".\n\n${ANONYMOUS_USAGE}`);
}
