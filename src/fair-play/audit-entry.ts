/** One weekly total a correction or decision changed. */
export interface TotalEffect {
  week: string;
  userId: string;
  before: number;
  after: number;
}

export interface AuditEntry {
  at: number;
  /** a Slack user ID, or 'cli' */
  actor: string;
  action: 'void' | 'restore' | 'approve' | 'reject';
  target: string;
  reason: string;
  events: number;
  effects: TotalEffect[];
  /** closed weeks it touched: their crown and winners post stay as they were */
  closedWeeks: string[];
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
}

/** What a void or restore changed, as its audit entry records it. */
export interface CorrectionResult {
  auditId: number;
  events: number;
  effects: TotalEffect[];
  /** closed weeks the correction changed: their crown and winners post stay as they were */
  closedWeeks: string[];
}
