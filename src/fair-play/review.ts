/** Usage held for review, as the review desk, the review post and the stores share it. */

export type ReviewRule = 'spike' | 'newcomer' | 'cap';
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/** The numbers a reviewer sees: the person's usual day, the day that jumped, the source and models. */
export interface ReviewEvidence {
  usual: number;
  limit: number;
  dayTokens: number;
  sourceDayTokens: number;
  basedOnDays: number;
  /** the person's counted totals of the weeks before, oldest first: their usual week */
  recentWeeks?: Array<{ week: string; tokens: number }>;
}

export interface Review {
  id: number;
  userId: string;
  week: string;
  day: string;
  source: string;
  rule: ReviewRule;
  evidence: ReviewEvidence;
  status: ReviewStatus;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: string | null;
}

/** What a review holds right now. */
export interface HeldUsage {
  tokens: number;
  events: number;
  models: Array<{ model: string | null; tokens: number }>;
}
