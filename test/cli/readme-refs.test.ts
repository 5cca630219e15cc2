// What the tool prints or writes that points into the README (a section by its name, in a
// written config's comment or a message) and every link inside the READMEs must lead somewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const readme = (name: string) => readFileSync(join(ROOT, name), 'utf8');

/** The headings and the bold paragraph labels (`**The customer gate.**`) of a README, as plain text. */
function sections(text: string): string[] {
  const plain = (s: string) => s.replace(/`/g, '').trim().toLowerCase();
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => plain(m[1] as string));
  const labels = [...text.matchAll(/^\*\*([^*]+?)\.?\*\*/gm)].map((m) => plain(m[1] as string));
  return [...headings, ...labels];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (m[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|ya?ml|md)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `README: "Name"`, `the README's "Name" section`, `README, "Name"`: wrapped comment lines joined. */
function references(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\n\s*(?:#|\/\/|\*)\s*/g, ' ');
  return [...text.matchAll(/README(?:\.md)?(?:'s)?[:,]? "([^"]+)"/g)].map((m) => m[1] as string);
}

describe('references into the README', () => {
  it('every section the code, the templates and the docs name exists in README.md', () => {
    const known = sections(readme('README.md'));
    const refs = ['src', 'templates', 'scripts', 'docs']
      .flatMap(filesUnder)
      .flatMap((f) => references(f).map((name) => ({ file: relative(ROOT, f), name })));
    expect(refs.length).toBeGreaterThan(5);
    const missing = refs.filter(({ name }) => !known.some((s) => s.startsWith(name.toLowerCase())));
    expect(missing).toEqual([]);
  });

  it('a name that is no section would be found', () => {
    expect(sections('## Files\n\n**The customer gate.** text\n')).toEqual(['files', 'the customer gate']);
    expect(sections(readme('README.md')).some((s) => s.startsWith('a section that is not there'))).toBe(false);
  });

  it('every #link inside README.md and README.zh-CN.md leads to a heading', () => {
    for (const name of ['README.md', 'README.zh-CN.md']) {
      const text = readme(name);
      const targets = anchors(text);
      const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string);
      expect(
        links.filter((l) => !targets.has(l)),
        name,
      ).toEqual([]);
    }
    expect(anchors('### `plan ID --file plan.yaml`\n## config.yaml\n')).toEqual(
      new Set(['plan-id---file-planyaml', 'configyaml']),
    );
  });
});
