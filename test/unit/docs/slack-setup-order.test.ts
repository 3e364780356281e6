import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const manifest = readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8');

/** The numbered steps of a README section, in order. */
function stepsOf(heading: string): string[] {
  const start = readme.indexOf(heading);
  expect(start, `README has "${heading}"`).toBeGreaterThanOrEqual(0);
  const section = readme.slice(start + heading.length).split(/\n#{2,3} /)[0] ?? '';
  return section.split(/\n(?=\d+\. )/).filter((step) => /^\d+\. /.test(step));
}

// Slack verifies the request URL as soon as the app is created from the manifest, before the
// bot can hold its signing secret: the steps must get the bot running before asking to re-verify.
describe("the README's Slack set-up (HTTP mode)", () => {
  const steps = stepsOf("### HTTP mode (Slack calls the bot's public URL)");
  const stepWith = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step));

  it('sets the secret, then starts the bot, then re-verifies under Event Subscriptions and Interactivity', () => {
    const create = stepWith(/From a manifest/);
    const secret = stepWith(/SLACK_SIGNING_SECRET/);
    const startBot = stepWith(/npm start/);
    const retry = stepWith(/\*\*Retry\*\*/);
    expect([create, secret, startBot, retry].every((index) => index >= 0)).toBe(true);
    expect(create).toBeLessThan(secret);
    expect(secret).toBeLessThan(startBot);
    expect(startBot).toBeLessThan(retry);
    expect(steps[retry]).toMatch(/Event Subscriptions/);
    expect(steps[retry]).toMatch(/Interactivity/);
  });

  it('says the app serves one workspace without an OAuth install flow, and what to do on Enterprise Grid', () => {
    expect(readme).toMatch(/\*\*One workspace\.\*\*.*no OAuth install flow/s);
    expect(readme).toMatch(/Enterprise\s+Grid/);
    // What the README says about org-wide installs is what the manifest asks for.
    expect(manifest).toMatch(/org_deploy_enabled: false/);
    expect(readme).toMatch(/org_deploy_enabled: false/);
  });
});
