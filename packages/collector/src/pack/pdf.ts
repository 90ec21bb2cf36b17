// The pack as a PDF: the same HTML printed by headless Chromium with the page's own print style sheet,
// page numbers in the footer (an attestation is cited by page).
import { launchChromium } from './chromium';

export async function printPdf(pageHtml: string, file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // The page loads nothing from anywhere (inline style, no script, no image): 'load' is when it is whole.
    await page.setContent(pageHtml, { waitUntil: 'load', timeout: 120_000 });
    await page.pdf({
      path: file,
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span> — page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      outline: true,
      tagged: true,
    });
  } finally {
    await browser.close();
  }
}
