// Looking people and product lines up in the config, without loading its zod schema.
import type { Config, Person } from './config.js';
import type { Issue } from './issue.js';

export function personByEmail(config: Config, email: string | null): Person | undefined {
  if (!email) return undefined;
  const key = email.toLowerCase();
  return config.people.find((p) => p.email?.toLowerCase() === key);
}

export function productLines(config: Config): string[] {
  return [...new Set(config.products.map((p) => p.line).filter((l): l is string => Boolean(l)))];
}

/** Everyone holding any of `roles`, in the config's order. */
export function holders(config: Pick<Config, 'people'>, ...roles: string[]): string[] {
  return config.people.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.id);
}

/** Who hears of an event on an issue: its assignee and cc, the actor aside. */
export const toldOf = (issue: Issue, actor: string): string[] =>
  [...new Set([issue.assignee.person, ...issue.cc])].filter((p): p is string => Boolean(p) && p !== actor);
