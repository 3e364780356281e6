import type { Image, SKRSContext2D } from '@napi-rs/canvas';
import { FONT } from './card-fonts.js';

export type Ctx = SKRSContext2D;

/** The metal of each podium place: light, base and dark tones for gradients and rings. */
export const METALS = {
  1: { light: '#fff3b0', base: '#f5c542', dark: '#a8760b', label: 'GOLD' },
  2: { light: '#f4f7fb', base: '#c3ccd6', dark: '#6f7c8a', label: 'SILVER' },
  3: { light: '#ffd2a6', base: '#cd7f32', dark: '#7a4210', label: 'BRONZE' },
} as const;

export type Place = keyof typeof METALS;

/** A small deterministic random generator, so the same week always gets the same confetti. */
export function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619);
  return () => {
    state = Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5;
    state = Math.imul(state ^ (state >>> 13), 3266489909);
    state ^= state >>> 16;
    return (state >>> 0) / 4294967296;
  };
}

/** Shortens text with an ellipsis until it fits `maxWidth` in the current font. */
export function fitText(ctx: Ctx, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Initials for a drawn avatar: "Ada Lovelace" → "AL", "grace" → "G", "ada.king@example.com" → "AK". */
export function initialsOf(name: string): string {
  const words = name
    .replace(/@.*$/, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return (
    letters
      .map((word) => [...(word ?? '')][0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

export function paintBackground(ctx: Ctx, width: number, height: number, seed: string): void {
  const sky = ctx.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, '#2b0f57');
  sky.addColorStop(0.6, '#160a33');
  sky.addColorStop(1, '#0a0618');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);

  // Light rays fanning out from behind the champion.
  ctx.save();
  ctx.translate(width / 2, height * 0.42);
  for (let ray = 0; ray < 18; ray += 1) {
    ctx.rotate((Math.PI * 2) / 18);
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(-60, -900);
    ctx.lineTo(60, -900);
    ctx.closePath();
    ctx.fillStyle = ray % 2 === 0 ? 'rgba(255, 214, 102, 0.06)' : 'rgba(180, 140, 255, 0.04)';
    ctx.fill();
  }
  ctx.restore();

  const glow = ctx.createRadialGradient(width / 2, height * 0.45, 10, width / 2, height * 0.45, 460);
  glow.addColorStop(0, 'rgba(255, 205, 90, 0.38)');
  glow.addColorStop(1, 'rgba(255, 205, 90, 0)');
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, width, height);

  const random = seededRandom(seed);
  const colours = ['#f5c542', '#ff6fb5', '#5ee6d0', '#8f7bff', '#ffffff'];
  for (let piece = 0; piece < 90; piece += 1) {
    const x = random() * width;
    const y = random() * height * 0.75;
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(random() * Math.PI);
    ctx.globalAlpha = 0.35 + random() * 0.5;
    ctx.fillStyle = colours[Math.floor(random() * colours.length)] ?? '#ffffff';
    if (random() < 0.5) ctx.fillRect(-5, -2, 10, 4);
    else {
      ctx.beginPath();
      ctx.arc(0, 0, 1.5 + random() * 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.restore();
  }
}

/** A five-point crown with jewels, its base centred on (x, y). */
export function paintCrown(ctx: Ctx, x: number, y: number, width: number): void {
  const height = width * 0.62;
  const left = x - width / 2;
  ctx.save();
  ctx.shadowColor = 'rgba(255, 200, 60, 0.8)';
  ctx.shadowBlur = 24;
  const gold = ctx.createLinearGradient(0, y - height, 0, y);
  gold.addColorStop(0, METALS[1].light);
  gold.addColorStop(0.5, METALS[1].base);
  gold.addColorStop(1, METALS[1].dark);
  ctx.fillStyle = gold;
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left - width * 0.04, y - height * 0.78);
  ctx.lineTo(left + width * 0.25, y - height * 0.42);
  ctx.lineTo(x, y - height);
  ctx.lineTo(left + width * 0.75, y - height * 0.42);
  ctx.lineTo(left + width * 1.04, y - height * 0.78);
  ctx.lineTo(left + width, y);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  ctx.fillStyle = METALS[1].dark;
  ctx.fillRect(left, y - height * 0.16, width, height * 0.16);
  const jewels = ['#ff3b6b', '#3bd1ff', '#ff3b6b'];
  jewels.forEach((colour, index) => {
    ctx.beginPath();
    ctx.arc(left + width * (0.25 + index * 0.25), y - height * 0.08, width * 0.055, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.fill();
  });
  for (const [tipX, tipY] of [
    [left - width * 0.04, y - height * 0.78],
    [x, y - height],
    [left + width * 1.04, y - height * 0.78],
  ] as const) {
    ctx.beginPath();
    ctx.arc(tipX, tipY, width * 0.06, 0, Math.PI * 2);
    ctx.fillStyle = METALS[1].light;
    ctx.fill();
  }
}

/** A round avatar in a ring of the place's metal; a drawn one with initials when there is no picture. */
export function paintAvatar(
  ctx: Ctx,
  slot: { x: number; y: number; radius: number },
  place: Place,
  name: string,
  image: Image | undefined,
): void {
  const metal = METALS[place];
  const { x, y, radius } = slot;
  ctx.save();
  ctx.shadowColor = metal.base;
  ctx.shadowBlur = 30;
  ctx.beginPath();
  ctx.arc(x, y, radius + 9, 0, Math.PI * 2);
  const ring = ctx.createLinearGradient(x - radius, y - radius, x + radius, y + radius);
  ring.addColorStop(0, metal.light);
  ring.addColorStop(0.5, metal.base);
  ring.addColorStop(1, metal.dark);
  ctx.fillStyle = ring;
  ctx.fill();
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.clip();
  if (image) {
    // Cover the circle: scale the shorter side to the diameter, centre the rest.
    const scale = (radius * 2) / Math.min(image.width, image.height);
    const width = image.width * scale;
    const height = image.height * scale;
    ctx.drawImage(image, x - width / 2, y - height / 2, width, height);
  } else {
    const hue = hueOf(name);
    const fill = ctx.createLinearGradient(x - radius, y - radius, x + radius, y + radius);
    fill.addColorStop(0, `hsl(${hue}, 70%, 58%)`);
    fill.addColorStop(1, `hsl(${(hue + 50) % 360}, 65%, 38%)`);
    ctx.fillStyle = fill;
    ctx.fillRect(x - radius, y - radius, radius * 2, radius * 2);
    ctx.fillStyle = '#ffffff';
    ctx.font = `${Math.round(radius * 0.8)}px "${FONT.black}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(initialsOf(name), x, y + radius * 0.04);
  }
  ctx.restore();
}

/** A podium step in the place's metal: a lit top and a shaded front face. */
export function paintStep(ctx: Ctx, box: { x: number; top: number; width: number; bottom: number }, place: Place) {
  const metal = METALS[place];
  const { x, top, width, bottom } = box;
  const left = x - width / 2;
  const lid = 16;
  ctx.beginPath();
  ctx.moveTo(left + 10, top);
  ctx.lineTo(left + width - 10, top);
  ctx.lineTo(left + width, top + lid);
  ctx.lineTo(left, top + lid);
  ctx.closePath();
  ctx.fillStyle = metal.light;
  ctx.fill();

  const face = ctx.createLinearGradient(left, 0, left + width, 0);
  face.addColorStop(0, metal.dark);
  face.addColorStop(0.35, metal.base);
  face.addColorStop(0.65, metal.base);
  face.addColorStop(1, metal.dark);
  ctx.fillStyle = face;
  ctx.fillRect(left, top + lid, width, bottom - top - lid);
}

/** A medal disc with the place number, pinned to the lower right of an avatar. */
export function paintMedal(ctx: Ctx, slot: { x: number; y: number; radius: number }, place: Place): void {
  const metal = METALS[place];
  const x = slot.x + slot.radius * 0.72;
  const y = slot.y + slot.radius * 0.72;
  const size = place === 1 ? 26 : 22;
  ctx.save();
  ctx.shadowColor = 'rgba(0, 0, 0, 0.45)';
  ctx.shadowBlur = 8;
  ctx.beginPath();
  ctx.arc(x, y, size, 0, Math.PI * 2);
  const disc = ctx.createLinearGradient(x - size, y - size, x + size, y + size);
  disc.addColorStop(0, metal.light);
  disc.addColorStop(1, metal.dark);
  ctx.fillStyle = disc;
  ctx.fill();
  ctx.restore();
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#1b0f33';
  ctx.stroke();
  ctx.fillStyle = '#1b0f33';
  ctx.font = `${Math.round(size * 1.15)}px "${FONT.black}"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(String(place), x, y + 1);
  ctx.textBaseline = 'alphabetic';
}
