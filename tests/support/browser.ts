import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { seedDemo } from '../../prisma/seed/demo';
import { attachRealtime, type Realtime } from '../../server/src/realtime/server';
import { freePort, root } from './spawn-app';
import { startTestApp, type TestContext } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  process.stdout.write(`browser tests skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`)\n`);
}
export const artifacts = path.join(root, 'test-results');

export interface BrowserHarness {
  ctx: TestContext;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real app (built client + API, real database and Redis, demo workspace) and a headless Chromium. */
/** `realtime`: also attach the socket.io server (live updates, presence) to the app's HTTP server. */
export async function startBrowserHarness(options: { env?: Record<string, string>; realtime?: boolean } = {}): Promise<BrowserHarness> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ctx = await startTestApp({ env: { APP_URL: url, ...options.env }, clientDir: path.join(root, 'client/dist') });
  await seedDemo(ctx.deps.prisma);
  const server = await new Promise<Server>((resolve) => {
    const s = ctx.app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const realtime: Realtime | null = options.realtime ? attachRealtime(ctx.deps, server) : null;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  mkdirSync(artifacts, { recursive: true });
  return {
    ctx,
    url,
    browser,
    async close() {
      await browser.close();
      await realtime?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ctx.close();
    },
  };
}

/** Fails on serious or critical accessibility violations (checked once entrance animations have ended). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // A toast or drawer still fading in has a colour contrast it never has when read: axe would judge the frame.
  // (A string: the tests' types have no DOM.)
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined)))',
  );
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const text = bad
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join('\n  ')}`,
      )
      .join('\n');
    throw new Error(`axe found serious/critical violations on ${label}:\n${text}`);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

/**
 * Clicks a checkbox inside the page and reads it in the same task. A box that saves must show the new state at once;
 * Playwright's own check() reads it a round trip later, so it can miss a box that flips back for a moment.
 */
export function checkedRightAfterClick(box: Locator): Promise<boolean> {
  return box.evaluate((el) => {
    el.click();
    return (el as unknown as { checked: boolean }).checked;
  });
}

/** Chooses an option of a `<select>` inside the page and reads the select in the same task (see checkedRightAfterClick). */
export function selectedRightAfterChoosing(select: Locator, value: string): Promise<string> {
  return select.evaluate((el, chosen) => {
    const box = el as unknown as { value: string; dispatchEvent(event: unknown): boolean };
    box.value = chosen;
    box.dispatchEvent(new (globalThis as unknown as { Event: new (type: string, init: object) => unknown }).Event('change', { bubbles: true }));
    return box.value;
  }, value);
}
