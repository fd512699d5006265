/** The dashboard's inline stylesheet: light and dark (prefers-color-scheme), no web fonts. */
export const DASHBOARD_STYLE: string = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1c2330; --muted: #5b6576; --border: #dde2ea;
  --good: #1a7f37; --warn: #b7791f; --bad: #cf222e; --good-bg: #dafbe1; --bad-bg: #ffebe9;
  --track: #e7ebf0; --accent: #0969da; --accent2: #8250df; --row-hover: #f0f4fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --panel: #161b22; --text: #e6edf3; --muted: #8b949e; --border: #30363d;
    --good: #3fb950; --warn: #d29922; --bad: #f85149; --good-bg: #12361f; --bad-bg: #3d1518;
    --track: #21262d; --accent: #58a6ff; --accent2: #bc8cff; --row-hover: #1c2230;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; margin-bottom: 18px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 16px; margin: 0 0 12px; }
table + h2 { margin-top: 18px; }
details > summary { cursor: pointer; list-style: none; }
details > summary::-webkit-details-marker { display: none; }
details > summary h2 { display: inline-block; }
details > summary h2::after { content: " ▸"; color: var(--muted); }
details[open] > summary h2::after { content: " ▾"; }
details:not([open]) > summary h2 { margin: 0; }
.meta { color: var(--muted); font-size: 12.5px; }
.meta code { font-size: 12px; }
.status { display: inline-flex; align-items: center; gap: 6px; padding: 4px 12px; border-radius: 999px;
  font-weight: 600; font-size: 13px; }
.status.met { background: var(--good-bg); color: var(--good); }
.status.failed { background: var(--bad-bg); color: var(--bad); }
section.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px;
  padding: 16px 18px; margin-bottom: 18px; overflow-x: auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin-bottom: 18px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; }
.card.failed { border-color: var(--bad); box-shadow: inset 4px 0 0 var(--bad); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 28px; font-weight: 650; margin: 2px 0 6px; font-variant-numeric: tabular-nums; }
.card .counts { color: var(--muted); font-size: 12px; margin-top: 6px; font-variant-numeric: tabular-nums; }
.card .miss { color: var(--bad); font-weight: 600; font-size: 12.5px; margin-top: 6px; }
.bar { display: inline-block; width: 100%; height: 6px; background: var(--track); border-radius: 3px;
  overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; border-radius: 3px; }
.bar .good { background: var(--good); } .bar .warn { background: var(--warn); } .bar .bad { background: var(--bad); }
td .bar { width: 44px; margin-left: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; position: sticky; top: 0; background: var(--panel); }
td.num, th.num { text-align: right; }
td.path { white-space: normal; overflow-wrap: anywhere; min-width: 220px; }
tbody tr:hover { background: var(--row-hover); }
tr.failed td.path { box-shadow: inset 3px 0 0 var(--bad); }
th button { all: unset; cursor: pointer; color: inherit; }
th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
.pct { display: inline-block; min-width: 48px; text-align: right; }
.up { color: var(--good); } .down { color: var(--bad); } .same, .new { color: var(--muted); }
.ok { color: var(--good); font-weight: 600; } .fail { color: var(--bad); font-weight: 600; }
.badge-fail { display: inline-block; background: var(--bad); color: #fff; border-radius: 4px; padding: 0 6px;
  font-size: 12px; font-weight: 600; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin-bottom: 10px; }
.controls input[type="search"] { padding: 6px 10px; min-width: 280px; border: 1px solid var(--border);
  border-radius: 6px; background: var(--bg); color: var(--text); font: inherit; }
.grid2 { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 18px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
.trend { width: 100%; height: auto; max-height: 260px; }
.trend .grid { stroke: var(--border); stroke-width: 1; }
.trend .axis { fill: var(--muted); font-size: 11px; }
.trend .series { fill: none; stroke-width: 2; }
.trend .series-lines { stroke: var(--accent); } .trend .point-lines { fill: var(--accent); }
.trend .series-branches { stroke: var(--accent2); } .trend .point-branches { fill: var(--accent2); }
.legend { display: flex; gap: 14px; color: var(--muted); font-size: 12px; margin-top: 4px; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; }
.legend .l-lines::before { background: var(--accent); } .legend .l-branches::before { background: var(--accent2); }
.empty { color: var(--muted); }
.note { color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
ul.zero { columns: 2; margin: 0; padding-left: 18px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
button.drill { font-size: 11px; padding: 0 6px; margin-left: 6px; cursor: pointer; }
table.source { width: 100%; border-collapse: collapse; margin: 8px 0; }
table.source td { padding: 0 8px; white-space: pre; border: 0; }
table.source tr.uncovered td { background: var(--bad-bg); }
table.source tr.uncovered td.num { box-shadow: inset 3px 0 0 var(--bad); }
td.num.good { color: var(--good); } td.num.warn { color: var(--warn); } td.num.bad { color: var(--bad); }
`;
