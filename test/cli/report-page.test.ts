// The HTML report looked at in the real browser (Debian's headless Chromium): laid out at
// 1400 px and 375 px, no two chart labels overlap, nothing overflows its card, no chart text
// below 9 px, and it prints to a few A4 pages. A measuring script is put into a copy of the
// page (the page itself has none); screenshots are kept under .ci/artifacts for CI.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore, NOW } from '../../fixtures/generate-store.js';
import { fixtureStore, newIssue, ok, plantStore, tempDir } from '../helpers.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.ci', 'artifacts');
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('which', [b]).status === 0);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

/** Runs in the copy of the page: what overlaps, what sticks out, what is too small. */
const MEASURE = `<script>
(() => {
  const out = { width: innerWidth, charts: 0, labels: 0, overlaps: [], outside: [], small: [], overflow: [] };
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  for (const svg of document.querySelectorAll('svg.chart')) {
    if (!shown(svg)) continue;
    out.charts++;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    if (12 * scale < 9) out.small.push(svg.getAttribute('aria-label') + ': ' + (12 * scale).toFixed(1) + ' px');
    const texts = [...svg.querySelectorAll('text')].map((t) => ({ s: t.textContent, r: t.getBoundingClientRect() }));
    out.labels += texts.length;
    for (const t of texts)
      if (t.r.left < box.left - 1 || t.r.right > box.right + 1 || t.r.top < box.top - 1 || t.r.bottom > box.bottom + 1)
        out.outside.push(t.s);
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (meet(texts[i].r, texts[j].r)) out.overlaps.push(texts[i].s + ' | ' + texts[j].s);
  }
  for (const el of document.querySelectorAll('.card, figure, section, header, .pair'))
    if (el.scrollWidth > el.clientWidth + 1) out.overflow.push(el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40));
  if (document.documentElement.scrollWidth > innerWidth + 1) out.overflow.push('the page: ' + document.documentElement.scrollWidth);
  parent.postMessage(JSON.stringify(out), '*');
})();
</script>`;

interface Layout {
  width: number;
  charts: number;
  labels: number;
  overlaps: string[];
  outside: string[];
  small: string[];
  overflow: string[];
}

let work: string;
let store: string;

