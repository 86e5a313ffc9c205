/**
 * The site's one stylesheet: readable defaults, light and dark colour schemes (charts use the
 * same CSS variables), and print rules (no navigation, charts kept whole, tables unclipped).
 * A table wider than its column scrolls inside its frame, which shows a shadow on the side
 * where more columns hide (scroll shadows: the covers scroll with the content, the shadows
 * stay), so a cut-off table always looks cut off.
 */
export const STYLE_CSS = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d232b; --muted: #5b6470; --line: #d9dee4; --panel: #f5f7f9; --link: #1f5fbf;
  --c1: #2f6fd0; --c2: #d9822b; --c3: #c23b3b; --c4: #2e9b6a; --c5: #8a5cc9; --c6: #6b7785;
  --edge: rgb(0 0 0 / 0.28);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14181d; --fg: #e6e9ed; --muted: #a3acb8; --line: #323a44; --panel: #1c2229; --link: #8ab4ff;
    --c1: #6aa1ff; --c2: #f0a45a; --c3: #ff7b7b; --c4: #5cc99a; --c5: #b894f0; --c6: #a3acb8;
    --edge: rgb(255 255 255 / 0.3);
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: anywhere; }
a { color: var(--link); }
header.site { border-bottom: 1px solid var(--line); background: var(--panel); padding: 0.6rem 1.25rem; }
header.site .brand { margin: 0 0 0.3rem; font-weight: 600; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
nav a[aria-current="page"] { font-weight: 700; color: var(--fg); text-decoration: none; border-bottom: 2px solid var(--c1); }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.8rem 0 0.4rem; }
h2 { font-size: 1.2rem; margin: 0; }
.lead { color: var(--muted); max-width: 70ch; }
.headlines { font-size: 1.08rem; padding-left: 1.2rem; }
.headlines li { margin: 0.35rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 0.75rem; margin: 1rem 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 0.9rem; }
.card .value { font-size: 1.5rem; font-weight: 650; }
.card .label { color: var(--muted); font-size: 0.9rem; }
section.finding { border-top: 1px solid var(--line); padding: 1.1rem 0 0.5rem; margin-top: 1.2rem; }
section.finding .subtitle { color: var(--muted); margin: 0.15rem 0 0.6rem; font-size: 0.95rem; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.2rem; align-items: start; }
.pair.wide { grid-template-columns: minmax(0, 1fr); }
@media (max-width: 900px) { .pair { grid-template-columns: minmax(0, 1fr); } }
figure.chart { margin: 0; }
figure.chart svg { max-width: 100%; height: auto; }
svg[class^="plot-"] { --plot-background: var(--bg); }
.table-wrap {
  overflow: auto; max-height: 32rem; border: 1px solid var(--line); border-radius: 6px; overflow-wrap: normal;
  background:
    linear-gradient(to right, var(--bg) 30%, transparent) left center / 2.5rem 100% no-repeat local,
    linear-gradient(to left, var(--bg) 30%, transparent) right center / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, var(--edge), transparent) left center / 0.9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, var(--edge), transparent) right center / 0.9rem 100% no-repeat scroll,
    var(--bg);
}
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.4rem 0.5rem; color: var(--muted); }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--panel); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.long { min-width: 32ch; }
tr.mark-current td { background: color-mix(in srgb, var(--c2) 14%, transparent); }
tr.mark-recommended td { background: color-mix(in srgb, var(--c3) 14%, transparent); }
.downloads, .note { font-size: 0.88rem; color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; font-size: 0.92rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.swept { font-size: 0.92rem; }
.what-if { border: 1px solid var(--line); border-radius: 8px; background: var(--panel); padding: 0.7rem 0.9rem; margin: 0.8rem 0 0.4rem; }
.what-if h3 { font-size: 1rem; margin: 0 0 0.4rem; }
.what-if-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.8rem; }
.what-if-controls input[type=range] { flex: 1 1 12rem; min-width: 0; }
.what-if-controls input[type=number] { width: 6rem; font: inherit; }
.what-if input:focus-visible { outline: 2px solid var(--c1); outline-offset: 2px; }
.what-if-result { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.2rem 1rem; margin: 0.6rem 0 0; }
.what-if-result dt { color: var(--muted); font-size: 0.88rem; }
.what-if-result dd { margin: 0 0 0.3rem; font-size: 1.15rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.what-if-result .interval { font-size: 0.88rem; font-weight: 400; color: var(--muted); }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.85rem; padding: 1rem 1.25rem; }
@media print {
  header.site nav, .downloads { display: none; }
  html, body { background: #fff; color: #000; }
  main { max-width: none; padding: 0; }
  section.finding, figure.chart { break-inside: avoid; }
  .table-wrap { max-height: none; overflow: visible; border: none; background: none; }
  .what-if { display: none; }
  table { font-size: 0.7rem; }
  th, td { padding: 0.15rem 0.25rem; }
  td.long { min-width: 0; }
  td.num, th.num { white-space: normal; }
  thead th { position: static; }
  a { color: inherit; text-decoration: none; }
}
`;
