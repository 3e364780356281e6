import { describe, expect, it } from 'vitest';
import { ThroneError } from '../../../src/errors.js';
import { errorReplyText, SOMETHING_WENT_WRONG, THRONE_ROOM_BUSY } from '../../../src/slack/error-reply.js';

describe('errorReplyText', () => {
  it.each(['bad_input', 'not_allowed', 'not_found'] as const)('tells the person why for a %s refusal', (code) => {
    expect(
      errorReplyText(new ThroneError(code, 'That button points at 2025-W53, a week its year does not have.')),
    ).toBe('⚠️ That button points at 2025-W53, a week its year does not have.');
  });

  it('locks a refusal of who may do it, saying why', () => {
    expect(
      errorReplyText(new ThroneError('forbidden', 'Only admins (ADMIN_USERS) can correct usage or decide reviews.')),
    ).toBe('🔒 Only admins (ADMIN_USERS) can correct usage or decide reviews.');
  });

  it.each(['unavailable', 'rate_limited'] as const)('asks to try again in a minute when %s', (code) => {
    expect(errorReplyText(new ThroneError(code, 'SQLITE_FULL: database or disk is full', 5))).toBe(THRONE_ROOM_BUSY);
  });

  it('apologises without details for kinds meant for operators and for unexpected errors', () => {
    expect(errorReplyText(new ThroneError('bad_config', 'SLACK_BOT_TOKEN is malformed'))).toBe(SOMETHING_WENT_WRONG);
    expect(errorReplyText(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      SOMETHING_WENT_WRONG,
    );
    expect(errorReplyText('a string thrown')).toBe(SOMETHING_WENT_WRONG);
  });
});
