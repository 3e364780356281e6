import { createCanvas, type Image, loadImage } from '@napi-rs/canvas';
import { formatExactTokens, formatTokens } from '../leaderboard/format-tokens.js';
import { FONT, registerCardFonts } from './card-fonts.js';
import {
  type Ctx,
  fitText,
  METALS,
  type Place,
  paintAvatar,
  paintBackground,
  paintCrown,
  paintMedal,
  paintStep,
} from './card-painting.js';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 800;

const FLOOR = 712;
const AVATAR_GAP = 76;

/** Where each place stands: its step and its avatar. Exported so tests can look at the right pixels. */
export const PODIUM_LAYOUT: Record<Place, { x: number; stepHeight: number; radius: number; avatarY: number }> = {
  1: { x: 600, stepHeight: 205, radius: 86, avatarY: FLOOR - 205 - AVATAR_GAP - 86 },
  2: { x: 320, stepHeight: 160, radius: 68, avatarY: FLOOR - 160 - AVATAR_GAP - 68 },
  3: { x: 880, stepHeight: 120, radius: 68, avatarY: FLOOR - 120 - AVATAR_GAP - 68 },
};

const STEP_WIDTH = { 1: 300, 2: 260, 3: 260 } as const;

export interface PodiumCardPlace {
  name: string;
  /** the fantasy title under the name: "Token Lord", a badge such as "AI Grandmaster" */
  title: string | undefined;
  tokens: number;
  /** the avatar's image file (PNG, JPEG, GIF, WebP); undefined or undecodable draws one */
  avatar: Buffer | undefined;
}

export interface PodiumCardData {
  /** "2026-W48": also seeds the confetti, so a week's card is always the same */
  week: string;
  /** the big line: "Champions of 2026-W48" */
  heading: string;
  /** the week's dates as people read them */
  dates: string;
  /** places 1 to 3, in order; fewer when fewer people played */
  places: PodiumCardPlace[];
  totals: { tokens: number; people: number; events: number };
  /** an extra line in the footer, such as an estimated cost; omitted when undefined */
  footnote?: string | undefined;
}

async function decode(avatar: Buffer | undefined): Promise<Image | undefined> {
  if (!avatar) return undefined;
  try {
    return await loadImage(avatar);
  } catch {
    return undefined;
  }
}

function paintHeader(ctx: Ctx, data: PodiumCardData): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = METALS[1].base;
  ctx.font = `22px "${FONT.bold}"`;
  ctx.letterSpacing = '8px';
  ctx.fillText('TOKEN THRONE', CARD_WIDTH / 2, 52);
  ctx.letterSpacing = '0px';
  ctx.fillStyle = '#ffffff';
  ctx.shadowColor = 'rgba(0, 0, 0, 0.5)';
  ctx.shadowBlur = 12;
  ctx.font = `52px "${FONT.black}"`;
  ctx.fillText(fitText(ctx, data.heading, CARD_WIDTH - 80), CARD_WIDTH / 2, 110);
  ctx.shadowBlur = 0;
  ctx.fillStyle = '#c9b8ff';
  ctx.font = `22px "${FONT.regular}"`;
  ctx.fillText(data.dates, CARD_WIDTH / 2, 144);
}

function paintPlace(ctx: Ctx, place: Place, entry: PodiumCardPlace | undefined, image: Image | undefined): void {
  const layout = PODIUM_LAYOUT[place];
  const width = STEP_WIDTH[place];
  const top = FLOOR - layout.stepHeight;
  paintStep(ctx, { x: layout.x, top, width, bottom: FLOOR }, place);
  ctx.textAlign = 'center';
  if (!entry) {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.45)';
    ctx.font = `24px "${FONT.bold}"`;
    ctx.fillText('Vacant', layout.x, top - 30);
    return;
  }
  const slot = { x: layout.x, y: layout.avatarY, radius: layout.radius };
  paintAvatar(ctx, slot, place, entry.name, image);
  paintMedal(ctx, slot, place);
  if (place === 1) paintCrown(ctx, layout.x, layout.avatarY - layout.radius - 14, 120);

  ctx.fillStyle = '#ffffff';
  ctx.font = `${place === 1 ? 30 : 26}px "${FONT.black}"`;
  ctx.fillText(fitText(ctx, entry.name, width - 12), layout.x, top - 40);
  if (entry.title) {
    ctx.fillStyle = METALS[place].light;
    ctx.font = `19px "${FONT.bold}"`;
    ctx.fillText(fitText(ctx, entry.title, width - 12), layout.x, top - 14);
  }

  ctx.fillStyle = '#1b0f33';
  ctx.font = `${place === 1 ? 46 : 38}px "${FONT.black}"`;
  ctx.fillText(formatTokens(entry.tokens), layout.x, top + (place === 1 ? 76 : 66));
  ctx.font = `17px "${FONT.bold}"`;
  ctx.fillStyle = 'rgba(27, 15, 51, 0.75)';
  ctx.fillText('TOKENS', layout.x, top + (place === 1 ? 102 : 90));
}

function paintFooter(ctx: Ctx, data: PodiumCardData): void {
  ctx.fillStyle = 'rgba(8, 4, 20, 0.85)';
  ctx.fillRect(0, FLOOR, CARD_WIDTH, CARD_HEIGHT - FLOOR);
  ctx.fillStyle = METALS[1].base;
  ctx.fillRect(0, FLOOR, CARD_WIDTH, 3);
  const { tokens, people, events } = data.totals;
  const line = [
    `${formatTokens(tokens)} tokens burned`,
    `${formatExactTokens(people)} ${people === 1 ? 'player' : 'players'}`,
    `${formatExactTokens(events)} ${events === 1 ? 'request' : 'requests'}`,
  ].join('   ·   ');
  ctx.textAlign = 'center';
  ctx.fillStyle = '#ffffff';
  ctx.font = `26px "${FONT.bold}"`;
  ctx.fillText(line, CARD_WIDTH / 2, FLOOR + (data.footnote ? 38 : 52));
  if (data.footnote) {
    ctx.fillStyle = '#c9b8ff';
    ctx.font = `20px "${FONT.regular}"`;
    ctx.fillText(fitText(ctx, data.footnote, CARD_WIDTH - 80), CARD_WIDTH / 2, FLOOR + 70);
  }
}

/**
 * Draws the week's podium as a PNG: the top three on gold, silver and bronze steps with their
 * avatars, names, titles and tokens, the champion crowned, the week's totals underneath.
 * Everything is drawn in-process from fonts installed with the package.
 */
export async function renderPodiumCard(data: PodiumCardData): Promise<Buffer> {
  registerCardFonts();
  const images = await Promise.all(data.places.slice(0, 3).map((place) => decode(place.avatar)));
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  paintBackground(ctx, CARD_WIDTH, CARD_HEIGHT, data.week);
  paintHeader(ctx, data);
  // Second and third first, so the champion's glow lies over them.
  for (const place of [2, 3, 1] as const) paintPlace(ctx, place, data.places[place - 1], images[place - 1]);
  paintFooter(ctx, data);
  return canvas.encode('png');
}
