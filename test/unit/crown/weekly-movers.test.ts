import { describe, expect, it } from 'vitest';
import { biggestClimber, newcomersToTop } from '../../../src/crown/weekly-movers.js';

const ranked = (...ids: string[]) => ids.map((userId, i) => ({ userId, rank: i + 1 }));

describe('biggestClimber', () => {
  it('names whoever gained the most places, with where they came from and reached', () => {
    const top = ranked('A', 'B', 'C', 'D');
    const previous = new Map([
      ['A', 2],
      ['B', 9],
      ['C', 12],
      ['D', 5],
    ]);
    expect(biggestClimber(top, previous)).toEqual({ userId: 'C', from: 12, to: 3 });
  });

  it('gives a tie to the higher finisher', () => {
    const top = ranked('A', 'B', 'C');
    expect(
      biggestClimber(
        top,
        new Map([
          ['B', 5],
          ['C', 6],
        ]),
      ),
    ).toEqual({ userId: 'B', from: 5, to: 2 });
  });

  it('skips people new to the board, people who held their place and people who fell', () => {
    const top = ranked('NEW', 'SAME', 'FELL');
    const previous = new Map([
      ['SAME', 2],
      ['FELL', 1],
    ]);
    expect(biggestClimber(top, previous)).toBeUndefined();
  });

  it('counts a climb of one place', () => {
    expect(biggestClimber(ranked('A', 'B'), new Map([['A', 2]]))).toEqual({ userId: 'A', from: 2, to: 1 });
  });

  it('has nobody to name on an empty board', () => {
    expect(biggestClimber([], new Map([['A', 3]]))).toBeUndefined();
  });
});

describe('newcomersToTop', () => {
  it("lists this week's top-10 people missing from last week's top 10, in this week's order", () => {
    const top = ranked('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K');
    expect(newcomersToTop(top, new Set(['A', 'C', 'D', 'E', 'F', 'G', 'H', 'I']))).toEqual(['B', 'J']);
  });

  it('honours a smaller top', () => {
    expect(newcomersToTop(ranked('A', 'B', 'C'), new Set(), 2)).toEqual(['A', 'B']);
  });
});
