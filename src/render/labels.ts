// Values shown by their label: a type or a source by the config's `labels` (else the built-in
// label of a default value, else the value as typed), a person or a team by name.
import type { Config } from '../domain/config.js';
import type { Report } from '../domain/kpi.js';
import { en } from '../i18n/en.js';
import { t, type MessageKey } from '../i18n/index.js';

const known = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** A value of a catalog group (`status`, `event`, `method` …) by its label; the value itself
 * where the catalog has none. */
export const label = (group: string, value: string): string => {
  const key = `${group}.${value}`;
  return known(key) ? t(key) : value;
};

/** A type or source of the config: its configured label, a built-in one, or the value. */
export const valueLabel = (config: Pick<Config, 'labels'>, group: 'type' | 'source', value: string): string =>
  config.labels[value] ?? label(group, value);

/** A person by name where the config knows them (their id otherwise: an e-mail, a bot). */
export const personName = (config: Pick<Config, 'people'>, id: string | null): string =>
  id === null ? '—' : (config.people.find((p) => p.id === id)?.name ?? id);

/** A team by name where it has one. */
export const teamName = (config: Pick<Config, 'teams'>, id: string | null): string =>
  id === null ? '—' : (config.teams.find((tm) => tm.id === id)?.name ?? id);

/** An owner id, which names a person or (for an issue with no person yet) a team, by name. */
export const ownerIdName = (config: Pick<Config, 'people' | 'teams'>, id: string): string =>
  config.people.some((p) => p.id === id) ? personName(config, id) : teamName(config, id);

/** Whoever answers for an issue, by name: its person, else its team. */
export const ownerName = (config: Pick<Config, 'people' | 'teams'>, person: string | null, team: string | null) =>
  person ? personName(config, person) : team ? teamName(config, team) : null;

/** A report as people read it (table, Markdown, HTML): the dimension and each key by its label,
 * people and teams by name. JSON and CSV keep the values as they are in the files. */
export function labelledReport(r: Report, config: Config): Report {
  const key = (dim: string, value: string): string => {
    if (value === '(none)') return t('label.none');
    if (dim === 'severity') return label('severity', value);
    if (dim === 'type') return valueLabel(config, 'type', value);
    if (dim === 'owner') return personName(config, value);
    if (dim === 'team') return teamName(config, value);
    return value;
  };
  const [first, second] = r.by_dimensions;
  return {
    ...r,
    by_dimension: r.by_dimensions.map((d) => label('byDim', d)).join(' × '),
    by: r.by.map((b) => {
      const keys = b.keys?.map((k, n) => key(r.by_dimensions[n] as string, k));
      return { ...b, key: keys ? keys.join(' / ') : key(r.by_dimension, b.key), ...(keys ? { keys } : {}) };
    }),
    cross: r.cross && {
      ...r.cross,
      rows: r.cross.rows.map((k) => key(first as string, k)),
      columns: r.cross.columns.map((k) => key(second as string, k)),
    },
    teams: r.teams.map((g) => ({ ...g, key: key('team', g.key) })),
    owners: r.owners.map((g) => ({ ...g, key: key('owner', g.key) })),
  };
}

/** 2d 3h, 5h 10m, 12m (2天3小时 …) */
export function span(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const unit = (n: number, key: 'span.days' | 'span.hours' | 'span.minutes') => t(key, { n });
  const sep = t('span.separator');
  if (d) return h ? unit(d, 'span.days') + sep + unit(h, 'span.hours') : unit(d, 'span.days');
  if (h) return min ? unit(h, 'span.hours') + sep + unit(min, 'span.minutes') : unit(h, 'span.hours');
  return unit(min, 'span.minutes');
}
