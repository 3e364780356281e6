import { describe, expect, it } from 'vitest';
import { ok, slackError, startFakeSlack } from '../../helpers/fake-slack-server.js';

async function call(apiUrl: string, method: string, args: Record<string, unknown> = {}) {
  const response = await fetch(`${apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the fake Slack Web API', () => {
  it('fails the test at close when the bot called a method it has no handler for', async () => {
    const slack = await startFakeSlack();
    const answer = await call(slack.apiUrl, 'reactions.add', { name: 'crown' });
    expect(answer.status).toBe(501);
    expect(slack.callsTo('reactions.add')).toHaveLength(1);
    await expect(slack.close()).rejects.toThrow(/no handler for: reactions\.add/);
  });

  it('answers a method a test adds, with the arguments it was called with', async () => {
    const slack = await startFakeSlack();
    slack.handle('usergroups.list', ({ args }) => ok({ usergroups: [{ id: 'S0TEAM001', handle: args.team_id }] }));
    const answer = await call(slack.apiUrl, 'usergroups.list', { team_id: 'T0THRONE1' });
    expect(answer).toEqual({
      status: 200,
      body: { ok: true, usergroups: [{ id: 'S0TEAM001', handle: 'T0THRONE1' }] },
    });
    await slack.close();
  });

  it('lets failNext take precedence over a handler, then answers normally', async () => {
    const slack = await startFakeSlack({ users: [{ id: 'U0ALICE01', name: 'alice' }] });
    slack.failNext('users.info', { status: 429, retryAfter: 3 });
    expect(await call(slack.apiUrl, 'users.info', { user: 'U0ALICE01' })).toEqual({
      status: 429,
      body: { ok: false, error: 'ratelimited' },
    });
    const second = await call(slack.apiUrl, 'users.info', { user: 'U0ALICE01' });
    expect(second.body).toMatchObject({ ok: true, user: { id: 'U0ALICE01', name: 'alice' } });
    await slack.close();
  });

  it('lets a test wrap a standard handler, here with a per-method limit', async () => {
    const slack = await startFakeSlack({ users: [{ id: 'U0ALICE01', name: 'alice' }] });
    const lookup = slack.handlerOf('users.info');
    if (!lookup) throw new Error('users.info has a standard handler');
    let served = 0;
    slack.handle('users.info', (call) => (++served > 1 ? slackError('ratelimited') : lookup(call)));
    expect((await call(slack.apiUrl, 'users.info', { user: 'U0ALICE01' })).body).toMatchObject({ ok: true });
    expect((await call(slack.apiUrl, 'users.info', { user: 'U0ALICE01' })).body).toEqual({
      ok: false,
      error: 'ratelimited',
    });
    await slack.close();
  });
});
