import type { UsageFormat } from './usage-format.js';

/** Every vendor format, each served at POST /api/usage/<name>. */
export const USAGE_FORMATS: readonly UsageFormat[] = [];
