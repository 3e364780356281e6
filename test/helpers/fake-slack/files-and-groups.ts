import { ok, slackError } from './reply.js';
import type { MethodHandler } from './web-api.js';

/** A file the bot uploaded to a URL from `files.getUploadURLExternal`. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  /** the length the bot announced */
  length: number;
  bytes: Buffer | undefined;
}

export interface FakeUserGroup {
  id: string;
  name: string;
  handle: string;
  users: string[];
}

/** Where the fake takes uploaded bytes: `/upload/<file id>`. */
export const UPLOAD_PATH_PREFIX = '/upload/';

function filesOf(value: unknown): Array<{ id: string; title?: string }> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as Array<{ id: string; title?: string }>) : [];
}

/**
 * Slack's external file upload (`files.getUploadURLExternal`, the upload URL it hands out, then
 * `files.completeUploadExternal`, which refuses a file whose bytes never arrived) and user groups.
 */
export function createFilesAndGroups(baseUrl: () => string, userGroups: FakeUserGroup[]) {
  const uploads = new Map<string, FakeUpload>();
  let fileCounter = 0;
  const methods: Record<string, MethodHandler> = {
    'files.getUploadURLExternal': ({ args }) => {
      const length = Number(args.length);
      if (typeof args.filename !== 'string' || !Number.isInteger(length) || length < 1) {
        return slackError('invalid_arguments');
      }
      fileCounter += 1;
      const fileId = `F0CARD${String(fileCounter).padStart(4, '0')}`;
      uploads.set(fileId, { fileId, filename: args.filename, length, bytes: undefined });
      return ok({ upload_url: `${baseUrl()}${UPLOAD_PATH_PREFIX}${fileId}`, file_id: fileId });
    },
    'files.completeUploadExternal': ({ args }) => {
      const files = filesOf(args.files);
      if (files.length === 0) return slackError('invalid_arguments');
      for (const file of files) {
        const upload = uploads.get(file.id);
        if (!upload?.bytes || upload.bytes.length !== upload.length) return slackError('file_not_found');
      }
      return ok({ files: files.map((file) => ({ id: file.id, title: file.title })) });
    },
    'usergroups.list': () => ok({ usergroups: userGroups.map(({ users: _users, ...group }) => group) }),
    'usergroups.users.list': ({ args }) => {
      const group = userGroups.find((candidate) => candidate.id === args.usergroup);
      return group ? ok({ users: group.users }) : slackError('no_such_subteam');
    },
  };
  return {
    methods,
    uploads,
    /** The bytes POSTed to an upload URL; false when the URL was never handed out. */
    receiveUpload(fileId: string, bytes: Buffer): boolean {
      const upload = uploads.get(fileId);
      if (!upload) return false;
      upload.bytes = bytes;
      return true;
    },
  };
}
