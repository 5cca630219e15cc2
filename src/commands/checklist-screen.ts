// The acceptance checklist as one screen: every item with its dimension, its criterion and
// method under the cursor, the items decided from the issue shown as such, the live score
// and verdict. ↑↓ move, space cycles pass / fail / n.a., e types the evidence, ⏎ goes on to
// the customer and the review, esc discards. On a terminal too short for every item, a
// window of them follows the cursor. A custom prompt on @inquirer/core (what the
// line prompts are made of): no second terminal library to load.
import { createPrompt, isDownKey, isEnterKey, isUpKey, useKeypress, useState } from '@inquirer/core';
import { styleText } from 'node:util';
import { truncate, width } from '../render/text.js';

export type Result = 'pass' | 'fail' | 'na';

export interface ScreenItem {
  id: string;
  /** "[effect] The fix holds (mandatory)" */
  title: string;
  criterion: string;
  method: string;
  /** the results it may take, in the order space cycles them */
  options: Result[];
  /** decided from the issue: shown, not changed */
  computed?: { ok: boolean; detail: string | null };
}

export interface ScreenWords {
  pass: string;
  fail: string;
  na: string;
  open: string;
  computed: string;
  criterion: string;
  method: string;
  evidence: string;
  keys: string;
  unanswered: string;
  /** "↑ 3 more" and "↓ 5 more", with {n} */
  above: string;
  below: string;
  /** "score 0.85 (pass at 0.80): pass" */
  score: (answers: Record<string, { result: Result; evidence: string }>) => string;
}

interface Config {
  message: string;
  items: ScreenItem[];
  words: ScreenWords;
  /** the terminal's size now (it may be resized while the screen is up) */
  size?: () => { rows?: number; columns?: number };
}

/** Which items fit in `budget` terminal rows, given the rows each takes: all where they
 * can, else a window around `active`, leaving a row on each side to say how many more lie there. */
export function windowOf(heights: readonly number[], active: number, budget: number | undefined): [number, number] {
  const total = heights.reduce((a, b) => a + b, 0);
  if (budget === undefined || total <= budget) return [0, heights.length];
  let [from, to] = [active, active + 1];
  let used = (heights[active] ?? 1) + 2;
  for (let grew = true; grew; ) {
    grew = false;
    if (to < heights.length && used + (heights[to] as number) <= budget) {
      used += heights[to++] as number;
      grew = true;
    }
    if (from > 0 && used + (heights[from - 1] as number) <= budget) {
      used += heights[--from] as number;
      grew = true;
    }
  }
  return [from, to];
}

/** The terminal rows `text` takes at `cols` columns: long lines wrap. */
const rowsOf = (text: string, cols: number | undefined) =>
  text.split('\n').reduce((n, line) => n + (cols ? Math.max(1, Math.ceil(width(line) / cols)) : 1), 0);

type Answers = Record<string, { result: Result; evidence: string }>;

export const checklistScreen = createPrompt<Answers | null, Config>((config, done) => {
  const { items, words } = config;
  const [active, setActive] = useState(0);
  const [answers, setAnswers] = useState<Answers>({});
  const [typing, setTyping] = useState(false);
  const [line, setLine] = useState('');
  const [warning, setWarning] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const item = items[active] as ScreenItem;

  useKeypress((key, rl) => {
    if (typing) {
      if (isEnterKey(key)) {
        const result = answers[item.id]?.result ?? (item.options[0] as Result);
        // readline has emptied its line by the time Enter arrives: what was typed is `line`
        setAnswers({ ...answers, [item.id]: { result, evidence: line.trim() } });
        setTyping(false);
      } else if (key.name === 'escape') setTyping(false);
      else setLine(rl.line);
      return;
    }
    setWarning(null);
    if (isUpKey(key)) setActive(Math.max(0, active - 1));
    else if (isDownKey(key)) setActive(Math.min(items.length - 1, active + 1));
    else if (key.name === 'space' && !item.computed) {
      const now = answers[item.id];
      const next = now ? item.options[(item.options.indexOf(now.result) + 1) % item.options.length] : item.options[0];
      setAnswers({ ...answers, [item.id]: { result: next as Result, evidence: now?.evidence ?? '' } });
    } else if (key.name === 'e' && !item.computed) {
      rl.clearLine(0);
      rl.write(answers[item.id]?.evidence ?? '');
      setLine(rl.line);
      setTyping(true);
    } else if (isEnterKey(key)) {
      const open = items.filter((i) => !i.computed && !answers[i.id]).length;
      if (open) setWarning(words.unanswered.replace('{n}', String(open)));
      else {
        setFinished(true);
        done(answers);
      }
    } else if (key.name === 'escape') {
      setFinished(true);
      done(null);
    }
  });

  const mark = (i: ScreenItem) => {
    if (i.computed) return `${i.computed.ok ? words.pass : words.fail} · ${words.computed}`;
    const a = answers[i.id];
    return a ? words[a.result] : styleText('dim', words.open);
  };
  const { rows, columns: cols } = config.size?.() ?? {};
  const render = (i: ScreenItem, n: number) => {
    const here = n === active && !finished;
    const start = `${here ? '❯' : ' '} ${String(n + 1).padStart(2)}. `;
    // the other items on one line each, cut to the width; the one under the cursor whole
    const room = cols && !here ? cols - 1 - width(start) - width(`  ${mark(i)}`) : 0;
    const head = `${start}${room > 12 ? truncate(i.title, room) : i.title}  ${mark(i)}`;
    if (!here) return head;
    const evidence = answers[i.id]?.evidence;
    const detail = i.computed?.detail ? [`      ${i.computed.detail}`] : [];
    return [
      styleText('cyan', head),
      `      ${words.criterion}: ${i.criterion}`,
      ...(i.computed ? detail : [`      ${words.method}: ${i.method}`]),
      ...(evidence && !typing ? [`      ${words.evidence}: ${evidence}`] : []),
    ].join('\n');
  };
  const all = items.map(render);
  // what is drawn besides the items, and the row the cursor rests on
  const foot = typing ? `${words.evidence} (${active + 1}): ${line}` : `${warning ? `${warning}\n` : ''}${words.keys}`;
  const frame = rowsOf(`${config.message}\n\n${words.score(answers)}\n${foot}`, cols) + 1;
  const [from, to] =
    finished || !rows
      ? [0, items.length]
      : windowOf(
          all.map((r) => rowsOf(r, cols)),
          active,
          rows - frame,
        );
  const more = (word: string, n: number) => (n > 0 ? [styleText('dim', `  ${word.replace('{n}', String(n))}`)] : []);
  const shown = [...more(words.above, from), ...all.slice(from, to), ...more(words.below, items.length - to)];
  const top = `${styleText('bold', config.message)}\n${shown.join('\n')}\n\n${words.score(answers)}`;
  if (finished) return top;
  if (typing) return `${top}\n${words.evidence} (${active + 1}): ${line}`;
  return `${top}\n${warning ? `${styleText('yellow', warning)}\n` : ''}${styleText('dim', words.keys)}`;
});
