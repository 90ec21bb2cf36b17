// Browser tests in real headless Chromium (Debian `chromium`, or CHROMIUM_PATH; .ci/run installs it),
// driven by playwright-core: one browser per test file, a fresh page per use. Pages are loaded from
// files or given HTML; nothing is fetched from outside loopback.
import { pathToFileURL } from 'node:url';
import { type Browser, launchChromium, type Page } from '../packages/collector/src/pack/chromium';

export type { Page };

export interface TestBrowser {
  /** A new page with `url` (an http(s) URL, or a file path) loaded; closed after fn, whatever happens. */
  open<T>(url: string, fn: (page: Page) => Promise<T>): Promise<T>;
  /** Every JavaScript dialog (alert, confirm...) any page opened: a page that must run no script has none. */
  readonly dialogs: string[];
  close(): Promise<void>;
}

export async function startBrowser(): Promise<TestBrowser> {
  const browser: Browser = await launchChromium();
  const dialogs: string[] = [];
  return {
    dialogs,
    async open(url, fn) {
      const page = await browser.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      try {
        await page.goto(/^https?:/.test(url) ? url : pathToFileURL(url).href);
        return await fn(page);
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
