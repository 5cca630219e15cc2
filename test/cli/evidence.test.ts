// The lint on evidence: a bare claim (已完成, SOP updated) is refused at `action --done` and is
// no evidence for an acceptance item that requires it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBareEvidence } from '../../src/domain/vague.js';
import { itemResult } from '../../src/domain/checklist.js';
import { FIXTURES, newIssue, ok, plantStore, run } from '../helpers.js';

describe('evidence that only claims a result', () => {
  it('is told from evidence that shows something', () => {
    for (const bare of ['已完成', '完成。', 'SOP updated', 'done', '加强培训', '已更新 SOP', 'OK!'])
      expect(isBareEvidence(bare), bare).toBe(true);
    for (const shown of [
      '100台补脂完成，全检噪音 42 dB',
      'WI-3.2 rev D 已发布',
      '已完成，见报告 QR-118',
      'SOP-7 rev C',
    ])
      expect(isBareEvidence(shown), shown).toBe(false);
  });

  it('is refused at action --done unless --allow-vague, and fails an item that requires evidence', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'low' });
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')]);
    const r = await run(dir, ['action', id, 'T1', '--done', '--evidence', '已完成']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'已完成' claims a result without showing it/);
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).actions[0].done_at).toBeNull();
    await ok(dir, ['action', id, 'T1', '--done', '--evidence', '已完成', '--allow-vague']);
    const item = { id: 'x', text: 'x', dimension: 'problem', evidence: 'required' } as Parameters<typeof itemResult>[0];
    expect(itemResult(item, { result: 'pass', evidence: '已处理' })).toBe('fail');
    expect(itemResult(item, { result: 'pass', evidence: '噪音 42 dB' })).toBe('pass');
  });
});
