// Auditing the trail: given the versions of an issue file commit by commit, find events
// whose commit was authored by someone else, actors who lacked the role their action
// needed at that time, history edited or removed rather than appended to, changes no event
// explains, duties broken, and (asked for) commits not signed by their author's own key.
import { pendingRoles } from './approval.js';
import type { Config } from './config.js';
import { personByEmail } from './people.js';
import { AftersalesError } from '../errors.js';
import { rewrittenRounds, unexplainedChanges } from './audit-fields.js';
import { checkAcceptor, checkActionActor, checkApprover } from './duties.js';
import type { Issue } from './issue.js';
import { dueAfterWait } from './sla.js';
import { dueWithWaits, waitsOf } from './waiting.js';
import { signatureProblem, type Signature } from './signatures.js';
import { canonical, mergeIssue } from './merge.js';

export type FindingKind =
  | 'author'
  | 'role'
  | 'edited'
  | 'unsigned'
  | 'unexplained'
  | 'rewritten'
  | 'config'
  | 'duty'
  | 'signer'
  | 'merge';

export interface Finding {
  issue: string;
  kind: FindingKind;
  commit: string;
  event: { at: string; by: string; action: string } | null;
  /** the field the finding is about, where it is one */
  field?: string;
  detail: string;
}

export interface Version {
  commit: string;
  parents: string[];
  email: string;
  /** read only for --require-signed */
  signature: Signature | null;
  /** the issue data at this commit (history and approval read raw) */
  data: { id?: string; history?: Record<string, unknown>[]; approval?: { role?: string | null } | null } | null;
  /** the issue data at each parent */
  parentData: ({ history?: Record<string, unknown>[] } | null)[];
  config: Config | null;
  /** the config as it stood at the (first) parent: who held which role when the commit was made */
  parentConfig: Config | null;
  /** for a merge of two parents: the issue at their merge base (null: not there) */
  baseData?: Version['data'];
  /** reads data as the tool does (defaults filled in) */
  normalize?: (data: unknown) => unknown;
}

const ROLE_ACTIONS = new Set(['approve', 'approve-level', 'reject']);
const ACCEPT_ACTIONS = new Set(['accept', 'accept-failed']);

export function auditVersions(issueId: string, versions: Version[], opts: { requireSigned: boolean }): Finding[] {
  const findings: Finding[] = [];
  for (const v of versions) {
    if (!v.data && v.parentData.some(Boolean)) {
      // no command deletes an issue: the file and its trail went by hand
      findings.push({
        issue: issueId,
        kind: 'edited',
        commit: v.commit,
        event: null,
        detail: 'the issue file was deleted',
      });
      continue;
    }
    const events = v.data?.history ?? [];
    const present = new Set(events.map(canonical));
    const describe = (e: Record<string, unknown>) => ({ at: String(e.at), by: String(e.by), action: String(e.action) });
    // history only appended to: every event a parent had is still here
    for (const parent of v.parentData) {
      for (const e of parent?.history ?? []) {
        if (!present.has(canonical(e)))
          findings.push({
            issue: issueId,
            kind: 'edited',
            commit: v.commit,
            event: describe(e),
            detail: 'an event of the history was edited or removed',
          });
      }
    }
    const config = v.parentConfig ?? v.config;
    if (opts.requireSigned && v.signature) {
      const problem = signatureProblem(v.signature, config ? personByEmail(config, v.email) : undefined, v.email);
      if (problem)
        findings.push({
          issue: issueId,
          kind: v.signature.status === 'N' ? 'unsigned' : 'signer',
          commit: v.commit,
          event: null,
          detail: problem,
        });
    }
    if (v.parents.length > 1) {
      // a merge only unites what its parents hold: what the driver makes of them, and no more
      findings.push(...mergeFindings(issueId, v));
      continue;
    }
    const before = new Set((v.parentData[0]?.history ?? []).map(canonical));
    const added = events.filter((e) => !before.has(canonical(e)));
    const parent = v.parentData[0];
    if (parent && v.data) {
      for (const f of [
        ...unexplainedChanges(parent as Record<string, unknown>, v.data as Record<string, unknown>, added),
        ...rewrittenRounds(parent as Record<string, unknown>, v.data as Record<string, unknown>),
        ...dueComputed(v.data as unknown as Issue, parent as unknown as Issue, added, v.config ?? v.parentConfig),
      ])
        findings.push({
          issue: issueId,
          kind: f.field.startsWith('acceptance.rounds') ? 'rewritten' : 'unexplained',
          commit: v.commit,
          event: null,
          field: f.field,
          detail: f.rule,
        });
    }
    if (added.length === 0) continue;
    const author = config ? (personByEmail(config, v.email)?.id ?? v.email) : v.email;
    for (const e of added) {
      if (e.imported === true) {
        findings.push(...importedFindings(issueId, v, e, author, Boolean(parent)));
        continue;
      }
      const by = String(e.by);
      const duty = parent && config ? dutyBroken(parent as unknown as Issue, config, e) : null;
      if (duty) findings.push({ issue: issueId, kind: 'duty', commit: v.commit, event: describe(e), detail: duty });
      if (by !== author)
        findings.push({
          issue: issueId,
          kind: 'author',
          commit: v.commit,
          event: describe(e),
          detail: `committed by ${v.email}`,
        });
      const action = String(e.action);
      // a level given must be one the plan was waiting for, as the file stood before
      const asked = (parent as unknown as Issue | undefined)?.approval;
      const waitingFor = asked ? pendingRoles({ ...asked, given: asked.given ?? [] }) : [];
      if (ROLE_ACTIONS.has(action) && typeof e.level === 'string' && !waitingFor.includes(e.level))
        findings.push({
          issue: issueId,
          kind: 'role',
          commit: v.commit,
          event: describe(e),
          detail: `the plan was not waiting for the level ${e.level}`,
        });
      const needed = ROLE_ACTIONS.has(action)
        ? typeof e.level === 'string'
          ? e.level
          : (v.data?.approval?.role ?? null)
        : ACCEPT_ACTIONS.has(action)
          ? (v.config?.acceptance.role ?? null)
          : null;
      if (needed && config) {
        const roles = config.people.find((p) => p.id === by)?.roles ?? [];
        if (!roles.includes(needed))
          findings.push({
            issue: issueId,
            kind: 'role',
            commit: v.commit,
            event: describe(e),
            detail: `${by} did not hold ${needed}`,
          });
      }
    }
  }
  return findings;
}

