import { z } from 'zod';

export interface Badge {
  name: string;
  /** weekly tokens at which it is earned */
  threshold: number;
  emoji: string;
}

/** No lone surrogate (half an emoji): Slack refuses a whole message that carries one. */
const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** The spec's default ladder. */
export const DEFAULT_LADDER: readonly Badge[] = [
  { name: 'Prompt Apprentice', threshold: 50_000, emoji: '🌱' },
  { name: 'Context Weaver', threshold: 200_000, emoji: '🧵' },
  { name: 'Token Knight', threshold: 500_000, emoji: '⚔️' },
  { name: 'AI Grandmaster', threshold: 1_000_000, emoji: '🧠' },
  { name: 'Token Overlord', threshold: 2_000_000, emoji: '🐉' },
];

export const ladderSchema = z
  .array(
    z.object({
      name: z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(60, 'must be at most 60 characters')
        .refine(isWellFormed, 'must be well-formed text (a broken emoji would make Slack refuse it)'),
      threshold: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1e12),
      emoji: z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(40, 'must be at most 40 characters')
        .refine(isWellFormed, 'must be well-formed text (a broken emoji would make Slack refuse it)'),
    }),
    { error: 'must be a JSON list of {"name", "threshold", "emoji"} objects' },
  )
  .min(1, 'must hold at least one badge')
  .max(20, 'must hold at most 20 badges')
  .superRefine((badges, ctx) => {
    badges.forEach((badge, index) => {
      const previous = badges[index - 1];
      if (previous && badge.threshold <= previous.threshold) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'threshold'],
          message: `must be higher than the badge before it (${previous.threshold}): list badges from lowest to highest`,
        });
      }
    });
  });

/**
 * The highest badge a weekly total has earned, if any.
 * @example highestBadge(DEFAULT_LADDER, 600_000)?.name //=> "Token Knight"
 */
export function highestBadge(ladder: readonly Badge[], tokens: number): Badge | undefined {
  return ladder.findLast((badge) => tokens >= badge.threshold);
}

/** Every badge a weekly total has earned, lowest first. */
export function badgesEarned(ladder: readonly Badge[], tokens: number): Badge[] {
  return ladder.filter((badge) => tokens >= badge.threshold);
}

/** The next badge to earn, if any is left. */
export function nextBadge(ladder: readonly Badge[], tokens: number): Badge | undefined {
  return ladder.find((badge) => tokens < badge.threshold);
}

/**
 * The badges a total newly earns when it grows from `before` to `after`, lowest first.
 * @example badgesCrossed(DEFAULT_LADDER, 40_000, 250_000).map(b => b.name) //=> ["Prompt Apprentice", "Context Weaver"]
 */
export function badgesCrossed(ladder: readonly Badge[], before: number, after: number): Badge[] {
  return ladder.filter((badge) => before < badge.threshold && after >= badge.threshold);
}
