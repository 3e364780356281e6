import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

export interface FileShare {
  /** a channel ID, or the DM channel conversations.open gave */
  channel: string;
  filename: string;
  title: string;
  bytes: Buffer;
  /** the message the file is shared with: its blocks, or only its text */
  blocks: unknown[] | undefined;
  text: string;
  /** alt text for screen readers */
  altText: string;
}

const UPLOAD_TIMEOUT_MS = 30_000;

/** Thrown when the upload URL Slack handed out refuses the bytes: retried like a 5xx. */
export class FileUploadError extends Error {
  override name = 'FileUploadError';
}

/**
 * Shares a file with a message through Slack's current upload flow: files.getUploadURLExternal,
 * the bytes POSTed to the URL it answers with (an address that comes from Slack), then
 * files.completeUploadExternal into the channel with the message's blocks. Nothing is posted
 * until the last call, so a failure before it leaves no message (Slack drops unfinished uploads).
 * @returns the file's ID
 */
export async function shareFile(client: WebClient, share: FileShare): Promise<string> {
  const ticket = await client.files.getUploadURLExternal({
    filename: share.filename,
    length: share.bytes.length,
    alt_text: share.altText.slice(0, 1000),
  });
  const { upload_url: uploadUrl, file_id: fileId } = z
    .object({ upload_url: z.url({ protocol: /^https?$/ }), file_id: z.string().min(1) })
    .parse(ticket);
  const response = await fetch(uploadUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: share.bytes,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new FileUploadError(`the upload URL answered ${response.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: fileId, title: share.title }],
    channel_id: share.channel,
    ...(share.blocks ? { blocks: share.blocks as never } : { initial_comment: share.text }),
  });
  return fileId;
}
