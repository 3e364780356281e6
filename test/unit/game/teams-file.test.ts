import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTeamsFile } from '../../../src/game/teams-file.js';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'teams-')), 'teams.json');
  writeFileSync(path, content);
  return path;
}

describe('loadTeamsFile', () => {
  it('reads team names with Slack user IDs and emails', () => {
    const path = file(JSON.stringify({ Platform: ['U024BE7LH', 'Ann@Example.com'], Data: [] }));
    expect(loadTeamsFile(path)).toEqual([
      { name: 'Platform', members: ['U024BE7LH', 'ann@example.com'] },
      { name: 'Data', members: [] },
    ]);
  });

  it('names the file, the place and the problem', () => {
    const path = file(JSON.stringify({ Platform: ['U024BE7LH', 'not a person'] }));
    expect(() => loadTeamsFile(path)).toThrow(
      `TEAMS_FILE: ${path} at Platform.1: "not a person" is not a Slack user ID or an email`,
    );
    expect(() => loadTeamsFile(file('["Platform"]'))).toThrow(/must be a JSON object/);
    expect(() => loadTeamsFile(file('{'))).toThrow(/cannot read .* as JSON/);
  });
});
