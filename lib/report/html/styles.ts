// Inline styles of the HTML report (the CSP allows inline styles, nothing external).
export const REPORT_STYLES = `
:root { --critical: #b00020; --high: #d9480f; --medium: #c99700; --low: #1c7ed6; --info: #868e96; --ok: #2b8a3e; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #212529; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 24px 0 8px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
.meta { color: #495057; font-size: .9rem; margin: 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid #dee2e6; border-left: 6px solid var(--info); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card .count { font-size: 1.6rem; font-weight: 700; display: block; }
.card.critical { border-left-color: var(--critical); } .card.high { border-left-color: var(--high); } .card.medium { border-left-color: var(--medium); } .card.low { border-left-color: var(--low); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e9ecef; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f8f9fa; } td.num, th.num { text-align: right; }
th button { all: unset; cursor: pointer; font-weight: 700; } th button::after { content: ' \\2195'; color: #adb5bd; }
th[aria-sort=ascending] button::after { content: ' \\2191'; color: #212529; } th[aria-sort=descending] button::after { content: ' \\2193'; color: #212529; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: .78rem; font-weight: 600; background: var(--info); }
.sev.critical { background: var(--critical); } .sev.high { background: var(--high); } .sev.medium { background: var(--medium); color: #212529; } .sev.low { background: var(--low); }
.grade { font-weight: 700; } .status-unknown { color: var(--critical); } .status-no-cors, .status-gone { color: #868e96; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input { min-width: 280px; padding: 4px 6px; }
button.toggle { cursor: pointer; border: 1px solid #ced4da; background: #fff; border-radius: 4px; padding: 0 6px; }
button.toggle[aria-expanded=true] { background: #e9ecef; }
tr.detail > td { background: #fcfcfd; padding: 8px 16px 16px; }
.finding { border-left: 4px solid var(--info); padding: 4px 12px; margin: 8px 0; }
.finding.critical { border-left-color: var(--critical); } .finding.high { border-left-color: var(--high); } .finding.medium { border-left-color: var(--medium); } .finding.low { border-left-color: var(--low); }
.finding h4 { margin: 2px 0 4px; font-size: .95rem; }
pre { background: #f1f3f5; padding: 8px; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; max-height: 320px; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; } dl.evidence dt { font-weight: 600; } dl.evidence dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.chart svg { max-width: 100%; height: auto; } .chart text { font-size: 11px; fill: #495057; }
h3 { font-size: 1rem; margin: 16px 0 4px; } #fleet td code { font-size: .8rem; } #fleet th { white-space: nowrap; overflow-wrap: normal; }
.muted { color: #868e96; } td.nowrap { white-space: nowrap; overflow-wrap: normal; }
`;
