import { describe, expect, it } from 'vitest';
import { Issue } from '../../src/domain/issue.js';
import { ISSUE_KEY_ORDER } from '../../src/domain/issue.js';
import { applyChanges, loadYaml, restoreSpacing, stringify } from '../../src/store/yaml.js';

const HAND_EDITED = `# yaml-language-server: $schema=../.aftersales/issue.schema.json
# 张工 asked us to keep this note at the top.
id: AS-0RRT-4XPT4V
title: "X100 主轴异响"   # quoted on purpose
status: new
type: hardware
severity: high
x-erp-order: SO-2026-1188   # an unknown key someone added
customer:
  name: 华东机械厂
  contact: '13800138000'
reported_at: 2026-11-23T10:00:00+08:00
history:
  - at: 2026-11-23T10:00:00+08:00
    by: li.si
    action: register
    to: new
`;

describe('rewriting an issue file', () => {
  it('changes only what changed and keeps comments, quoting, order and unknown keys', () => {
    const loaded = loadYaml(HAND_EDITED);
    const before = Issue.parse(loaded.data);
    const after = {
      ...before,
      severity: 'critical' as const,
      assignee: { team: null, person: 'li.si' },
      history: [
        ...before.history,
        {
          ...(before.history[0] as (typeof before.history)[number]),
          action: 'dispatch',
          from: 'new' as const,
          to: 'assigned' as const,
        },
      ],
    };
    applyChanges(loaded.doc, before, after, ISSUE_KEY_ORDER);
    const text = restoreSpacing(HAND_EDITED, stringify(loaded.doc));
    expect(text).toContain('# 张工 asked us to keep this note at the top.');
    expect(text).toContain('title: "X100 主轴异响"   # quoted on purpose');
    expect(text).toContain('x-erp-order: SO-2026-1188   # an unknown key someone added');
    expect(text).toContain("contact: '13800138000'");
    expect(text).toContain('severity: critical');
    // the new key goes where the schema puts it (before history), not at the end
    expect(text.indexOf('assignee:')).toBeLessThan(text.indexOf('history:'));
    expect(text.indexOf('assignee:')).toBeGreaterThan(text.indexOf('reported_at:'));
    // defaults the change did not touch are not written out
    expect(text).not.toContain('cc:');
    expect(text).not.toContain('actions:');
    const removed = HAND_EDITED.split('\n').filter((l) => !text.split('\n').includes(l));
    expect(removed).toEqual(['severity: high']);
    expect(Issue.parse(loadYaml(text).data).history).toHaveLength(2);
  });

  it('puts back a line the rewrite only quoted, in lists, flow maps and keys too', () => {
    const hand =
      'tags: [yes, no, 2026-01-01]\nlist:\n  - yes\non: off\nx-flow: {a: 2026-01-01, b: on}\n名称: 2026-01-01\n';
    const quoted =
      'tags: ["yes", "no", "2026-01-01"]\nlist:\n  - "yes"\n"on": "off"\nx-flow: {a: "2026-01-01", b: "on"}\n名称: "2026-01-01"\n';
    expect(restoreSpacing(hand, quoted)).toBe(hand);
  });

  it('never puts back a line that says something else: quotes inside a block scalar, a changed value', () => {
    const block = (spec: string) => `rca:\n  root_cause: |-\n    spec: ${spec}\n    再查\n`;
    expect(restoreSpacing(block('"B2"'), block('B2'))).toBe(block('B2'));
    const name = (v: string) => `product:\n  name: ${v}\n`;
    expect(restoreSpacing(name('X1, rev "B"'), name('X1, rev B'))).toBe(name('X1, rev B'));
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const loaded = loadYaml(bomb);
    expect(loaded.data).toBeUndefined();
    expect(loaded.aliasError).toMatch(/alias/i);
  });
});
