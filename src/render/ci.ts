// Output CI servers read: JUnit XML (the common schema Jenkins, GitLab and GitHub
// reporters accept) and GitHub Actions workflow commands.

export function xmlEscape(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // characters XML 1.0 cannot hold at all
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

export interface JunitCase {
  name: string;
  classname: string;
  file?: string;
  failures: { type: string; message: string; body?: string }[];
}

export function junit(suite: string, cases: JunitCase[], timestamp: string): string {
  const failing = cases.filter((c) => c.failures.length > 0).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failing}" errors="0" time="0">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failing}" errors="0" skipped="0" time="0" timestamp="${xmlEscape(timestamp)}">`,
  ];
  for (const c of cases) {
    const attrs = `name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"${c.file ? ` file="${xmlEscape(c.file)}"` : ''} time="0"`;
    if (c.failures.length === 0) {
      lines.push(`    <testcase ${attrs}/>`);
      continue;
    }
    lines.push(`    <testcase ${attrs}>`);
    for (const f of c.failures) {
      lines.push(
        `      <failure type="${xmlEscape(f.type)}" message="${xmlEscape(f.message)}">${xmlEscape(f.body ?? f.message)}</failure>`,
      );
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n');
}

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,col=…,title=…::message` */
export function githubAnnotation(
  level: 'error' | 'warning' | 'notice',
  at: { file: string; line: number; column?: number },
  message: string,
  title?: string,
): string {
  const props = [`file=${escProp(at.file)}`, `line=${at.line}`];
  if (at.column) props.push(`col=${at.column}`);
  if (title) props.push(`title=${escProp(title)}`);
  return `::${level} ${props.join(',')}::${escData(message)}`;
}

/** A GitHub job summary: a heading and a table of [mark, issue, title, what, owner] rows. */
export function stepSummary(heading: string, rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const table = rows.length
    ? [
        '| | issue | title | what | owner |',
        '|---|---|---|---|---|',
        ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      ]
    : [];
  return `${[`## ${heading}`, '', ...table].join('\n')}\n`;
}
