import { describe, expect, it } from 'vitest';
import { anthropicFormat } from '../../../../src/ingest/formats/anthropic.js';
import { fixturesOf } from '../../../fixtures/formats/load-fixtures.js';
import { mapped, refusals } from './map-helpers.js';

function message(usage: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage, ...extra };
}

describe('anthropic format', () => {
  it.each(fixturesOf('anthropic'))('maps $file to the expected events', ({ body, header, events }) => {
    expect(mapped(anthropicFormat, body, header)).toEqual(events);
  });

  it('adds both cache counts to input_tokens, since Anthropic reports them apart', () => {
    const body = message({
      input_tokens: 20,
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 4000,
      output_tokens: 300,
    });
    expect(mapped(anthropicFormat, body, 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 5020,
      output_tokens: 300,
      cache_write_tokens: 1000,
      cache_read_tokens: 4000,
    });
  });

  it('reads null or absent cache counts as none', () => {
    const body = message({ input_tokens: 20, cache_creation_input_tokens: null, output_tokens: 3 });
    expect(mapped(anthropicFormat, body, 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 20,
      cache_write_tokens: null,
      cache_read_tokens: null,
    });
  });

  it('names the refused field of a list element', () => {
    const body = [message({ input_tokens: 1, output_tokens: 1 }), message({ input_tokens: 2.5, output_tokens: 1 })];
    expect(refusals(anthropicFormat, body, 'U024BE7LH')).toEqual([
      { path: '1.usage.input_tokens', message: 'must be a whole number from 0 to 1000000000, got 2.5' },
    ]);
  });

  it('refuses a list of more than 1000 payloads before looking at them', () => {
    expect(
      refusals(
        anthropicFormat,
        Array.from({ length: 1001 }, () => ({})),
        'U024BE7LH',
      ),
    ).toEqual([{ path: '(body)', message: 'holds 1001 payloads; at most 1000 fit in one request' }]);
  });

  it('refuses anything but a message', () => {
    expect(
      refusals(anthropicFormat, { type: 'error', error: { type: 'overloaded_error' } }, 'U024BE7LH'),
    ).toContainEqual({
      path: 'type',
      message: 'must be "message" (an Anthropic Messages API response), got the string "error"',
    });
  });

  it('takes the person from metadata.user_id when a tool merged the request metadata in, else the header', () => {
    const usage = { input_tokens: 1, output_tokens: 1 };
    expect(mapped(anthropicFormat, message(usage, { metadata: { user_id: 'U0META001' } }), 'U0HEADER1')[0]?.user).toBe(
      'U0META001',
    );
    expect(mapped(anthropicFormat, message(usage, { metadata: { user_id: 'a1b2c3' } }), 'U0HEADER1')[0]?.user).toBe(
      'U0HEADER1',
    );
    expect(refusals(anthropicFormat, message(usage))[0]?.path).toBe('X-Throne-User');
  });
});
