export interface BreakdownRow {
  key: string;
  tokens: number;
  events: number;
}

/** Where a person's weekly number came from: "explain my number". */
export interface Breakdown {
  bySource: BreakdownRow[];
  byModel: BreakdownRow[];
  byDay: BreakdownRow[];
  /** retries of events already stored, dropped so they count once */
  duplicatesDropped: number;
  held: { tokens: number; events: number };
  voided: { tokens: number; events: number };
}
