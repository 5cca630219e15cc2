import { describe, expect, it } from 'vitest';
import { STATUSES, type Issue } from '../../src/domain/issue.js';
import { MOVES, transition, type MoveName } from '../../src/domain/status.js';
import { AftersalesError } from '../../src/errors.js';
import { isObservable, lintAction, vagueWords } from '../../src/domain/vague.js';

const base = { id: 'AS-0RRT-000001', history: [] } as unknown as Issue;

describe('the status machine', () => {
  it('allows each move exactly from the statuses CONTRACT names, and refuses the rest', () => {
    for (const status of STATUSES) {
      for (const move of Object.keys(MOVES) as MoveName[]) {
        const allowed = (MOVES[move].from as readonly string[]).includes(status);
        const attempt = () => transition({ ...base, status }, move, '2026-11-23T10:00:00+08:00', 'li.si');
        if (allowed) {
          const next = attempt();
          expect(next.history).toHaveLength(1);
          const to = MOVES[move].to;
          expect(next.status).toBe(to === 'same' ? status : to);
        } else {
          expect(attempt, `${move} from ${status}`).toThrow(AftersalesError);
        }
      }
    }
  });

  it('follows CONTRACT: the loop, approval, rework, reopen, cancel', () => {
    const path: [MoveName, Issue['status']][] = [
      ['dispatch', 'assigned'],
      ['plan', 'planned'],
      ['request-approval', 'awaiting-approval'],
      ['reject', 'assigned'],
      ['plan', 'planned'],
      ['request-approval', 'awaiting-approval'],
      ['approve', 'in-progress'],
      ['verify', 'verifying'],
      ['accept-failed', 'in-progress'],
      ['accept', 'accepted'],
      ['reopen', 'in-progress'],
      ['accept', 'accepted'],
    ];
    let issue: Issue = { ...base, status: 'new' };
    for (const [move, to] of path) {
      issue = transition(issue, move, '2026-11-23T10:00:00+08:00', 'li.si');
      expect(issue.status, move).toBe(to);
    }
    expect(issue.history.map((h) => [h.from, h.to])[0]).toEqual(['new', 'assigned']);
    expect(() => transition(issue, 'cancel', 'x', 'y')).toThrow(AftersalesError); // accepted is closed
  });

  it('says where the issue is and what is allowed next', () => {
    try {
      transition({ ...base, status: 'new' }, 'approve', 'x', 'li.si');
      expect.unreachable();
    } catch (err) {
      expect((err as AftersalesError).params).toMatchObject({
        status: 'new',
        move: 'approve',
        allowed: 'dispatch, cancel, comment, contact, confirm, review, compensate, cost, reclassify',
      });
    }
  });
});

describe('the vague-wording lint', () => {
  it('flags the seed’s own examples and their English cousins', () => {
    expect(vagueWords('尽快处理')).toEqual(['尽快']);
    expect(vagueWords('加强管理，及时跟进')).toEqual(['加强', '及时']);
    expect(vagueWords('进一步优化相关流程')).toEqual(['进一步', '相关']);
    expect(vagueWords('Improve QA and fix ASAP')).toEqual(['asap', 'improve']);
    expect(vagueWords('enhance monitoring as needed')).toEqual(['enhance', 'as needed']);
    expect(vagueWords('修改代码第12行，将变量A的逻辑从B调整为C')).toEqual([]);
    expect(vagueWords('Set torque to 12 Nm on line 3')).toEqual([]);
  });

  it('wants a number or an observable result in verify', () => {
    expect(isObservable('连续抽检3批各20台，噪音 < 45 dB')).toBe(true);
    expect(isObservable('回归测试通过')).toBe(true);
    expect(isObservable('error rate 0%')).toBe(true);
    expect(isObservable('客户满意')).toBe(false);
    expect(isObservable('looks fine')).toBe(false);
    expect(
      lintAction({ what: '作业指导书第3.2节规定润滑脂用量为5g', verify: '连续抽检3批各20台，噪音 < 45 dB' }),
    ).toEqual([]);
    expect(lintAction({ what: '加强培训', verify: '效果良好' })).toEqual([
      { field: 'what', words: ['加强'] },
      { field: 'verify', words: [] },
    ]);
  });
});
