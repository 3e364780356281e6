import { anthropicFormat } from './anthropic.js';
import { geminiFormat } from './gemini.js';
import { litellmFormat } from './litellm.js';
import { openaiFormat } from './openai.js';
import type { UsageFormat } from './usage-format.js';

/** Every vendor format, each served at POST /api/usage/<name>. */
export const USAGE_FORMATS: readonly UsageFormat[] = [openaiFormat, anthropicFormat, litellmFormat, geminiFormat];
