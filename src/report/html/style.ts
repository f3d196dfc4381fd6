// The page's one inline style sheet (the Content Security Policy allows nothing else).

export const STYLE = `
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5cad;
  --red: #b42318; --red-bg: #fcd9d4; --amber: #8a5a00; --amber-bg: #fdeab8; --green: #1a7f37; --green-bg: #d3f0da; --na-bg: #eceff2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1120px; margin: 0 auto; padding: 28px 32px 56px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 1.45rem; margin: 40px 0 10px; padding-top: 16px; border-top: 1px solid var(--line); }
h3 { font-size: 1.2rem; margin: 32px 0 8px; }
h4 { font-size: 1rem; margin: 18px 0 6px; }
p { margin: 6px 0 12px; max-width: 75ch; }
.lede { color: var(--muted); margin: 0; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; background: var(--soft); border: 1px solid #e3e7eb; border-radius: 4px; padding: 0 4px; white-space: nowrap; }
nav.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 12px 0 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.note { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.explain { color: var(--muted); font-size: 0.95rem; }
dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 12px 0 16px; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card dt { font-size: 0.85rem; color: var(--muted); }
.card dd { margin: 2px 0 0; font-size: 1.7rem; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
dl.stats { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 12px; }
dl.stats dt { font-size: 0.8rem; color: var(--muted); }
dl.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; margin: 8px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 0 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); font-size: 0.85rem; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
table.fixed-layout { table-layout: fixed; min-width: 800px; }
table.fixed-layout code { white-space: normal; overflow-wrap: anywhere; font-size: 0.82em; }
#rule-table .col-check { width: 21%; } #rule-table .col-what { width: 36%; } #rule-table .col-dimension { width: 12%; }
#rule-table .col-severity { width: 10%; } #rule-table .col-count { width: 7.5%; } #rule-table .col-rate { width: 8%; }
table.findings .col-referral { width: 17%; } table.findings .col-check { width: 19%; } table.findings .col-severity { width: 10%; }
table.findings .col-problem { width: 36%; } table.findings .col-where { width: 18%; }
.dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.dot.band-red { background: var(--red); } .dot.band-amber { background: #d49b00; } .dot.band-green { background: var(--green); } .dot.band-na { background: #8c959f; }
table.heatmap td.heat, table.heatmap tbody th, table.heatmap tfoot th { vertical-align: middle; }
table.heatmap td.heat { text-align: center; font-weight: 600; font-variant-numeric: tabular-nums; min-width: 6.5em; border: 2px solid #fff; }
table.heatmap thead th:not(:first-child) { text-align: center; }
td.band-red { background: var(--red-bg); } td.band-amber { background: var(--amber-bg); } td.band-green { background: var(--green-bg); }
td.band-na { background: var(--na-bg); color: var(--muted); font-weight: 400; }
table.heatmap tfoot th, table.heatmap tfoot td { border-top: 2px solid var(--ink); }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; padding: 0; margin: 0 0 12px; font-size: 0.9rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #aab2bb; border-radius: 3px; margin-right: 6px; vertical-align: -0.2em; }
.swatch.band-red { background: var(--red-bg); } .swatch.band-amber { background: var(--amber-bg); } .swatch.band-green { background: var(--green-bg); } .swatch.band-na { background: var(--na-bg); }
dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 0.9rem; color: var(--muted); }
dl.glossary div { display: contents; }
dl.glossary dt { font-weight: 600; color: var(--ink); }
dl.glossary dd { margin: 0; }
figure.chart-figure { margin: 12px 0 8px; }
figcaption { font-size: 0.9rem; color: var(--muted); }
svg.chart { display: block; width: 100%; min-width: 560px; height: auto; }
svg.chart text { font-size: 15px; fill: var(--ink); font-family: inherit; }
svg.chart .bar-value { font-weight: 700; }
svg.chart .axis { font-size: 12px; fill: var(--muted); }
svg.chart .track { fill: #eef1f4; }
svg.chart .grid { stroke: #8c959f; stroke-width: 1; stroke-dasharray: 3 3; }
svg.chart .bar.band-red { fill: var(--red); } svg.chart .bar.band-amber { fill: #d49b00; } svg.chart .bar.band-green { fill: #2d9d52; }
.sev { display: inline-block; font-size: 0.78rem; font-weight: 700; border: 1px solid currentColor; border-radius: 4px; padding: 0 6px; text-transform: uppercase; letter-spacing: 0.02em; }
.sev-error { color: var(--red); } .sev-warning { color: var(--amber); } .sev-info { color: var(--accent); }
.new { display: inline-block; font-size: 0.75rem; font-weight: 700; color: #fff; background: var(--accent); border-radius: 4px; padding: 0 6px; margin-right: 6px; text-transform: uppercase; }
table.findings tbody.referral th { overflow-wrap: anywhere; }
table.findings tbody.referral tr:last-child td, table.findings tbody.referral th { border-bottom: 2px solid var(--line); }
td.where { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
section.agency { border-left: 4px solid var(--line); padding-left: 16px; margin-top: 28px; }
dl.fixes { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 6px 0 12px; }
dl.fixes div { margin: 0 0 12px; } dl.fixes div:last-child { margin-bottom: 0; }
dl.fixes dt { font-weight: 600; font-size: 0.95rem; }
dl.fixes dd { margin: 2px 0 0 0; max-width: 85ch; }
footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 0.85rem; color: var(--muted); }
@media print {
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
