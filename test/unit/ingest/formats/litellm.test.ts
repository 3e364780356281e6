import { describe, expect, it } from 'vitest';
import { litellmFormat } from '../../../../src/ingest/formats/litellm.js';
import { fixturesOf } from '../../../fixtures/formats/load-fixtures.js';
import { mapped, refusals } from './map-helpers.js';

function payload(extra: Record<string, unknown> = {}) {
  return {
    id: 'chatcmpl-1',
    call_type: 'acompletion',
    status: 'success',
    model: 'gpt-4o',
    prompt_tokens: 100,
    completion_tokens: 20,
    total_tokens: 120,
    startTime: 1795514400.25,
    endTime: 1795514401.75,
    end_user: null,
    metadata: { user_api_key_user_id: null, user_api_key_user_email: null, usage_object: null },
    hidden_params: { usage_object: null },
    ...extra,
  };
}

describe('litellm format', () => {
  it.each(fixturesOf('litellm'))('maps $file to the expected events', ({ body, header, events }) => {
    expect(mapped(litellmFormat, body, header)).toEqual(events);
  });

  it('credits prompt_tokens and completion_tokens, dated by endTime', () => {
    expect(mapped(litellmFormat, payload(), 'U024BE7LH')).toEqual([
      {
        id: 'chatcmpl-1',
        user: 'U024BE7LH',
        model: 'gpt-4o',
        input_tokens: 100,
        output_tokens: 20,
        cache_read_tokens: null,
        cache_write_tokens: null,
        reasoning_tokens: null,
        timestamp: '2026-11-24T10:00:01.750Z',
      },
    ]);
  });

  it('reads the breakdown from hidden_params.usage_object when metadata has none', () => {
    const usageObject = {
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 12 },
      cache_creation_input_tokens: 30,
    };
    const body = payload({ hidden_params: { usage_object: usageObject } });
    expect(mapped(litellmFormat, body, 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 100,
      cache_read_tokens: 60,
      cache_write_tokens: 30,
      reasoning_tokens: 12,
    });
  });

  it('skips failures that used no tokens and answers from LiteLLM’s response cache', () => {
    const body = [
      payload({ id: 'failed', status: 'failure', prompt_tokens: 0, completion_tokens: 0 }),
      payload({ id: 'cached', cache_hit: true }),
      payload({ id: 'counted' }),
    ];
    expect(mapped(litellmFormat, body, 'U024BE7LH').map((event) => event.id)).toEqual(['counted']);
  });

  it('takes the person from end_user, then the key’s email, then the key’s user ID, then the header', () => {
    const person = (extra: Record<string, unknown>) => mapped(litellmFormat, payload(extra), 'U0HEADER1')[0]?.user;
    const metadata = { user_api_key_user_email: 'key@example.com', user_api_key_user_id: 'U0KEY0001' };
    expect(person({ end_user: 'end@example.com', metadata })).toBe('end@example.com');
    expect(person({ end_user: 'customer-42', metadata })).toBe('key@example.com');
    expect(person({ metadata: { ...metadata, user_api_key_user_email: null } })).toBe('U0KEY0001');
    expect(person({ metadata: { user_api_key_user_id: 'default_user_id' } })).toBe('U0HEADER1');
  });

  it('names the payload and field of a refusal', () => {
    const body = [payload(), payload({ id: 'second', completion_tokens: '20' }), payload({ startTime: 'yesterday' })];
    expect(refusals(litellmFormat, body, 'U024BE7LH')).toEqual([
      { path: '1.completion_tokens', message: 'must be a whole number from 0 to 1000000000, got the string "20"' },
      { path: '2.startTime', message: 'must be seconds since 1970 (a number), got the string "yesterday"' },
    ]);
  });

  it('names the payloads that name nobody when the header is missing', () => {
    const body = [payload(), payload({ id: 'two', end_user: 'ann@example.com' }), payload({ id: 'three' })];
    expect(refusals(litellmFormat, body)).toEqual([
      {
        path: 'X-Throne-User',
        message:
          'is missing, and nothing in elements 0, 2 of the list names the person: ' +
          'send their Slack user ID or email in the X-Throne-User header ' +
          '(or in end_user, metadata.user_api_key_user_email, metadata.user_api_key_user_id)',
      },
    ]);
  });
});
