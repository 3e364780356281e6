import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PAGE_CACHE_KIB } from '../../../src/db/open-database.js';

describe('openDatabase', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('bounds the page cache to PAGE_CACHE_KIB and never maps the file into memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'throne-open-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'nested', 'throne.db'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
