// zod compiles a fast path (`new Function`) for each object schema the first time it parses
// with it: ~5 ms for an issue, a tenth of starting Node. A command that reads one or two files
// is quicker without it; a scan of thousands is quicker with it (60 against 80 ms per 1,000).
import type * as z from 'zod/mini';

/** Parses per schema made without the compiled fast path. */
const FEW = 20;
const JITLESS = { jitless: true } as const;
const parses = new WeakMap<z.ZodMiniType, number>();

/** `schema.safeParse(data)`, the same result, but the first few parses skip the compile. */
export function safeParse<S extends z.ZodMiniType>(schema: S, data: unknown): z.core.util.SafeParseResult<z.output<S>> {
  const n = (parses.get(schema) ?? 0) + 1;
  parses.set(schema, n);
  return schema.safeParse(data, n <= FEW ? JITLESS : undefined);
}
