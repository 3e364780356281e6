import type { RequestListener } from 'node:http';
import { HTTPModuleFunctions, type Logger } from '@slack/bolt';
import { z } from 'zod';

export const WARMING_UP = '👑 Token Throne is warming up (still connecting to Slack). Try again in a minute!';

// The fields relied on, of a request already verified as Slack's.
const slackRequestSchema = z.object({
  type: z.string().optional(),
  challenge: z.string().optional(),
  ssl_check: z.string().optional(),
  command: z.string().optional(),
  response_url: z.url().optional(),
});

/** Bolt's listener for POST /slack/events once `isReady()`, and the warming-up answer before. */
export function untilReady(
  boltListener: RequestListener,
  isReady: () => boolean,
  signingSecret: string,
  logger: Logger,
): RequestListener {
  const warmingUp = createWarmingUpListener(signingSecret, logger);
  return (req, res) => (isReady() ? boltListener(req, res) : warmingUp(req, res));
}

/**
 * Answers POST /slack/events while Bolt cannot (it has not initialised: start-up, or Slack is
 * refusing the bot token). Requests are verified with the signing secret exactly as Bolt would;
 * a slash command is told "warming up" in its own answer, a button press through its
 * response_url, URL verification is answered, and events are acknowledged.
 */
function createWarmingUpListener(signingSecret: string, logger: Logger): RequestListener {
  return async (req, res) => {
    let body: z.infer<typeof slackRequestSchema>;
    try {
      const verified = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret, logger }, req);
      body = slackRequestSchema.parse(HTTPModuleFunctions.parseHTTPRequestBody(verified));
    } catch (error) {
      logger.info(`Refused a request to /slack/events while connecting to Slack: ${(error as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    if (body.ssl_check) return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    logger.warn('A Slack request arrived before the bot could connect to Slack: answered "warming up".');
    if (body.command) {
      return HTTPModuleFunctions.buildContentResponse(res, { response_type: 'ephemeral', text: WARMING_UP });
    }
    HTTPModuleFunctions.buildNoBodyResponse(res, 200);
    // A button's HTTP answer is not shown to anyone: say it on the response_url instead, as a
    // new private message, leaving the board the button is on as it is.
    if (body.response_url) {
      await fetch(body.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: WARMING_UP }),
        signal: AbortSignal.timeout(10_000),
      }).catch((error: unknown) => logger.warn(`Could not say "warming up" to Slack: ${(error as Error).message}`));
    }
  };
}