/** An event `import --history` wrote: it tells of the past, so whoever acted then is not the
 * commit's author, nor bound by today's roles and duties. It must come with the file (an
 * imported event added to an issue that exists is not an import), by whoever imported it. */
function importedFindings(issueId: string, v: Version, e: Record<string, unknown>, author: string, existed: boolean) {
  const event = { at: String(e.at), by: String(e.by), action: String(e.action) };
  const out: Finding[] = [];
  if (existed)
    out.push({
      issue: issueId,
      kind: 'edited',
      commit: v.commit,
      event,
      detail: 'an imported event added to an issue that already existed',
    });
  if (e.imported_by !== author)
    out.push({
      issue: issueId,
      kind: 'author',
      commit: v.commit,
      event,
      detail: `imported by ${String(e.imported_by)}, committed by ${v.email}`,
    });
  return out;
}

/** The duty (config `duties:`, as it stood before the commit) an appended event broke, if any. */
function dutyBroken(before: Issue, config: Config, e: Record<string, unknown>): string | null {
  const by = String(e.by);
  const action = String(e.action);
  try {
    if (ROLE_ACTIONS.has(action)) checkApprover(before, config, by);
    else if (ACCEPT_ACTIONS.has(action)) checkAcceptor(before, config, by);
    else if ((action === 'action-done' || action === 'action-withdrawn') && typeof e.action_id === 'string')
      checkActionActor(before, config, e.action_id, by);
  } catch (err) {
    if (err instanceof AftersalesError) return DUTY_RULES[err.key] ?? err.key;
    throw err;
  }
  return null;
}

const DUTY_RULES: Record<string, string> = {
  dutySelfApproval: 'duties.self_approval: whoever submitted the plan does not decide it',
  dutyOwnerAccepts: "duties.owner_accepts: the issue's assignee does not run its acceptance",
  dutyOthersComplete: "duties.others_complete_actions: only the action's owner, the assignee or a lead marks it",
};

/** Fields of a merge commit that differ from what the merge driver makes of its parents. */
function mergeFindings(issueId: string, v: Version): Finding[] {
  const [a, b] = v.parentData;
  if (v.parentData.length !== 2 || !a || !b || !v.data || !v.normalize) return [];
  const expected = v.normalize(mergeIssue(v.baseData ?? {}, a, b)) as Record<string, unknown>;
  const got = v.data as Record<string, unknown>;
  return [...new Set([...Object.keys(expected), ...Object.keys(got)])]
    .filter((field) => canonical(expected[field]) !== canonical(got[field]))
    .map((field) => ({
      issue: issueId,
      kind: 'merge' as const,
      commit: v.commit,
      event: null,
      field,
      detail: 'a merge holding what its parents do not: the merge driver makes another value of them',
    }));
}

/** A due date changed by `sla --recompute` or `reclassify` is the one the SLA gives (a
 * hand-written event could push it anywhere). */
function dueComputed(after: Issue, before: Issue, added: Record<string, unknown>[], config: Config | null) {
  if (!config || canonical(after.due) === canonical(before.due)) return [];
  if (added.some((e) => e.action === 'resume') && before.due.resolution) {
    // every resume of this commit moves the due date by its wait, which may be in this commit too
    let moved = before.due.resolution;
    const fresh = new Set(added);
    for (const { parked, resume } of waitsOf(after))
      if (fresh.has(resume as unknown as Record<string, unknown>))
        moved = dueAfterWait(moved, new Date(parked), new Date(resume.at), config);
    return moved === after.due.resolution &&
      canonical({ ...after.due, resolution: null }) === canonical({ ...before.due, resolution: null })
      ? []
      : [{ field: 'due', rule: 'not the resolution due date moved by the time the issue waited' }];
  }
  if (!added.some((e) => e.action === 'recompute-due' || e.action === 'reclassify')) return [];
  const expected = dueWithWaits(after, after.severity, config);
  return canonical(expected) === canonical(after.due)
    ? []
    : [{ field: 'due', rule: 'not the due dates the SLA of the config gives this issue' }];
}
