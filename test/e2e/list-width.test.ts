// list at a real terminal of 80 and 120 columns: no line wraps, the title keeps its room,
// and the columns that give way are the ones meant to (the type first, the status last).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore, NOW } from '../../fixtures/generate-store.js';
import { BIN, ROOT, ok, tempDir, testEnv } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = tempDir('as-width-');
  await generateStore(dir, 80);
}, 60_000);

/** What list prints at a terminal `cols` wide, as its lines without colour. */
function listAt(cols: number, args: string[] = [], lang = 'en'): string[] {
  const spec = join(tempDir(), 'spec.json');
  const env = testEnv({ AFTERSALES_NOW: NOW, TERM: 'xterm', NO_COLOR: '1', AFTERSALES_LANG: lang });
  writeFileSync(
    spec,
    JSON.stringify({ argv: [process.execPath, BIN, 'list', ...args], cwd: dir, env, steps: [], cols }),
  );
  const out = JSON.parse(execFileSync('python3', [join(ROOT, 'test', 'drive_tty.py'), spec], { encoding: 'utf8' }));
  expect(out.code, out.screen).toBe(0);
  // the progress bar of a first run ends in an erased line; the listing follows it
  const text = (out.screen as string).replace(/\r/g, '').replace(/^[^\n]*\u001b\[K/, '');
  return text.split('\n').filter((l) => l.trim());
}

describe('list fits the terminal', () => {
  it('at 120 columns shows every column; at 80 the type gives way first, no line wraps', async () => {
    await ok(dir, ['list'], { env: { AFTERSALES_NOW: NOW } }); // the index built beforehand
    const wide = listAt(120);
    expect(wide[0]).toMatch(/^ID +STATUS +SEVERITY +TYPE +OWNER +DUE +TITLE$/);
    const narrow = listAt(80);
    expect(narrow[0]).toMatch(/^ID +STATUS +SEVERITY +OWNER +DUE +TITLE$/);
    // at 60 the severity and the due date go too, and the status is cut
    const small = listAt(60);
    expect(small[0]).toMatch(/^ID +STATUS +OWNER +TITLE$/);
    for (const line of small) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
    for (const [cols, lines] of [
      [120, wide],
      [80, narrow],
    ] as const) {
      expect(lines.length, String(cols)).toBe(wide.length);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(cols);
    }
    // the title keeps at least 12 cells, and two fifths of the line where it needs them
    const at = (narrow[0] as string).indexOf('TITLE');
    const titles = narrow.slice(1).map((l) => l.slice(at));
    expect(Math.max(...titles.map((s) => stringWidth(s)))).toBeGreaterThanOrEqual(12);
    // --wide keeps every column whole, however narrow the terminal
    expect(listAt(60, ['--wide'])[0]).toMatch(/^ID +STATUS +SEVERITY +TYPE +OWNER +DUE +TITLE$/);
  });

  it('in Chinese at 80 columns: measured by display width, still no line wraps', () => {
    const lines = listAt(80, [], 'zh-CN');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/标题/);
  });
});
