// Looking people and product lines up in the config, without loading its zod schema.
import type { Config, Person } from './config.js';

export function personByEmail(config: Config, email: string | null): Person | undefined {
  if (!email) return undefined;
  const key = email.toLowerCase();
  return config.people.find((p) => p.email?.toLowerCase() === key);
}

export function productLines(config: Config): string[] {
  return [...new Set(config.products.map((p) => p.line).filter((l): l is string => Boolean(l)))];
}
