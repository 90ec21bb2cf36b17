// The pack as a PDF: the page printed by headless Chromium with its own print style sheet, in parts printed
// side by side (one renderer process each: a renderer lays out and paints on one thread), then joined and
// numbered (pdf-join.ts).
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type Browser, type BrowserContext, launchChromium, type Page } from './chromium';
import type { PackData } from './data';
import { joinNumbered, loadPdfLib } from './pdf-join';
import { renderPackParts } from './render';

/** The headless window's width, wider than any paper the page prints on (US Letter is 816 CSS px). */
const WINDOW_WIDTH = 1280;

/**
 * Kept out of the headless window's layout: Chromium lays the document out for its window once the page
 * loads and again after printing (a second of CPU each for 1,000 items, BENCHMARKS.md), layouts no one
 * sees. Printing lays it out at the paper's width, narrower than the window, where this rule does not
 * match: only the printed layout is done. Printing-only: the page served and saved as HTML has no such rule.
 * The page numbers of the style sheet's @page rule are not drawn: a part would number its own pages only;
 * the joined PDF gets them (pdf-join.ts).
 */
const PRINT_ONLY = `<style>@media (min-width: ${WINDOW_WIDTH - 80}px) { html { display: none } }
@page { @bottom-center { content: none } }</style>`;

/**
 * Items per part below which a pack is not split further: each part costs a renderer's start and the
 * unfilled end of its last page, worth it only when the parts' layout and printing outweigh them.
 */
const ITEMS_PER_PART = 150;

/** How many parts at most: one per core, at most 4 (each renderer holds its part's layout in memory). */
export function maxParts(env: NodeJS.ProcessEnv = process.env): number {
  // COVERSCAN_PACK_PARTS: exactly this many (tests print a small pack in several parts; tuning).
  const forced = Number(env.COVERSCAN_PACK_PARTS);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** A headless page waiting for the HTML to print: started first, Chromium starts while node gathers. */
export interface PdfPrinter {
  /** Prints the pack into `file`: how many pages, printed in how many parts. */
  print(data: PackData, file: string): Promise<{ pages: number; parts: number }>;
  close(): Promise<void>;
}

async function printPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // Print media from the start: the printed layout's style is the one computed on load.
  await page.emulateMedia({ media: 'print' });
  return page;
}

async function printPart(page: Page, partHtml: string): Promise<Uint8Array> {
  // The page loads nothing from anywhere (inline style, no script, no image): 'load' is when it is whole.
  await page.setContent(partHtml, { waitUntil: 'load', timeout: 120_000 });
  // Size and margins come from the page's own @page rule: the browser prints the same.
  return page.pdf({ preferCSSPageSize: true, printBackground: true });
}

export async function startPrinter(env: NodeJS.ProcessEnv = process.env): Promise<PdfPrinter> {
  const browser: Browser = await launchChromium(env);
  try {
    const max = maxParts(env);
    const forced = Boolean(env.COVERSCAN_PACK_PARTS);
    // One context for every part: each context opens a window, and each window Chromium's own WebUI in
    // a renderer of its own (the omnibox popup, ~1 s of CPU; BENCHMARKS.md). Its pages still get a
    // renderer each (about:blank pages are not of one site).
    const context = await browser.newContext({ viewport: { width: WINDOW_WIDTH, height: 720 } });
    // Every page a pack may need, opened while node gathers: a page is a renderer process to start.
    const pages = await Promise.all(Array.from({ length: max }, () => printPage(context)));
    return {
      async print(data, file) {
        // Loaded while Chromium prints, when node has nothing else to do.
        loadPdfLib().catch(() => undefined);
        const parts = forced ? max : Math.min(max, Math.floor(data.items.length / ITEMS_PER_PART));
        const html = renderPackParts(data, Math.max(1, parts), PRINT_ONLY);
        const pdfs = await Promise.all(html.map((h, k) => printPart(pages[k], h)));
        const { pdf, pages: count } = await joinNumbered(pdfs);
        writeFileSync(file, pdf);
        return { pages: count, parts: html.length };
      },
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
