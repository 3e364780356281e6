import { describe, expect, it } from 'vitest';
import { geminiFormat } from '../../../../src/ingest/formats/gemini.js';
import { fixturesOf } from '../../../fixtures/formats/load-fixtures.js';
import { mapped, refusals } from './map-helpers.js';

function response(usageMetadata: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    candidates: [{ content: { parts: [{ text: 'ok' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata,
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-1',
    ...extra,
  };
}

describe('gemini format', () => {
  it.each(fixturesOf('gemini'))('maps $file to the expected events', ({ body, header, events }) => {
    expect(mapped(geminiFormat, body, header)).toEqual(events);
  });

  it('credits prompt + tool-use prompt as input and candidates + thoughts as output', () => {
    const usage = {
      promptTokenCount: 100,
      toolUsePromptTokenCount: 50,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 70,
      totalTokenCount: 250,
    };
    expect(mapped(geminiFormat, response(usage), 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 150,
      output_tokens: 100,
      reasoning_tokens: 70,
    });
  });

  it('does not add the thoughts twice when totalTokenCount shows candidates already hold them', () => {
    const usage = { promptTokenCount: 52, candidatesTokenCount: 640, thoughtsTokenCount: 512, totalTokenCount: 692 };
    expect(mapped(geminiFormat, response(usage), 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 52,
      output_tokens: 640,
      reasoning_tokens: 512,
    });
  });

  it('reads counts left out (proto3 JSON drops zeros) as 0', () => {
    expect(mapped(geminiFormat, response({ promptTokenCount: 9, totalTokenCount: 9 }), 'U024BE7LH')[0]).toMatchObject({
      input_tokens: 9,
      output_tokens: 0,
    });
  });

  it('refuses a response without responseId: a retry could not be told apart', () => {
    const body = response({ promptTokenCount: 9 }, { responseId: undefined });
    expect(refusals(geminiFormat, body, 'U024BE7LH')).toEqual([
      {
        path: 'responseId',
        message:
          "is missing: Throne needs the response's id to count a retry once; " +
          'send the response as the API returned it (every response and stream chunk carries one)',
      },
    ]);
  });

  it('names refused fields of a list element', () => {
    const body = [
      response({ promptTokenCount: 9 }),
      response({ promptTokenCount: 10, cachedContentTokenCount: 11 }, { responseId: 'resp-2', createTime: 'today' }),
    ];
    expect(refusals(geminiFormat, body, 'U024BE7LH')).toEqual([
      { path: '1.createTime', message: 'must be an ISO 8601 date-time with a zone, got the string "today"' },
      {
        path: '1.usageMetadata.cachedContentTokenCount',
        message: 'is 11, more than promptTokenCount (10) of which it is a part',
      },
    ]);
  });

  it('takes the person from the header only', () => {
    expect(refusals(geminiFormat, response({ promptTokenCount: 9 }))).toEqual([
      {
        path: 'X-Throne-User',
        message:
          'is missing, and nothing in the payload names the person: ' +
          'send their Slack user ID or email in the X-Throne-User header',
      },
    ]);
  });
});
