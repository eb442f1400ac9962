/** The tab's icon: a small "C4" mark, served at `/favicon.ico`. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1a7f37"/><text x="16" y="22" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">C4</text></svg>`;

/** The page's one stylesheet, inline (the CSP allows inline styles, no script). */
export const DASHBOARD_STYLE = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --pass:#1a7f37; --fail:#cf222e; --wait:#9a6700; --skip:#8c959f; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#fff; }
header { display:flex; justify-content:space-between; align-items:center; padding:12px 24px; border-bottom:1px solid var(--line); background:var(--bg); }
h1 { font-size:20px; margin:0; } h1 .sub { font-weight:400; color:var(--muted); font-size:14px; margin-left:8px; }
h2 { font-size:16px; margin:24px 0 8px; } h3 { font-size:14px; margin:16px 0 4px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
h4 { font-size:15px; margin:8px 0; } h4 .summary { font-weight:400; margin-left:8px; }
main { padding:0 24px 24px; max-width:1400px; }
.session { display:flex; gap:8px; align-items:center; } .who { color:var(--muted); }
input[type=password] { padding:4px 6px; border:1px solid var(--line); border-radius:6px; }
button { padding:4px 10px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
button:hover { background:var(--bg); }
.notice { margin:12px 24px; padding:8px 12px; border-radius:6px; } .notice.ok { background:#dafbe1; } .notice.error { background:#ffebe9; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; } th, td { padding:6px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { font-weight:600; color:var(--muted); font-size:12px; white-space:nowrap; }
th.rule { text-align:center; white-space:normal; font-size:11px; min-width:5em; }
td.title { min-width:14em; } .by { color:var(--muted); font-size:12px; }
td.outcome { text-align:center; font-weight:700; font-size:16px; cursor:help; }
td.outcome.pass { color:var(--pass); } td.outcome.fail { color:var(--fail); } td.outcome.fail.blocking { background:#ffebe9; }
td.outcome.warn { color:var(--wait); } td.outcome.pending { color:var(--wait); } td.outcome.skip, td.outcome.none { color:var(--skip); }
.decision { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#fff; }
.decision.merge { background:var(--pass); } .decision.wait { background:var(--wait); } .decision.reject { background:var(--fail); }
.badge { display:inline-block; padding:0 6px; border:1px solid var(--line); border-radius:10px; font-size:11px; color:var(--muted); font-weight:400; }
.badge.private { border-color:var(--wait); color:var(--wait); }
.sha code { font-size:12px; } .time { white-space:nowrap; color:var(--muted); font-size:12px; }
.ref { font-weight:600; } a.ref { color:#0969da; text-decoration:none; } a.ref:hover { text-decoration:underline; }
.empty, .hint { color:var(--muted); }
.tiles { display:flex; flex-wrap:wrap; gap:8px; margin-bottom:12px; }
.tile { border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:96px; background:var(--bg); }
.tile .value { font-size:20px; font-weight:600; } .tile .label { color:var(--muted); font-size:12px; }
.tile.alarm { border-color:var(--fail); background:#ffebe9; }
td.error { font-family:ui-monospace, monospace; font-size:12px; color:var(--fail); max-width:32em; overflow-wrap:anywhere; }
.charts { display:flex; flex-wrap:wrap; gap:16px; }
.chart { margin:0; border:1px solid var(--line); border-radius:8px; padding:8px; width:338px; }
.chart figcaption { font-size:13px; margin-bottom:4px; }
.chart .axis { stroke:var(--line); } .chart .line { fill:none; stroke:#0969da; stroke-width:2; } .chart .dot { fill:#0969da; }
.chart .tick { font-size:10px; fill:var(--muted); } .chart .tick.end { text-anchor:end; }
.sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
footer { padding:12px 24px; color:var(--muted); font-size:12px; border-top:1px solid var(--line); }
.status.broken { margin:4px 0 8px; padding:8px 12px; border:1px solid var(--fail); border-radius:6px; background:#ffebe9; overflow-wrap:anywhere; }
pre.details { margin:6px 0 0; padding:6px 8px; background:#fff; border-radius:4px; font-size:12px; white-space:pre-wrap; overflow-wrap:anywhere; }
ul.attention { margin:0; padding-left:18px; } ul.attention li { margin:4px 0; overflow-wrap:anywhere; }
.badge.alarm { border-color:var(--fail); color:var(--fail); }
.waits { color:var(--wait); max-width:16em; }
td.bar { white-space:nowrap; } .bar-label { font-size:12px; color:var(--muted); }
.chart svg { max-width:100%; height:auto; }
/* A phone (390 px): nothing wider than the screen; a pull request is a card whose rule marks carry their names. */
@media (max-width: 640px) {
  header { flex-wrap:wrap; gap:8px; padding:12px; }
  h1 .sub { display:block; margin:0; }
  .session { flex-wrap:wrap; } input[type=password] { max-width:100%; }
  main { padding:0 12px 12px; } footer, .notice { margin-left:12px; margin-right:12px; padding-left:0; padding-right:0; }
  table.pulls thead { display:none; }
  table.pulls, table.pulls tbody, table.pulls tr { display:block; width:100%; }
  table.pulls tr { border-bottom:1px solid var(--line); padding:6px 0; }
  table.pulls td { display:inline-block; border:0; padding:2px 4px; }
  table.pulls td.title { display:block; min-width:0; }
  table.pulls td.outcome { font-size:12px; border:1px solid var(--line); border-radius:10px; margin:2px 0; }
  table.pulls td.outcome .sr { position:static; width:auto; height:auto; overflow:visible; clip:auto; font-weight:400; margin-left:4px; }
  table.pulls td.outcome.none { display:none; }
  .chart { width:100%; }
}
`;
