import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
/** Where page screenshots go for a person to look at; SCREENSHOT_DIR overrides. */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'throne-screens');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Debian's Chromium, driven by playwright-core; a missing browser fails with the command that installs it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-quic', '--disable-sync', '--disable-gpu', '--no-first-run'],
  });
}

export interface SealedContext {
  context: BrowserContext;
  /** every request that tried to leave loopback (each one is refused) */
  outside: string[];
  /** Content-Security-Policy violations reported by any page */
  cspViolations: string[];
  /** uncaught errors in page scripts */
  pageErrors: string[];
  newPage(): Promise<Page>;
}

/**
 * A fresh browser context whose every request to a non-loopback address is aborted and
 * recorded, and whose pages report CSP violations and script errors.
 */
export async function sealedContext(browser: Browser): Promise<SealedContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const outside: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return route.continue();
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(url.href);
    return route.abort('blockedbyclient');
  });
  // Reported by the page itself, so violations show up even when nothing is printed to the console.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI);
    });`,
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|CSP violation/i.test(text)) cspViolations.push(text);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  };
  context.on('page', watch);
  return {
    context,
    outside,
    cspViolations,
    pageErrors,
    newPage: () => context.newPage(),
  };
}

/** Saves a full-page screenshot under SCREENSHOT_DIR and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * One Chromium for a test file, and sealed contexts per test; after each test every context
 * must have made no request off loopback, hit no CSP violation and thrown no script error.
 */
export function useSealedBrowser(): { context(): Promise<SealedContext> } {
  let browser: Browser | undefined;
  const open: SealedContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const contexts = open.splice(0);
    for (const sealed of contexts) await sealed.context.close();
    for (const sealed of contexts) {
      expect(sealed.outside, 'requests that tried to leave loopback').toEqual([]);
      expect(sealed.cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(sealed.pageErrors, 'script errors').toEqual([]);
    }
  });
  return {
    async context() {
      if (!browser) throw new Error('the browser is not running');
      const sealed = await sealedContext(browser);
      open.push(sealed);
      return sealed;
    },
  };
}
