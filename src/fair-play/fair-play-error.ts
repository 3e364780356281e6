/** A correction or review decision the bot refuses, with a message that says why. */
export class FairPlayError extends Error {
  override name = 'FairPlayError';
}
