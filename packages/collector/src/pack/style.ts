// The pack's style sheet, inline (no CDN, nothing fetched: the page and its PDF work offline). Screen: one
// readable column that fits a phone (wide tables scroll inside their box). Print: US Letter margins,
// each major section on a new page, an item never split across pages, table headers repeated.
export const packCss = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --covered: #a00000; --review: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
a { color: #0645ad; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #f0f0f0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0 0 .5rem; font-size: .9rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
article.item p { margin: .2rem 0; overflow-wrap: break-word; }
p.facts { font-size: .9rem; }
ul.evidence { margin: .3rem 0; padding-left: 1.2rem; font-size: .9rem; overflow-wrap: break-word; }
.strength { font-weight: 600; text-transform: uppercase; font-size: .75rem; }
article.item { border: 1px solid var(--rule); border-left: 6px solid var(--review); padding: .6rem .8rem; margin: 0 0 1rem; }
article.item.covered { border-left-color: var(--covered); }
.verdict { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.covered .verdict { color: var(--covered); }
.review .verdict { color: var(--review); }
.status-accepted { font-weight: 700; }
.summary td:first-child { width: 60%; }
nav ol { padding-left: 1.2rem; }
.none { font-style: italic; color: var(--muted); }
@media (max-width: 40rem) {
  main { padding: .6rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .3rem; }
}
@media print {
  /* Page numbers in the margin (Chromium 131+ draws margin boxes): an attestation is cited by page. */
  @page { size: Letter; margin: 16mm 14mm 18mm; @bottom-center { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .toolbar { display: none; }
  h2 { break-before: page; }
  section:first-of-type h2, header + section h2 { break-before: auto; }
  h2, h3 { break-after: avoid; }
  article.item, tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  a { color: inherit; }
}
`;
