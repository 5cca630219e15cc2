// The report page's stylesheet: a screen layout capped at 1100 px, a phone layout under
// 600 px (two cards a row, the narrow Pareto), and A4 print with no chart cut in two.
import { COLORS } from './svg-charts.js';

export const PAGE_CSS = `
  * { box-sizing: border-box; }
  body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: ${COLORS.text}; margin: 1.5rem auto; max-width: 1100px; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .6rem; border-bottom: 1px solid ${COLORS.grid}; padding-bottom: .3rem; }
  .meta { color: #6b7178; font-size: .85rem; margin: 0; }
  .note { color: #8a5a00; font-size: .88rem; margin: .2rem 0 .4rem; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: .6rem; margin-top: 1rem; }
  .card { border: 1px solid ${COLORS.grid}; border-radius: 6px; padding: .5rem .7rem; break-inside: avoid; overflow: hidden; }
  .card .label { font-size: .8rem; color: #6b7178; } .card .value { font-size: 1.5rem; font-weight: 600; }
  .card .n { font-size: .72rem; color: #9aa0a6; }
  .delta { font-size: .78rem; color: #6b7178; } .delta.good { color: #2e7d32; } .delta.bad { color: #c62828; } .delta span { color: #9aa0a6; }
  svg.chart { display: block; max-width: 100%; height: auto; margin: .4rem 0; }
  svg.narrow { display: none; }
  details { margin: .6rem 0; } summary { cursor: pointer; color: #3b6ea8; font-size: .9rem; }
  table { border-collapse: collapse; width: 100%; font-size: .88rem; } th, td { text-align: left; padding: .28rem .5rem; border-bottom: 1px solid ${COLORS.grid}; }
  td:not(:first-child), th:not(:first-child) { text-align: right; }
  .scroll { overflow-x: auto; max-width: 100%; } table.cross { width: auto; min-width: 60%; } tr.sum td { font-weight: 600; }
  .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: .8rem; }
  figure { margin: 0; border: 1px solid ${COLORS.grid}; border-radius: 6px; padding: .5rem; break-inside: avoid; overflow: hidden; }
  figcaption { font-size: .85rem; font-weight: 600; }
  .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0 1.5rem; }
  .pair section { min-width: 0; }
  .legend { margin: .2rem 0; } .legend span { display: inline-block; margin-right: 1rem; font-size: .8rem; } .legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
  .empty { color: #9aa0a6; }
  section { break-inside: avoid; }
  @media (max-width: 600px) {
    body { margin: .8rem auto; padding: 0 .6rem; } h1 { font-size: 1.2rem; }
    .cards { grid-template-columns: 1fr 1fr; gap: .4rem; } .card .value { font-size: 1.2rem; }
    svg.wide { display: none; } svg.narrow { display: block; }
    table { font-size: .8rem; } th, td { padding: .25rem .3rem; }
  }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
    h2 { break-after: avoid; } .card, figure { border-color: #999; }
    svg.chart, figure, .card, tr { break-inside: avoid; }
    svg.wide { display: block; } svg.narrow { display: none; }
    summary { color: inherit; }
    /* paper cannot unfold: a list of a page or less is printed open */
    details.print-open::details-content { content-visibility: visible; display: block; }
  }
`;
