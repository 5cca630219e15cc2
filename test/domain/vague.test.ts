// The vague-wording lint on real phrases: exact compounds pass, approximations and blame do not.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBareAction, lintAction, lintCause, useVagueLists, vagueWords } from '../../src/domain/vague.js';
import { tempDir } from '../helpers.js';

describe('the vague-wording lint', () => {
  it('lets words that are exact in their compound pass', () => {
    useVagueLists();
    for (const what of [
      '更换左右导轨防护罩为304不锈钢材质',
      '调整主轴左右摆动量至0.02 mm',
      '上下料机构加装限位开关',
      '更新相关功能的回归用例 TC-31 至 TC-38',
      '在作业指导书中增加注意事项第4条：润滑脂5g',
      '立柱加焊加强筋 4 条，板厚 8 mm',
      '更换气缸到位传感器为 SICK MZT8',
      '预约维护每月1次',
      '与2家上下游供应商签订质量协议',
      '更换3号车左右后视镜',
    ])
      expect(vagueWords(what), what).toEqual([]);
  });

  it('flags approximations, vague words and actions that name nothing', () => {
    expect(vagueWords('10 天左右完成')).toEqual(['左右']);
    expect(vagueWords('约 5 天内完成更换')).toEqual(['约']);
    expect(vagueWords('finish in about 3 days')).toEqual(['about']);
    expect(vagueWords('噪音 45 dB 左右')).toEqual(['左右']);
    expect(vagueWords('尽快加强管理')).toEqual(['尽快', '加强']);
    for (const what of ['培训', '对员工进行培训', '跟进', 'Follow up.', '全体员工教育'])
      expect(isBareAction(what), what).toBe(true);
    expect(isBareAction('按作业指导书 WI-3.2 rev D 培训装配工 12 人并考试')).toBe(false);
    expect(lintAction({ what: '培训', verify: '考试合格率 100%' })).toEqual([{ field: 'what', words: ['培训'] }]);
  });

  it("takes a store's words with any characters, matched where they stand", () => {
    const dir = tempDir('as-vague-');
    mkdirSync(join(dir, '.aftersales'));
    writeFileSync(join(dir, '.aftersales', 'vague-words.yaml'), 'vague: [c++, e.g.]\napproximate: ["+/-", ca.]\n');
    useVagueLists(dir);
    expect(vagueWords('rewrite it in c++')).toEqual(['c++']);
    expect(vagueWords('some tools, e.g. a wrench')).toEqual(['some', 'e.g.']);
    expect(vagueWords('cap 5 bolts')).toEqual([]);
    expect(vagueWords('ca. 5 bolts')).toEqual(['ca.']);
    expect(vagueWords('5 +/- 2 mm')).toEqual(['+/-']); // the store's own word, and no crash
    useVagueLists();
  });

  it('takes blame for no root cause, but not a cause that mentions a person', () => {
    expect(lintCause('管理不到位，员工责任心不强')?.words).toEqual(
      expect.arrayContaining(['管理不到位', '责任心不强']),
    );
    expect(lintCause('Human error.')?.words).toEqual(['human error']);
    expect(lintCause('作业指导书缺少润滑量要求')).toBeNull();
    expect(lintCause('员工失误的原因：作业指导书第3.2节未规定润滑脂用量，出厂检验不测低速噪音')).toBeNull();
  });
});
