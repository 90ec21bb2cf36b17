// Headless Chromium for the PDF (and the browser tests): the machine's own browser, driven by
// playwright-core with executablePath — Debian's `chromium` package, or CHROMIUM_PATH. playwright-core
// downloads no browser; nothing is fetched at install or run time.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where browsers are installed by the packages of the common distributions, in order of preference. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * Chromium (156) opens with each window its omnibox popups, two WebUI pages in a renderer process of their
 * own — ~1.7 s of CPU under load, for a toolbar a headless browser never shows (BENCHMARKS.md).
 */
const QUIET = ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'];

/** A Chromium the PDF can be printed with was not found: the message says what to do, in one line. */
export class NoChromiumError extends Error {}

/** The browser to launch: CHROMIUM_PATH when set (it must exist), else the first installed candidate. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.CHROMIUM_PATH?.trim();
  if (given) {
    if (!existsSync(given)) throw new NoChromiumError(`CHROMIUM_PATH is ${given}, which does not exist`);
    return given;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new NoChromiumError(
      'no Chromium to print the PDF with: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH; --out FILE.html needs none',
    );
  return found;
}

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  // Loaded on first use: no other command pays for it.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: [...QUIET] });
}

export type { Browser, BrowserContext, Page } from 'playwright-core';
