// `show ID --format 8d`: the 8D report of an issue, D0–D8, from what the issue holds; in
// Markdown and as an A4 page, in English and Chinese, looked at in the browser and printed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asChen, FIXTURES, newIssue, ok, plantStore, tempDir, x100ReadyForAcceptance } from '../helpers.js';

const at = (day: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${day}T${hhmm}:00+08:00` } });
const PASS = join(FIXTURES, 'answers', 'x100-round2-pass.yaml');

/** The X100 noise issue taken through the whole loop: T1 measured and withdrawn, P1 and C1 done,
 * accepted with the customer's word in the answers file. */
async function closed() {
  const { dir, id } = await x100ReadyForAcceptance();
  await ok(
    dir,
    ['action', id, 'T1', '--done', '--measured', '补脂 100 台，全检噪音 41 dB', '--evidence', 'QC-1125'],
    at('11-25'),
  );
  await ok(dir, ['action', id, 'C1', '--done', '--evidence', 'QP-7.1.2 rev C'], at('11-26', '11:00'));
  await ok(dir, ['action', id, 'T1', '--withdrawn', '--evidence', 'P1 生效，停止补脂'], at('11-27'));
  await ok(
    dir,
    ['confirm', id, '--said', '问题已彻底解决，设备运行安静', '--satisfaction', '5', '--channel', 'phone'],
    at('11-28'),
  );
  await ok(dir, ['accept', id, '--answers', PASS], asChen(at('11-28', '15:00')));
  return { dir, id };
}

const section = (md: string, d: string) => md.split(/^## /m).find((s) => s.startsWith(`${d} `)) ?? '';

describe('show --format 8d', () => {
  it('D0–D8 from the record: team and roles, containment with quantities, causes, verified actions, closure', async () => {
    const { dir, id } = await closed();
    const md = await ok(dir, ['show', id, '--format', '8d'], at('11-29'));
    expect(md.startsWith(`# 8D report: ${id} X100 主轴低速异响`)).toBe(true);
    for (const d of ['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']) expect(section(md, d)).not.toBe('');
    expect(section(md, 'D0')).toMatch(/\| first contact with the customer \| 2026-11-23 12:00 \|/);
    const team = section(md, 'D1');
    expect(team).toMatch(
      /\| 李四 \(li\.si\) \| registered, made the plan, carried out actions, spoke with the customer, review, owner \| quality-engineer \|/,
    );
    expect(team).toMatch(/\| 陈七 \(chen\.qi\) \| .*accepted/);
    expect(team).toMatch(/\| 赵六 \(zhao\.liu\) \| carried out actions/);
    expect(section(md, 'D2')).toMatch(/\| when it occurred \| _not recorded_ \|/);
    expect(section(md, 'D3')).toMatch(
      /\| T1 \| 对库存100台设备补充润滑脂5g \| .* \| 补脂 100 台，全检噪音 41 dB \| QC-1125 \|/,
    );
    const causes = section(md, 'D4');
    expect(causes).toContain('| direct cause | 轴承润滑不足 |');
    expect(causes).toContain('| root cause | 作业指导书缺少润滑量要求 |');
    expect(causes).toContain('出厂噪音检测未覆盖低速工况');
    expect(section(md, 'D5')).toMatch(
      /\| P1 \| 作业指导书第3\.2节规定润滑脂用量为5g \| .* \| 连续抽检3批各20台，噪音 < 45 dB \|/,
    );
    expect(section(md, 'D6')).toMatch(
      /\| T1 \| 对库存100台设备补充润滑脂5g \| 2026-11-27 10:00 \| P1 生效，停止补脂 \|/,
    );
    expect(section(md, 'D7')).toMatch(/\| C1 \| .* \| SOP: QP-7\.1\.2 出厂检验规程 \| 2026-11-26 11:00 \|/);
    const closure = section(md, 'D8');
    expect(closure).toMatch(/\| accepted \| 2026-11-28 15:00 · 陈七 \|/);
    expect(closure).toContain("| customer's satisfaction | 5 / 5 |");
    expect(closure).toContain('| the customer said | 问题已彻底解决，设备运行安静 |');
    const zh = await ok(dir, ['show', id, '--format', '8d', '--lang', 'zh-CN'], at('11-29'));
    expect(zh.startsWith(`# 8D 报告：${id}`)).toBe(true);
    expect(section(zh, 'D3').startsWith('D3 临时遏制措施')).toBe(true);
    expect(section(zh, 'D8')).toContain('| 客户评价 | 问题已彻底解决，设备运行安静 |');
  });

  it('what an issue lacks is shown as not recorded, never invented', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { title: '控制柜报警' }, at('11-23'));
    const md = await ok(dir, ['show', id, '--format', '8d'], at('11-24'));
    for (const d of ['D3', 'D5', 'D7']) expect(section(md, d)).toMatch(/\n_not recorded_\n/);
    expect(section(md, 'D4')).toMatch(/\| root cause \| _not recorded_ \|/);
    expect(section(md, 'D8')).toMatch(/\| accepted \| _not recorded_ \|/);
    expect(section(md, 'D8')).toMatch(/\| the customer said \| _not recorded_ \|/);
  });

  const chromium = ['chromium', 'chromium-browser'].find((b) => spawnSync('which', [b]).status === 0);
  it.skipIf(!chromium)(
    '--out FILE.html: a self-contained A4 page, rendered in the browser and printed to PDF',
    async () => {
      const { dir, id } = await closed();
      const work = tempDir('as-8d-');
      const page = join(work, '8d.html');
      const r = await ok(dir, ['show', id, '--format', '8d', '--out', page, '--lang', 'zh-CN'], at('11-29'));
      expect(r).toBe('');
      const html = readFileSync(page, 'utf8');
      expect(html).not.toMatch(/<script|https?:\/\//);
      expect(html).toContain('@page { size: A4');
      const flags = ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(work, 'profile')}`];
      const dom = spawnSync(chromium as string, [...flags, '--dump-dom', `file://${page}`], { encoding: 'utf8' });
      for (const text of ['D0 紧急响应', 'D4 根本原因', '作业指导书缺少润滑量要求', 'D8 关闭与表彰', '问题已彻底解决'])
        expect(dom.stdout).toContain(text);
      const pdf = join(work, '8d.pdf');
      spawnSync(chromium as string, [...flags, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', `file://${page}`]);
      const pages = (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(3);
    },
    60_000,
  );
});
