import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureStore, git, ok, read, run, tempDir, write } from '../helpers.js';

const NOW = { env: { AFTERSALES_NOW: '2026-11-30T12:00:00+08:00' } };
const NOVEMBER = ['--since', '2026-11-01', '--until', '2026-11-30'];

describe('aftersales report', () => {
  it('--format json carries every CONTRACT key with unrounded figures', async () => {
    const dir = fixtureStore('kpi');
    const r = JSON.parse(await ok(dir, ['report', ...NOVEMBER, '--format', 'json'], NOW));
    for (const key of [
      'period',
      'total',
      'open',
      'accepted',
      'by',
      'mttr_hours',
      'stage_hours',
      'bottleneck',
      'first_time_fix_rate',
      'reopen_rate',
      'sla',
      'satisfaction',
      'aging',
    ]) {
      expect(r).toHaveProperty(key);
    }
    expect(r.mttr_hours.mean).toBe(212.375);
    expect(r.by[1].share).toBe(2 / 6);
    expect(
      JSON.parse(await ok(dir, ['report', ...NOVEMBER, '--format', 'json', '--by', 'customer'], NOW))
        .by.slice(0, 2)
        .map((b: { key: string }) => b.key),
    ).toEqual(['华东机械厂', '南方电子']); // a tie: by code point, whatever the machine's locale
    const bad = await run(dir, ['report', '--by', 'colour']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--by takes one of type, severity, product, line, component, team, owner, customer/);
    expect((await run(dir, ['report', '--since', '1 Nov'])).stderr).toMatch(/--since: '1 Nov' is not a date/);
  });

  it('table: figures, Pareto bars, stage bars, aging and a sparkline, aligned for Chinese', async () => {
    const dir = fixtureStore('kpi');
    const text = await ok(dir, ['report', ...NOVEMBER], NOW);
    expect(text).toContain('KPI report  2026-11-01 → 2026-11-30');
    expect(text).toMatch(/│ MTTR mean\s+│ 212\.4 h\s+│/);
    expect(text).toMatch(/│ first-time fix rate\s+│ 50\.0%\s+│/);
    expect(text).toMatch(/hardware\s+█{30}\s+3 {2}50\.0% {2}Σ 50\.0%/);
    expect(text).toMatch(/Mean hours in each status\s+— bottleneck: in progress/);
    expect(text).toMatch(/Satisfaction trend\s+[▁▂▃▄▅▆▇█]\s+2026-11 4\.3/);
    expect(text).not.toMatch(/\x1b\[/);
    const zh = await ok(dir, ['report', ...NOVEMBER, '--lang', 'zh-CN'], NOW);
    expect(zh).toMatch(/│ 平均处理时长\s+│ 212\.4 h\s+│/);
    const rows = zh.split('\n').filter((l) => l.startsWith('│'));
    const { default: stringWidth } = await import('string-width');
    expect(new Set(rows.slice(0, 10).map((l) => stringWidth(l))).size).toBe(1); // every row the same width
  });

  it('csv (long format) and markdown', async () => {
    const dir = fixtureStore('kpi');
    const csv = await ok(dir, ['report', ...NOVEMBER, '--format', 'csv'], NOW);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('section,key,metric,value');
    expect(lines).toContain('kpi,,mttr_hours.mean,212.375');
    expect(lines).toContain('by.type,hardware,count,3');
    expect(lines).toContain('stage_hours,in-progress,mean,135');
    expect(lines).toContain('aging,8-30d,count,1');
    // what is stuck now, beside the stage times of the accepted issues
    expect(lines).toContain('stage_hours_open,in-progress,mean,181.5');
    expect(lines).toContain('bottleneck_now,,status,in-progress');
    expect(lines).toContain('stuck,AS-0RR0-00000D,in-progress,241');
    expect(lines).toContain('kpi,,mttr_hours.net_mean,209.875');
    const md = await ok(dir, ['report', ...NOVEMBER, '--format', 'markdown'], NOW);
    expect(md).toContain('| MTTR mean | 212.4 h |');
    expect(md).toContain('| hardware | 3 | 50.0% | 50.0% |');
    expect(md).toContain('| in progress ⚑ | 135.0 h |');
    expect(md).toContain('| in progress ⚑ | 181.5 h |');
    expect(md).toContain('| AS-0RR0-00000D | in progress | 241.0 h |');
  });

  it('--at REV computes from the store as it was, read through git; --compare shows each change', async () => {
    const dir = fixtureStore('kpi');
    const first = git(dir, ['rev-parse', 'HEAD']).trim();
    // later work: H is accepted, a new issue arrives
    write(
      dir,
      'issues/AS-0RR0-00000H.yaml',
      read(dir, 'issues/AS-0RR0-00000H.yaml')
        .replace('status: in-progress', 'status: cancelled')
        .concat(
          "  - { at: '2026-11-30T10:00:00+08:00', by: li.si, action: cancel, from: in-progress, to: cancelled }\n",
        ),
    );
    git(dir, ['commit', '-qam', 'H cancelled']);
    const now = JSON.parse(await ok(dir, ['report', ...NOVEMBER, '--format', 'json'], NOW));
    expect(now.total).toBe(5);
    // the working tree is not touched by --at, and the figures are those of the old commit
    const before = read(dir, 'issues/AS-0RR0-00000H.yaml');
    const then = JSON.parse(await ok(dir, ['report', ...NOVEMBER, '--format', 'json', '--at', first], NOW));
    expect(then.total).toBe(6);
    expect(read(dir, 'issues/AS-0RR0-00000H.yaml')).toBe(before);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    const cmp = JSON.parse(await ok(dir, ['report', ...NOVEMBER, '--format', 'json', '--compare', first], NOW));
    expect(cmp.compare.figures.find((f: { name: string }) => f.name === 'total')).toEqual({
      name: 'total',
      // biome-ignore lint/suspicious/noThenProperty: the JSON key of report --compare
      then: 6,
      now: 5,
      change: -1,
    });
    const table = await ok(dir, ['report', ...NOVEMBER, '--compare', first], NOW);
    expect(table).toMatch(/│ reported\s+│ 6\s+│ 5\s+│ -1\s+│/);
    const bad = await run(dir, ['report', '--at', 'no-such-rev']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'no-such-rev' is not a revision of this repository/);
  });

  it('--out writes the HTML page: self-contained, no script, no network', async () => {
    const dir = fixtureStore('kpi');
    const out = join(tempDir(), 'kpi.html');
    const r = await run(dir, ['report', ...NOVEMBER, '--out', out], NOW);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    // the Pareto (wide and narrow), four small multiples of the trend, stages, stuck now, aging
    expect((html.match(/<svg /g) ?? []).length).toBe(9);
    expect(html).toContain('data-kpi="mttr_hours.mean"');
    // each mean and rate says how many issues it is over, now and in the previous period
    // (October, the calendar month before, when nothing was accepted)
    expect(html).toMatch(/data-kpi="mttr_hours\.mean">.*?<div class="n">n = 4 \(before: 0\)<\/div>/);
    expect(html).toMatch(/data-kpi="open">(?:(?!<div class="card).)*▲ 3/);
    expect(html).toContain('<title>KPI report · 2026-11-01 → 2026-11-30</title>');
    expect(html).toContain('made 2026-11-30 12:00');
  });
});
