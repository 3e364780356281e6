/** Where "now" comes from: the system clock in production, a fixed or stepped one in tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
