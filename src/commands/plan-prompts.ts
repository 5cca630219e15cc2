// The interactive side of `plan`: the RCA, then the actions one at a time.
import type { Config } from '../domain/config.js';
import { ACTION_KINDS, RCA_METHODS } from '../domain/vocabulary.js';
import type { Issue } from '../domain/issue.js';
import type { Plan, PlannedAction } from '../domain/plan.js';
import { isoInZone, parseDateInput } from '../domain/time.js';
import { lintAction } from '../domain/vague.js';
import { t } from '../i18n/index.js';
import type { Draft } from './prompt-draft.js';

export async function askPlan(issue: Issue, config: Config, draft: Draft, allowVague: boolean): Promise<Plan> {
  const tz = config.timezone;
  const old = issue.rca;
  const direct = await draft.text({ message: t('prompt.directCause'), required: true, default: old?.direct_cause });
  const indirect = await draft.text({ message: t('prompt.indirectCauses'), default: old?.indirect_causes.join('；') });
  const root = await draft.text({ message: t('prompt.rootCause'), required: true, default: old?.root_cause });
  const escapePoint = await draft.text({ message: t('prompt.escapePoint'), default: old?.escape_point ?? undefined });
  const method = await draft.choice(
    t('label.method'),
    RCA_METHODS.map((m) => ({ value: m, name: m })),
    old?.method,
  );
  const date = (v: string) => (parseDateInput(v, tz, { endOfDay: true }) ? null : t('promptBadDate'));
  const iso = (v: string) => isoInZone(parseDateInput(v, tz, { endOfDay: true }) as Date, tz);
  const vague = (field: 'what' | 'verify') => (v: string) => {
    if (allowVague) return null;
    const f = lintAction({ what: field === 'what' ? v : '1', verify: field === 'verify' ? v : '1' }).find(
      (x) => x.field === field,
    );
    return f ? t(f.words.length ? 'prompt.vague' : 'prompt.unverifiable', { words: f.words.join(', ') }) : null;
  };
  const actions: PlannedAction[] = [];
  const count = { temporary: 0, permanent: 0, preventive: 0 };
  for (;;) {
    const kind = (await draft.choice(
      t('prompt.actionKind'),
      ACTION_KINDS.map((k) => ({ value: k, name: t(`kind.${k}`) })),
      actions.length ? 'permanent' : 'temporary',
    )) as PlannedAction['kind'];
    count[kind]++;
    const id = await draft.text({
      message: t('prompt.actionId'),
      required: true,
      default: `${{ temporary: 'T', permanent: 'P', preventive: 'C' }[kind]}${count[kind]}`,
    });
    const what = await draft.text({ message: t('prompt.what'), required: true, check: vague('what') });
    const who = await draft.choice(
      t('prompt.who'),
      config.people.filter((p) => !p.away).map((p) => ({ value: p.id, name: p.name ? `${p.id}  ${p.name}` : p.id })),
    );
    const when = await draft.text({ message: t('prompt.when'), required: true, check: date });
    const verify = await draft.text({ message: t('prompt.verify'), required: true, check: vague('verify') });
    const removeBy =
      kind === 'temporary' ? await draft.text({ message: t('prompt.removeBy'), required: true, check: date }) : null;
    let target: PlannedAction['target'] = null;
    if (kind === 'preventive') {
      const targetKind = (await draft.choice(t('prompt.targetKind'), [
        { value: 'sop', name: 'SOP' },
        { value: 'backlog', name: 'backlog' },
      ])) as 'sop' | 'backlog';
      target = { kind: targetKind, ref: await draft.text({ message: t('prompt.targetRef'), required: true }) };
    }
    // a lasting fix may be checked later for recurrences of this issue's product, component and failure mode
    const after =
      kind === 'temporary'
        ? ''
        : await draft.text({
            message: t('prompt.effectAfter'),
            check: (v) => (!v.trim() || /^\d+(\.\d+)?\s*[mhdw]$/.test(v.trim()) ? null : t('prompt.effectBad')),
          });
    const watch = {
      ...(issue.product.name ? { product: issue.product.name } : {}),
      ...(issue.product.component ? { component: issue.product.component } : {}),
      ...(issue.failure_mode ? { failure_mode: issue.failure_mode } : {}),
    };
    const effectiveness =
      after.trim() && Object.keys(watch).length ? { after: after.trim(), watch, threshold: 0 } : null;
    actions.push({
      id,
      kind,
      what,
      who,
      when: iso(when),
      verify,
      remove_by: removeBy ? iso(removeBy) : null,
      target,
      ...(effectiveness ? { effectiveness } : {}),
    });
    const more = await draft.choice(
      t('prompt.another'),
      [
        { value: 'yes', name: t('prompt.yes') },
        { value: 'no', name: t('prompt.no') },
      ],
      'yes',
    );
    if (more === 'no') break;
  }
  return {
    rca: {
      direct_cause: direct,
      indirect_causes: indirect
        ? indirect
            .split(/[;；\n]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      root_cause: root,
      escape_point: escapePoint || null,
      method: method as Plan['rca']['method'],
    },
    actions,
  };
}
