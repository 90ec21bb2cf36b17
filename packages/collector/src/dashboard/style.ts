// The dashboard's style sheet, inline in every page (no CDN: it works offline). One column on a phone,
// tables scroll inside their box; colours carry no meaning alone (the verdict is always written).
export const dashboardCss = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --covered: #a00000; --review: #8a5a00; --link: #0645ad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 1rem; border-bottom: 2px solid var(--ink); }
header.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
header.top a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
header.top form { margin-left: auto; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
a { color: var(--link); overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.covered { color: var(--covered); font-weight: 600; }
.review { color: var(--review); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--rule); padding: .5rem; }
.cards strong { display: block; font-size: 1.5rem; }
form.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; align-items: end; }
label { display: block; font-weight: 600; font-size: .9rem; }
input, select, textarea, button { font: inherit; padding: .3rem .4rem; max-width: 100%; }
input, select, textarea { width: 100%; border: 1px solid #888; }
button { cursor: pointer; border: 1px solid var(--ink); background: #f4f4f4; }
.error { border: 2px solid var(--covered); padding: .5rem; }
.notice { border: 2px solid #2a6; padding: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; }
dl.facts dt { font-weight: 600; }
form.decide { display: grid; gap: .3rem; min-width: 14rem; }
form.decide .actions { display: flex; gap: .3rem; flex-wrap: wrap; }
svg text { font-size: 12px; fill: var(--ink); }
figure { margin: 0 0 1rem; }
/* Wide tables keep readable columns and scroll sideways in their box on a phone. */
table.wide { min-width: 56rem; }
@media (max-width: 40rem) { main { padding: .5rem; } th, td { padding: .2rem; } }
`;
