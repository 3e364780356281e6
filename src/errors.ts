/**
 * Kinds of refusal. Each edge decides from the kind alone how to answer: the CLI prints the
 * message (or "cannot start" for settings), the HTTP layer picks the status, Slack replies.
 */
export type ErrorCode =
  /** settings the bot cannot start with */
  | 'bad_config'
  /** a request or command that is wrong as given; sending it again will not help */
  | 'bad_input'
  /** no or unknown credentials, or a bad signature */
  | 'unauthorized'
  /** known, or not needing to be, but not allowed to do this (a cross-site form, say) */
  | 'forbidden'
  /** over a rate limit: retry after `retryAfterSeconds` */
  | 'rate_limited'
  | 'too_large'
  /** a media type or encoding not accepted */
  | 'unsupported'
  | 'not_found'
  | 'not_allowed'
  /** storage cannot take it right now; nothing was stored, retry after `retryAfterSeconds` */
  | 'unavailable';

/** A refusal the bot explains to whoever asked; its message is safe to show them. */
export class ThroneError extends Error {
  override name = 'ThroneError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
