import { createCanvas } from '@napi-rs/canvas';

/** Where the fake serves profile pictures: `/avatars/<user id>_<size>.png`. */
export const AVATAR_PATH = /^\/avatars\/([UW][A-Z0-9]+)_(48|72|192)\.png$/;

/** A distinct solid colour per user, so a test can tell whose avatar ended up where. */
export function avatarColour(userId: string): [number, number, number] {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) % 16777216;
  return [64 + (hash % 160), 64 + ((hash >> 8) % 160), 64 + ((hash >> 16) % 160)];
}

/** The PNG the fake serves as a user's profile picture. */
export function avatarPng(userId: string, size: number): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const [r, g, b] = avatarColour(userId);
  ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
  ctx.fillRect(0, 0, size, size);
  return canvas.toBuffer('image/png');
}
