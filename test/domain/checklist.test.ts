import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Checklist, checkAnswers, scoreRound, type AnswersFile } from '../../src/domain/checklist.js';
import type { AftersalesError } from '../../src/errors.js';
import { ROOT } from '../helpers.js';

const DIR = join(ROOT, 'templates', 'checklists');

describe('shipped checklist templates', () => {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  it('are the four the product promises', () => {
    expect(names.sort()).toEqual(['field-service.yaml', 'manufacturing.yaml', 'software.yaml', 'three-dimension.yaml']);
  });
  for (const name of names) {
    it(`${name} is valid, bilingual and quantified`, () => {
      const parsed = Checklist.safeParse(parse(readFileSync(join(DIR, name), 'utf8')));
      expect(parsed.error?.issues ?? []).toEqual([]);
      for (const item of parsed.data?.items ?? []) {
        for (const key of ['text', 'criterion', 'method'] as const) {
          const v = item[key];
          expect(typeof v === 'object' && v.en && v['zh-CN'], `${item.id}.${key}`).toBeTruthy();
        }
      }
    });
  }
  it('the software and manufacturing checklists also hold the plan agreed and going beyond expectation', () => {
    for (const name of ['software', 'manufacturing']) {
      const c = Checklist.parse(parse(readFileSync(join(DIR, `${name}.yaml`), 'utf8')));
      expect(c.items.find((i) => i.id === 'plan-agreed')?.check, name).toBe('plan-agreed');
      expect(
        c.items.map((i) => i.id),
        name,
      ).toContain('beyond-expectation');
    }
  });

  it('three-dimension covers every point of seed 2 across the three dimensions', () => {
    const c = Checklist.parse(parse(readFileSync(join(DIR, 'three-dimension.yaml'), 'utf8')));
    expect(new Set(c.items.map((i) => i.dimension))).toEqual(new Set(['problem', 'trust', 'process']));
    expect(c.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'problem-described',
        'rca-done',
        'scope-assessed',
        'measures-separated',
        'fix-verified',
        'regression-tested',
        'derived-harm',
        'customer-informed',
        'plan-agreed',
        'customer-confirmed',
        'beyond-expectation',
        'apology-compensation',
        'review-held',
        'prevention-in-sop',
      ]),
    );
  });
  it('manufacturing carries seed 1’s quantified rows', () => {
    const text = readFileSync(join(DIR, 'manufacturing.yaml'), 'utf8');
    expect(text).toContain('24 小时，噪音分贝值低于 45dB');
    expect(text).toContain('每批 1000 件全检，良率稳定在 99.5% 以上');
    expect(readFileSync(join(DIR, 'software.yaml'), 'utf8')).toContain('连续执行相关操作 100 次，错误率为 0%');
  });
});

describe('template validation', () => {
  const item = { id: 'a', dimension: 'problem', text: 't', criterion: 'c', method: 'm' };
  const problems = (c: unknown) =>
    Checklist.safeParse(c).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
  it('refuses an unknown dimension, a duplicate id, a weight of 0 or less, a mandatory na, a stray key', () => {
    expect(problems({ name: 'x', items: [{ ...item, dimension: 'quality' }] })[0]).toMatch(/^items\.0\.dimension/);
    expect(problems({ name: 'x', items: [item, item] })).toEqual(['items.1.id: an item id used once in the template']);
    expect(problems({ name: 'x', items: [{ ...item, weight: 0 }] })).toEqual(['items.0.weight: a weight above 0']);
    expect(problems({ name: 'x', items: [{ ...item, weight: -2 }] })).toEqual(['items.0.weight: a weight above 0']);
    expect(problems({ name: 'x', items: [{ ...item, mandatory: true, na_allowed: true }] })).toEqual([
      'items.0.na_allowed: false: a mandatory item cannot be answered na',
    ]);
    expect(problems({ name: 'x', items: [{ ...item, text: { en: 'a', 'zh-CN': 'b', extra: 'c' } }] })[0]).toMatch(
      /^items\.0\.text/,
    );
  });
});

describe('scoring (CONTRACT)', () => {
  const checklist = Checklist.parse({
    name: 't',
    pass_score: 0.8,
    items: [
      { id: 'fix', dimension: 'problem', text: 'x', criterion: 'x', method: 'x', mandatory: true, weight: 2 },
      { id: 'customer', dimension: 'trust', text: 'x', criterion: 'x', method: 'x', mandatory: true, weight: 2 },
      { id: 'sorry', dimension: 'trust', text: 'x', criterion: 'x', method: 'x', weight: 1 },
      { id: 'review', dimension: 'process', text: 'x', criterion: 'x', method: 'x', weight: 1 },
    ],
  });
  const answers = (items: Record<string, 'pass' | 'fail' | 'na'>): AnswersFile => ({
    items: Object.fromEntries(Object.entries(items).map(([k, r]) => [k, { result: r }])),
  });

  it('is Σ weight passed ÷ Σ weight not na', () => {
    expect(scoreRound(checklist, answers({ fix: 'pass', customer: 'pass', sorry: 'pass', review: 'pass' }))).toEqual({
      score: 1,
      result: 'pass',
      failed: [],
    });
    expect(scoreRound(checklist, answers({ fix: 'pass', customer: 'pass', sorry: 'fail', review: 'pass' }))).toEqual({
      score: 5 / 6,
      result: 'pass',
      failed: ['sorry'],
    });
    expect(scoreRound(checklist, answers({ fix: 'pass', customer: 'pass', sorry: 'na', review: 'fail' }))).toEqual({
      score: 4 / 5,
      result: 'pass',
      failed: ['review'],
    });
    expect(
      scoreRound(checklist, answers({ fix: 'pass', customer: 'pass', sorry: 'fail', review: 'fail' })).result,
    ).toBe('fail'); // 4/6 < 0.8
  });
  it('fails a failed mandatory item whatever the score', () => {
    const big = Checklist.parse({
      ...checklist,
      items: [
        ...checklist.items,
        { id: 'huge', dimension: 'problem', text: 'x', criterion: 'x', method: 'x', weight: 100 },
      ],
    });
    const v = scoreRound(big, answers({ fix: 'pass', customer: 'fail', sorry: 'pass', review: 'pass', huge: 'pass' }));
    expect(v.score).toBeGreaterThan(0.98);
    expect(v.result).toBe('fail');
  });
  it('counts a missing answer as failed', () => {
    expect(scoreRound(checklist, answers({ fix: 'pass', customer: 'pass', sorry: 'pass' }))).toEqual({
      score: 5 / 6,
      result: 'pass',
      failed: ['review'],
    });
    expect(scoreRound(checklist, answers({ customer: 'pass', sorry: 'pass', review: 'pass' })).result).toBe('fail'); // mandatory fix missing
  });
  it('refuses na on a mandatory item and answers for items the template lacks', () => {
    const err = (a: AnswersFile) => {
      try {
        checkAnswers(checklist, a);
        return null;
      } catch (e) {
        return (e as AftersalesError).key;
      }
    };
    expect(err(answers({ fix: 'na' }))).toBe('answerMandatoryNa');
    expect(err(answers({ fix_typo: 'pass' }))).toBe('answerUnknownItem');
    expect(err(answers({ sorry: 'na' }))).toBeNull();
  });
  it('with every item na there is no score, and no pass', () => {
    const optional = Checklist.parse({
      name: 'o',
      items: [{ id: 'a', dimension: 'trust', text: 'x', criterion: 'x', method: 'x' }],
    });
    expect(scoreRound(optional, answers({ a: 'na' }))).toEqual({ score: null, result: 'fail', failed: [] });
  });
});