function browse(page: string, extra: string[]) {
  const profile = tempDir('as-chromium-');
  const r = spawnSync(chromium as string, [...FLAGS, `--user-data-dir=${profile}`, ...extra, `file://${page}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The page laid out at `width` px — in a frame that wide, since a headless window is at least
 * 500 px — and what the measuring script found there; a screenshot kept. */
function layout(page: string, width: number, name: string): Layout {
  const copy = join(work, `${name}-${width}.html`);
  writeFileSync(copy, readFileSync(page, 'utf8').replace('</body>', `${MEASURE}</body>`));
  const frame = join(work, `${name}-${width}-frame.html`);
  writeFileSync(
    frame,
    `<!doctype html><body style="margin:0"><iframe src="${copy}" style="width:${width}px;height:4000px;border:0"></iframe><script>addEventListener('message', (e) => { const p = document.createElement('pre'); p.id = 'layout'; p.textContent = e.data; document.body.append(p); });</script></body>`,
  );
  const dom = browse(frame, ['--dump-dom', '--virtual-time-budget=3000', `--window-size=${width + 100},1200`]);
  const json = /<pre id="layout">(.*?)<\/pre>/s.exec(dom)?.[1];
  expect(json, 'the measuring script ran').toBeTruthy();
  mkdirSync(ARTIFACTS, { recursive: true });
  browse(page, [`--screenshot=${join(ARTIFACTS, `report-${name}-${width}.png`)}`, `--window-size=${width},2400`]);
  return JSON.parse(
    (json as string)
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  );
}

async function page(name: string, args: string[]): Promise<string> {
  const out = join(work, `${name}.html`);
  await ok(store, ['report', ...args, '--out', out], { env: { AFTERSALES_NOW: NOW } });
  return out;
}

describe.skipIf(!chromium)('the HTML report in a real browser (headless Chromium)', () => {
  beforeAll(async () => {
    work = tempDir('as-page-');
    store = join(work, 'store');
    await generateStore(store, 300);
  }, 60_000);

  it('15 components, 8 customers, a cross-tab: no label overlaps or overflows, at 1400 px and 375 px', async () => {
    const pages = {
      component: await page('component', ['--by', 'component', '--lang', 'zh-CN', '--since', '2026-10-01']),
      customer: await page('customer', ['--by', 'customer', '--lang', 'zh-CN', '--weight', 'cost']),
      cross: await page('cross', ['--by', 'product,component', '--trend', 'month']),
    };
    for (const [name, file] of Object.entries(pages))
      for (const width of [1400, 375]) {
        const seen = layout(file, width, name);
        expect(seen.width, 'the window is as wide as asked').toBe(width);
        expect(seen.charts).toBeGreaterThanOrEqual(8);
        expect(seen.labels).toBeGreaterThan(60);
        expect(seen, `${name} at ${width} px`).toMatchObject({ overlaps: [], outside: [], small: [], overflow: [] });
      }
  }, 120_000);

  it('24 months of trend and long capital Latin names: still no overlap, nothing outside its chart', async () => {
    const dir = await plantStore();
    const names = ['WMWMWMWM HEAVY MACHINERY WORKS INTERNATIONAL', 'ÖMMW ÄWMM WERKE GMBH', '华东机械厂'];
    for (let k = 0; k < 24; k++) {
      const month = new Date(Date.UTC(2025, k, 10)).toISOString().slice(0, 7);
      await newIssue(
        dir,
        { customer: names[k % 3] as string },
        { env: { AFTERSALES_NOW: `${month}-10T10:00:00+08:00` } },
      );
    }
    const file = join(work, 'long.html');
    await ok(dir, ['report', '--by', 'customer', '--out', file], {
      env: { AFTERSALES_NOW: '2026-12-31T09:00:00+08:00' },
    });
    for (const width of [1400, 375])
      expect(layout(file, width, 'long'), `long at ${width} px`).toMatchObject({
        overlaps: [],
        outside: [],
        overflow: [],
      });
  }, 120_000);

  it('the Pareto shows the top ten and the rest as one row; long lists are folded', async () => {
    const html = readFileSync(await page('folded', ['--by', 'component', '--lang', 'zh-CN']), 'utf8');
    const wide = /<svg class="chart wide"[^>]*>(.*?)<\/svg>/s.exec(html)?.[1] ?? '';
    expect((wide.match(/class="label"/g) ?? []).length).toBe(10);
    expect(wide).toMatch(/其他（6 项）/);
    expect(html).toMatch(/<section data-section="recurrence"><h2>[^<]+<\/h2><details>/);
    expect(html).toMatch(/<details class="print-open"><summary>全部 15 行<\/summary>/);
  });

  it('in print, a folded list of a page or less is open; a longer one stays folded', async () => {
    const file = await page('print-open', ['--by', 'component']);
    // the page's print rules, applied to the screen: which folded rows are then shown
    const probe = `<script>
      const rows = (sel) => [...document.querySelectorAll(sel + ' tr, ' + sel + ' li')];
      const shown = (sel) => rows(sel).filter((el) => el.checkVisibility()).length;
      const before = shown('details');
      for (const sheet of document.styleSheets)
        for (const rule of sheet.cssRules) if (rule.media?.mediaText === 'print') rule.media.mediaText = 'all';
      const out = [before, shown('details.print-open'), rows('details:not(.print-open)').length, shown('details:not(.print-open)')];
      document.body.insertAdjacentHTML('beforeend', '<pre id="probe">' + out.join(' ') + '</pre>');
    </script>`;
    const copy = join(work, 'print-open-probe.html');
    writeFileSync(copy, readFileSync(file, 'utf8').replace('</body>', `${probe}</body>`));
    const found = /<pre id="probe">([\d ]+)<\/pre>/.exec(browse(copy, ['--dump-dom']))?.[1] ?? '';
    const [before, opened, long, longShown] = found.split(' ').map(Number);
    expect(before).toBe(0);
    expect(opened).toBeGreaterThan(10);
    expect(long).toBeGreaterThan(30);
    expect(longShown).toBe(0);
  }, 60_000);

  it('renders the key numbers, and prints to a few A4 pages', async () => {
    const dir = fixtureStore('kpi');
    const file = join(work, 'kpi.html');
    const at = { env: { AFTERSALES_NOW: '2026-11-30T12:00:00+08:00' } };
    await ok(dir, ['report', '--since', '2026-11-01', '--until', '2026-11-30', '--out', file, '--lang', 'zh-CN'], at);
    const dom = browse(file, ['--dump-dom', '--virtual-time-budget=2000']);
    for (const text of ['KPI 报告', '212.4 h', '50.0%', '瓶颈', '处理中', '当前卡在', 'AS-0RR0-00000D', '较上一统计期'])
      expect(dom).toContain(text);
    const pdf = join(work, 'kpi.pdf');
    browse(await page('print', ['--by', 'component', '--lang', 'zh-CN']), [
      `--print-to-pdf=${pdf}`,
      '--no-pdf-header-footer',
    ]);
    const pages = (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(5); // the short folded lists printed open, the 127 recurrences not
    copyFileSync(pdf, join(ARTIFACTS, 'report-print.pdf'));
  }, 60_000);
});

if (!chromium) {
  console.warn(
    '[report-page.test] Chromium not found: the browser tests are skipped. Install it with `apt-get install chromium` (the CI script does).',
  );
}
