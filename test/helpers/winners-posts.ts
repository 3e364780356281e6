import type { FakeSlack, RecordedCall } from './fake-slack-server.js';

/** Winners posts in `channel`: with a podium card they are the message of files.completeUploadExternal, else a chat.postMessage. */
export function winnersPosts(slack: FakeSlack, channel: string): RecordedCall[] {
  return slack.calls.filter(
    (call) =>
      (call.method === 'chat.postMessage' && call.args.channel === channel) ||
      (call.method === 'files.completeUploadExternal' && call.args.channel_id === channel),
  );
}
