// The pack as a PDF: the same HTML printed by headless Chromium with the page's own print style sheet,
// page numbers from its @page rule.
import { launchChromium } from './chromium';

export async function printPdf(pageHtml: string, file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Laid out once, for print: a screen layout first would be thrown away.
    await page.emulateMedia({ media: 'print' });
    // The page loads nothing from anywhere (inline style, no script, no image): 'load' is when it is whole.
    await page.setContent(pageHtml, { waitUntil: 'load', timeout: 120_000 });
    await page.pdf({
      path: file,
      // Size, margins and page numbers come from the page's own @page rule: the browser prints the same.
      preferCSSPageSize: true,
      printBackground: true,
    });
  } finally {
    await browser.close();
  }
}
