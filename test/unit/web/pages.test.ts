import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../src/badges/ladder.js';
import { boardFragment } from '../../../src/web/pages/board-page.js';
import { personPage } from '../../../src/web/pages/person-page.js';
import type { BoardView, PersonView } from '../../../src/web/pages/views.js';
import { parseWeek } from '../../../src/weeks/parse-week.js';

const week = parseWeek('2026-W48', 'UTC');
if (!week) throw new Error('no week');

const person: PersonView = {
  userId: 'U0ALICE01',
  name: 'Alice',
  avatar: undefined,
  week,
  dates: 'Mon 23 Nov – Sun 29 Nov 2026',
  isCurrent: false,
  standing: { rank: 2, tokens: 120_000 },
  badges: DEFAULT_LADDER.slice(0, 1),
  history: [{ week: '2026-W48', tokens: 120_000, crowned: false }],
  models: [],
  crowns: [],
};

describe('web pages', () => {
  it('says when a week kept only its total, not its events', () => {
    expect(personPage(person, DEFAULT_LADDER).value).toContain(
      'The events of that week are no longer kept, only its total.',
    );
    expect(personPage({ ...person, standing: undefined }, DEFAULT_LADDER).value).toContain('No usage that week.');
  });

  it('shows a name without a picture as its first letter, escaped, and links people by encoded ID', () => {
    const view: BoardView = {
      week,
      dates: '',
      isCurrent: true,
      rows: [
        {
          userId: 'U0EVIL001',
          name: '<b>x</b>',
          avatar: undefined,
          rank: 1,
          tokens: 10,
          badge: undefined,
          isTokenLord: false,
        },
      ],
      totals: { tokens: 10, people: 1, events: 1 },
      tokenLord: undefined,
      resetsInMs: 60_000,
      previousWeek: '2026-W47',
      nextWeek: undefined,
    };
    const markup = boardFragment(view, undefined).value;
    expect(markup).toContain('<span class="avatar small initial" aria-hidden="true">&lt;</span>');
    expect(markup).toContain('<a href="/people/U0EVIL001">&lt;b&gt;x&lt;/b&gt;</a>');
    expect(markup).toContain('<strong>1m</strong><span>until the reset</span>');
    expect(markup).not.toContain('<b>');
  });
});
