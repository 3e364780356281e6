import { createCanvas } from '@napi-rs/canvas';

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

type Reply = { status: number; body: Record<string, unknown> };
const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { ok: true, ...body } });
const error = (code: string): Reply => ({ status: 200, body: { ok: false, error: code } });

/** A distinct solid colour per user, so a test can tell whose avatar ended up where. */
export function avatarColour(userId: string): [number, number, number] {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) % 16777216;
  return [64 + (hash % 160), 64 + ((hash >> 8) % 160), 64 + ((hash >> 16) % 160)];
}

/** The PNG the fake serves as a user's profile picture. */
export function avatarPng(userId: string, size = 192): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const [r, g, b] = avatarColour(userId);
  ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
  ctx.fillRect(0, 0, size, size);
  return canvas.toBuffer('image/png');
}

/**
 * Slack's external file upload (`files.getUploadURLExternal`, the upload URL, then
 * `files.completeUploadExternal`) and user groups, as the fake Slack serves them.
 */
export function createFakeGameApi(baseUrl: () => string, userGroups: FakeUserGroup[]) {
  const uploads = new Map<string, FakeUpload>();
  let fileCounter = 0;

  function filesOf(value: unknown): Array<{ id: string; title?: string }> {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(parsed) ? (parsed as Array<{ id: string; title?: string }>) : [];
  }

  return {
    uploads,
    /** Answers the Web API methods of this part; undefined for any other method. */
    answer(method: string, args: Record<string, unknown>): Reply | undefined {
      switch (method) {
        case 'files.getUploadURLExternal': {
          const length = Number(args.length);
          if (typeof args.filename !== 'string' || !Number.isInteger(length) || length < 1) {
            return error('invalid_arguments');
          }
          fileCounter += 1;
          const fileId = `F0CARD${String(fileCounter).padStart(4, '0')}`;
          uploads.set(fileId, { fileId, filename: args.filename, length, bytes: undefined });
          return ok({ upload_url: `${baseUrl()}/upload/${fileId}`, file_id: fileId });
        }
        case 'files.completeUploadExternal': {
          const files = filesOf(args.files);
          if (files.length === 0) return error('invalid_arguments');
          for (const file of files) {
            const upload = uploads.get(file.id);
            if (!upload?.bytes || upload.bytes.length !== upload.length) return error('file_not_found');
          }
          return ok({ files: files.map((file) => ({ id: file.id, title: file.title })) });
        }
        case 'usergroups.list':
          return ok({ usergroups: userGroups.map(({ users: _users, ...group }) => group) });
        case 'usergroups.users.list': {
          const group = userGroups.find((candidate) => candidate.id === args.usergroup);
          return group ? ok({ users: group.users }) : error('no_such_subteam');
        }
        default:
          return undefined;
      }
    },
    /** The bytes POSTed to an upload URL; false when the URL was never handed out. */
    receiveUpload(fileId: string, bytes: Buffer): boolean {
      const upload = uploads.get(fileId);
      if (!upload) return false;
      upload.bytes = bytes;
      return true;
    },
  };
}
