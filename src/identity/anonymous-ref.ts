/**
 * The prefix of an anonymous person's reference (`anon:user.id=4f2a…`): telemetry that names no
 * person is kept under it, counting for nobody until the operator maps it to someone.
 */
export const ANONYMOUS_PREFIX = 'anon:';

export function isAnonymousRef(userRef: string): boolean {
  return userRef.startsWith(ANONYMOUS_PREFIX);
}

/** Telemetry that names neither a person nor an anonymous id still counts, as this one. */
export const UNNAMED = `${ANONYMOUS_PREFIX}unnamed`;
