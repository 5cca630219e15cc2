// One t() for every user-facing string. The locale is chosen once, in this order:
// --lang, AFTERSALES_LANG, the config's `locale`, the environment's LANG, else English.
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';
import type { Params } from '../errors.js';

export type Locale = 'en' | 'zh-CN';
export type { MessageKey };

let current: Locale = 'en';
let explicit = false;

/** Reads "zh", "zh_CN.UTF-8", "zh-Hans", "en_US" and the like; null when not understood. */
export function parseLocale(value: string | undefined | null): Locale | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en') || v === 'c' || v === 'posix' || v.startsWith('c.')) return 'en';
  return null;
}

/** Called first, from the flag and the environment; a config locale may refine it later. */
export function chooseLocale(flag: string | undefined, env: NodeJS.ProcessEnv): void {
  const chosen = parseLocale(flag) ?? parseLocale(env.AFTERSALES_LANG);
  if (chosen) {
    current = chosen;
    explicit = true;
  } else {
    explicit = false;
    current = parseLocale(env.LC_ALL) ?? parseLocale(env.LC_MESSAGES) ?? parseLocale(env.LANG) ?? 'en';
  }
}

export function applyConfigLocale(locale: Locale | undefined): void {
  if (!explicit && locale) current = locale;
}

export function locale(): Locale {
  return current;
}

export function t(key: MessageKey, params: Params = {}): string {
  const template: string = current === 'zh-CN' ? zhCN[key] : en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? whole : String(v);
  });
}
