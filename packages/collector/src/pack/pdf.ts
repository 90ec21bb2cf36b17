// The pack as a PDF: the same HTML printed by headless Chromium with the page's own print style sheet,
// page numbers from its @page rule.
import { type Browser, launchChromium, type Page } from './chromium';

/** The headless window's width, wider than any paper the page prints on (US Letter is 816 CSS px). */
const WINDOW_WIDTH = 1280;

/**
 * Kept out of the headless window's layout: Chromium lays the document out for its window once the page
 * loads and again after printing (a second of CPU each for 1,000 items, BENCHMARKS.md), layouts no one
 * sees. Printing lays it out at the paper's width, narrower than the window, where this rule does not
 * match: only the printed layout is done. Printing-only: the page served and saved as HTML has no such rule.
 */
const WINDOW_ONLY_HIDDEN = `<style>@media (min-width: ${WINDOW_WIDTH - 80}px) { html { display: none } }</style>`;

/** A headless page waiting for the HTML to print: started first, Chromium starts while node gathers. */
export interface PdfPrinter {
  print(pageHtml: string, file: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPrinter(): Promise<PdfPrinter> {
  const browser: Browser = await launchChromium();
  try {
    const page: Page = await browser.newPage({ viewport: { width: WINDOW_WIDTH, height: 720 } });
    // Print media from the start: the printed layout's style is the one computed on load.
    await page.emulateMedia({ media: 'print' });
    return {
      async print(pageHtml, file) {
        // The page loads nothing from anywhere (inline style, no script, no image): 'load' is when it is whole.
        await page.setContent(pageHtml.replace('</head>', `${WINDOW_ONLY_HIDDEN}</head>`), {
          waitUntil: 'load',
          timeout: 120_000,
        });
        await page.pdf({
          path: file,
          // Size, margins and page numbers come from the page's own @page rule: the browser prints the same.
          preferCSSPageSize: true,
          printBackground: true,
        });
      },
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
