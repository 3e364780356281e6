import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { initialsOf } from '../../../src/card/card-painting.js';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  PODIUM_LAYOUT,
  type PodiumCardData,
  renderPodiumCard,
} from '../../../src/card/podium-card.js';

/** Where the test leaves the cards it draws, for a person to open and look at. */
const CARD_OUTPUT_DIR = join(import.meta.dirname, '..', '..', '..', 'data', 'test-cards');

const RED = [220, 30, 40] as const;
const GREEN = [20, 170, 90] as const;

function solidAvatar([r, g, b]: readonly number[]): Buffer {
  const canvas = createCanvas(72, 72);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
  ctx.fillRect(0, 0, 72, 72);
  return canvas.toBuffer('image/png');
}

const data: PodiumCardData = {
  week: '2026-W48',
  heading: 'Champions of 2026-W48',
  dates: 'Mon 23 – Sun 29 Nov 2026',
  places: [
    { name: 'Ada Lovelace', title: 'Token Lord', tokens: 2_412_345, avatar: solidAvatar(RED) },
    { name: 'Grace Hopper', title: 'Token Overlord', tokens: 2_050_000, avatar: solidAvatar(GREEN) },
    // Not an image at all: the card draws a placeholder with initials.
    { name: 'Linus Torvalds', title: 'AI Grandmaster', tokens: 1_800_000, avatar: Buffer.from('<html>404</html>') },
  ],
  totals: { tokens: 12_300_000, people: 42, events: 3100 },
};

async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data: rgba } = ctx.getImageData(0, 0, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    at: (x: number, y: number) => Array.from(rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)),
  };
}

/** A point inside an avatar slot, left of centre and above the medal, clear of drawn initials. */
function probe(place: 1 | 2 | 3) {
  const slot = PODIUM_LAYOUT[place];
  return { x: Math.round(slot.x - slot.radius * 0.6), y: Math.round(slot.avatarY - slot.radius * 0.2) };
}

describe('renderPodiumCard', () => {
  it('draws a PNG of the card size with every avatar slot filled', async () => {
    const png = await renderPodiumCard(data);
    mkdirSync(CARD_OUTPUT_DIR, { recursive: true });
    writeFileSync(join(CARD_OUTPUT_DIR, 'podium.png'), png);

    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const card = await pixels(png);
    expect([card.width, card.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);

    const first = card.at(probe(1).x, probe(1).y);
    const second = card.at(probe(2).x, probe(2).y);
    expect(first.slice(0, 3).every((value, i) => Math.abs(value - (RED[i] ?? 0)) <= 2)).toBe(true);
    expect(second.slice(0, 3).every((value, i) => Math.abs(value - (GREEN[i] ?? 0)) <= 2)).toBe(true);

    // The third slot has no usable picture: compare it with the same card where nobody stands third.
    const vacant = await pixels(await renderPodiumCard({ ...data, places: data.places.slice(0, 2) }));
    const filled = card.at(probe(3).x, probe(3).y);
    const empty = vacant.at(probe(3).x, probe(3).y);
    const difference = filled.slice(0, 3).reduce((sum, value, i) => sum + Math.abs(value - (empty[i] ?? 0)), 0);
    expect(difference).toBeGreaterThan(90);
    expect(filled[3]).toBe(255);
  });

  it('draws the same card for the same week', async () => {
    expect((await renderPodiumCard(data)).equals(await renderPodiumCard(data))).toBe(true);
  });

  it('draws a card for a week with a single player', async () => {
    const card = await pixels(await renderPodiumCard({ ...data, places: data.places.slice(0, 1) }));
    expect(card.width).toBe(CARD_WIDTH);
  });
});

describe('initialsOf', () => {
  it('takes the first and last word', () => {
    expect(initialsOf('Ada King Lovelace')).toBe('AL');
    expect(initialsOf('grace')).toBe('G');
    expect(initialsOf('🚀')).toBe('?');
    expect(initialsOf('Émile Zola')).toBe('ÉZ');
    expect(initialsOf('ada.king@example.com')).toBe('AK');
    expect(initialsOf('grace@example.com')).toBe('G');
  });
});
