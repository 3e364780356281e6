import { describe, expect, it } from 'vitest';
import { openaiFormat } from '../../../../src/ingest/formats/openai.js';
import { fixturesOf } from '../../../fixtures/formats/load-fixtures.js';
import { mapped, refusals } from './map-helpers.js';

function chatCompletion(usage: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { object: 'chat.completion', id: 'chatcmpl-1', created: 1795514400, model: 'gpt-4o', usage, ...extra };
}

describe('openai format', () => {
  it.each(fixturesOf('openai'))('maps $file to the expected events', ({ body, header, events }) => {
    expect(mapped(openaiFormat, body, header)).toEqual(events);
  });

  it('credits prompt and completion tokens whole: cached and reasoning tokens are parts of them', () => {
    const body = chatCompletion({
      prompt_tokens: 500,
      completion_tokens: 900,
      prompt_tokens_details: { cached_tokens: 400 },
      completion_tokens_details: { reasoning_tokens: 700 },
    });
    expect(mapped(openaiFormat, body, 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 500,
      output_tokens: 900,
      cache_read_tokens: 400,
      reasoning_tokens: 700,
    });
  });

  it('accepts a list and names the element of a refused field', () => {
    const good = chatCompletion({ prompt_tokens: 1, completion_tokens: 2 });
    const bad = { object: 'response', id: 'resp_2', usage: { input_tokens: 3, output_tokens: '4' } };
    expect(refusals(openaiFormat, [good, bad], 'U024BE7LH')).toEqual([
      { path: '1.usage.output_tokens', message: 'must be a whole number from 0 to 1000000000, got the string "4"' },
    ]);
  });

  it.each([
    ['a string', '12', 'got the string "12"'],
    ['a fraction', 1.5, 'got 1.5'],
    ['a negative number', -3, 'got -3'],
  ])('refuses %s as a token count, never coercing it', (_kind, value, got) => {
    expect(refusals(openaiFormat, chatCompletion({ prompt_tokens: value, completion_tokens: 1 }), 'U024BE7LH')).toEqual(
      [{ path: 'usage.prompt_tokens', message: `must be a whole number from 0 to 1000000000, ${got}` }],
    );
  });

  it('refuses a deeply nested value as a token count without overflowing the stack', () => {
    let nested: unknown = 1;
    for (let depth = 0; depth < 100_000; depth += 1) nested = [nested];
    expect(
      refusals(openaiFormat, chatCompletion({ prompt_tokens: nested, completion_tokens: 1 }), 'U024BE7LH'),
    ).toEqual([{ path: 'usage.prompt_tokens', message: 'must be a whole number from 0 to 1000000000, got a list' }]);
  });

  it('refuses cached tokens above the prompt tokens, a sign of other semantics', () => {
    const body = chatCompletion({
      prompt_tokens: 20,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: 30 },
    });
    expect(refusals(openaiFormat, body, 'U024BE7LH')).toEqual([
      {
        path: 'usage.prompt_tokens_details.cached_tokens',
        message: 'is 30, more than prompt_tokens (20) of which it is a part',
      },
    ]);
  });

  it('refuses an object of another kind, and a stream chunk without usage', () => {
    expect(refusals(openaiFormat, { object: 'list', data: [] }, 'U024BE7LH')[0]?.path).toBe('object');
    const chunk = { object: 'chat.completion.chunk', id: 'chatcmpl-1', created: 1795514400, usage: null };
    expect(refusals(openaiFormat, chunk, 'U024BE7LH')[0]).toMatchObject({ path: 'usage' });
  });

  it('takes the person from user, then metadata.user, metadata.user_email, metadata.user_id, then the header', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1 };
    const person = (extra: Record<string, unknown>) =>
      mapped(openaiFormat, chatCompletion(usage, extra), 'U0HEADER1')[0]?.user;
    expect(person({ user: 'ann@example.com', metadata: { user_id: 'U0META001' } })).toBe('ann@example.com');
    expect(person({ metadata: { user: 'W0META002', user_email: 'meta@example.com' } })).toBe('W0META002');
    expect(person({ metadata: { user_email: 'meta@example.com', user_id: 'U0META003' } })).toBe('meta@example.com');
    // OpenAI advises hashing `user`: a value that names no one falls through to the header.
    expect(person({ user: '5f2b1c9e8d7a', metadata: { user_id: 42 } })).toBe('U0HEADER1');
  });

  it('asks for the X-Throne-User header when nothing names the person', () => {
    const body = chatCompletion({ prompt_tokens: 1, completion_tokens: 1 });
    expect(refusals(openaiFormat, body)).toEqual([
      {
        path: 'X-Throne-User',
        message:
          'is missing, and nothing in the payload names the person: ' +
          'send their Slack user ID or email in the X-Throne-User header ' +
          '(or in user, metadata.user, metadata.user_email, metadata.user_id)',
      },
    ]);
    expect(refusals(openaiFormat, body, 'bob')).toEqual([
      {
        path: 'X-Throne-User',
        message: 'must be a Slack user ID (U… or W…) or an email address, got the string "bob"',
      },
    ]);
  });

  it('refuses a body that is neither an object nor a list', () => {
    expect(refusals(openaiFormat, 'chatcmpl-1', 'U024BE7LH')).toEqual([
      { path: '(body)', message: 'must be an OpenAI Chat Completions or Responses API object, or a JSON list of them' },
    ]);
  });
});
