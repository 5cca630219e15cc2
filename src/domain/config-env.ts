// `${NAME}` in a config string is read from the environment, so a committed config need not
// hold a token or a per-machine value. The notify section is left as written: its webhooks
// fill the names in only when they send, and only once the clone trusts them; a hook's
// command leaves them to its shell.
const NAME = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${NAME}` in a text, from the environment; the names it lacks (left as written elsewhere). */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(NAME, (_, name: string) => {
    const value = env[name];
    if (value === undefined) missing.push(name);
    return value ?? '';
  });
  return { text: out, missing };
}

/** The names a config text reads and their values here: part of what its cache is keyed by. */
export const envUsed = (text: string, env: NodeJS.ProcessEnv): string =>
  [...new Set(Array.from(text.matchAll(NAME), (m) => m[1] as string))]
    .sort()
    .map((name) => `${name}=${env[name] ?? ''}`)
    .join('\n');

/** Keys whose values notices carry to every receiver (ids, chat identities): filled in, an
 * environment variable would leave the machine through a webhook that needs no trust. */
const KEPT = new Set(['id', 'im']);

/** The parsed config with `${NAME}` filled in every string outside `notify` (ids and `im` aside);
 * an unset name stays. */
export function expandConfigEnv(data: unknown, env: NodeJS.ProcessEnv): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.includes('${') ? v.replace(NAME, (whole, name: string) => env[name] ?? whole) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, (k === 'notify' && v === data) || KEPT.has(k) ? x : walk(x)]),
      );
    return v;
  };
  return walk(data);
}
