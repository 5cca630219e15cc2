// Answers kept as they are given, so that Ctrl-C (or a closed terminal) loses nothing: each
// answer is written to a draft under the git dir (never committed), the next run offers to
// resume it, and the draft goes once what it was for is written.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Io } from '../context.js';
import { t } from '../i18n/index.js';
import { askChoice, askText, type Choice, type TextQuestion } from '../prompts.js';
import { readIfExists, writeFileAtomic } from '../store/files.js';

interface Saved {
  /** when the draft was begun */
  started: string;
  answers: string[];
}

export class Draft {
  private readonly answers: string[] = [];
  private at = 0;

  private constructor(
    private readonly file: string,
    private readonly io: Io,
    private readonly replay: string[],
    private readonly started: string,
  ) {}

  /** The draft `name` under `runtimeDir`: resumed (when there is one and the person wants it) or new. */
  static async open(runtimeDir: string, name: string, io: Io, now: string): Promise<Draft> {
    const file = join(runtimeDir, 'drafts', `${name}.json`);
    const saved = read(file);
    if (saved?.answers.length) {
      const choice = await askChoice(
        io,
        t('draft.found', { n: saved.answers.length, at: saved.started }),
        [
          { value: 'resume', name: t('draft.resume') },
          { value: 'restart', name: t('draft.restart') },
        ],
        'resume',
      );
      if (choice === 'resume') return new Draft(file, io, saved.answers, saved.started);
    }
    return new Draft(file, io, [], now);
  }

  text(q: TextQuestion): Promise<string> {
    return this.answer(q.message, () => askText(this.io, q));
  }

  choice(message: string, choices: Choice[], def?: string): Promise<string> {
    return this.answer(message, () => askChoice(this.io, message, choices, def));
  }

  /** Done with: what it was for is written. */
  discard(): void {
    rmSync(this.file, { force: true });
  }

  private async answer(message: string, ask: () => Promise<string>): Promise<string> {
    let value: string;
    if (this.at < this.replay.length) {
      // answered before: shown as given, not asked again
      value = this.replay[this.at++] as string;
      this.io.stderr.write(`✔ ${message} ${value}\n`);
    } else {
      value = await ask();
    }
    this.answers.push(value);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const saved: Saved = { started: this.started, answers: this.answers };
      writeFileAtomic(this.file, `${JSON.stringify(saved)}\n`, { durable: false });
    } catch {
      // a draft is a convenience: a read-only git dir costs it, not the answers
    }
    return value;
  }
}

function read(file: string): Saved | null {
  try {
    const saved = JSON.parse(readIfExists(file)?.toString('utf8') ?? 'null') as Saved | null;
    return saved && Array.isArray(saved.answers) && saved.answers.every((a) => typeof a === 'string') ? saved : null;
  } catch {
    return null;
  }
}
