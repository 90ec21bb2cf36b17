// The printed parts of the pack joined into one PDF, its pages numbered "page X of Y" across the whole: each
// part is a document of its own, so its own page numbers would restart at 1 and count only its pages.

/**
 * pdf-lib, loaded on first use (no other command pays for it): start it early, it is awaited here. Its
 * single-file ES build, one file to read where its CommonJS entry reads 139 (0.1 s of CPU against 0.45 s).
 */
export const loadPdfLib = () =>
  import('pdf-lib/dist/pdf-lib.esm.min.js') as Promise<typeof import('pdf-lib')>;

/** Where the number goes: the middle of the bottom margin (style.ts's @page: 18 mm ≈ 51 pt), 8 pt, grey. */
const NUMBER = { size: 8, fromBottom: 22, grey: 0.333 };

/**
 * The parts' pages in order in one document (the first part's, with its title and metadata, and the others'
 * pages copied after them, their links to web addresses with them), each page numbered.
 */
export async function joinNumbered(
  parts: readonly Uint8Array[],
): Promise<{ pdf: Uint8Array; pages: number }> {
  const { PDFDocument, ParseSpeeds, StandardFonts } = await loadPdfLib();
  // Parsed in one go: by default pdf-lib yields to the event loop every 100 objects, seconds for 300 pages.
  const load = (pdf: Uint8Array) =>
    PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  const doc = await load(parts[0]);
  for (const part of parts.slice(1)) {
    const src = await load(part);
    for (const p of await doc.copyPages(src, src.getPageIndices())) doc.addPage(p);
  }
  // A standard font: nothing embedded, every PDF reader has it.
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = doc.getPages();
  // The number is a small uncompressed content stream of its own on each page, not drawText's: that
  // deflates a new stream per page, most of the join's time (BENCHMARKS.md). pdf-lib wraps the page's own
  // content in q … Q (it normalizes the page when the font is added), so the number is drawn in the page's
  // default coordinates whatever the page's content left set.
  const stream = (ops: string) => doc.context.register(doc.context.stream(ops));
  pages.forEach((page, i) => {
    const text = `page ${i + 1} of ${pages.length}`;
    const x = (page.getWidth() - font.widthOfTextAtSize(text, NUMBER.size)) / 2;
    const key = page.node.newFontDictionary('PageNumber', font.ref);
    const g = NUMBER.grey;
    page.node.addContentStream(
      stream(
        `BT ${key} ${NUMBER.size} Tf ${g} ${g} ${g} rg ${x.toFixed(2)} ${NUMBER.fromBottom} Td (${text}) Tj ET\n`,
      ),
    );
  });
  // No object streams: faster to write, and every page object stays plain text in the file.
  const pdf = await doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
  return { pdf, pages: pages.length };
}
