const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Whether a value is a Slack user ID (`U…`, or `W…` on Enterprise Grid) rather than an email.
 * @example isSlackUserId('U024BE7LH') //=> true
 */
export function isSlackUserId(value: string): boolean {
  return SLACK_USER_ID.test(value);
}
