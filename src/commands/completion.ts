// `aftersales completion bash|zsh|fish`: a completion script for commands and flags (taken
// from the program itself, so it never lags behind) and, through the hidden
// `aftersales __complete KIND`, the store's issue IDs, people, teams and types.
import { resolve } from 'node:path';
import type { CommandInfo } from '../cli.js';
import { out, type Globals, type Io } from '../io.js';
import { SEVERITIES, STATUSES } from '../domain/vocabulary.js';
import { AftersalesError } from '../errors.js';
import { findStoreRoot } from '../store/locate.js';
import { Store } from '../store/store.js';

/** Which candidates a flag's value takes. */
const VALUE_KINDS: Record<string, string> = {
  '--owner': 'people',
  '--to': 'people',
  '--as': 'people',
  '--team': 'teams',
  '--type': 'types',
  '--severity': 'severities',
  '--status': 'statuses',
  '--format': 'formats',
  '--by': 'dimensions',
  '--lang': 'langs',
  '--product': 'products',
  '--line': 'lines',
  '--component': 'components',
};
const FIXED: Record<string, string> = {
  severities: SEVERITIES.join(' '),
  statuses: ['open', ...STATUSES].join(' '),
  formats: 'text json table csv markdown html junit github jsonl',
  dimensions: 'type severity product line component team owner customer store',
  langs: 'en zh-CN',
};

export async function candidates(kind: string, globals: Globals, io: Io): Promise<number> {
  if (FIXED[kind]) {
    out(io, FIXED[kind].split(' ').join('\n'));
    return 0;
  }
  if (!findStoreRoot(resolve(globals.cwd))) return 0; // nothing to offer outside a store
  const store = await Store.open(resolve(globals.cwd), { light: true });
  const lists: Record<string, () => string[]> = {
    ids: () => store.listIds(),
    people: () => store.config.people.map((p) => p.id),
    teams: () => store.config.teams.map((tm) => tm.id),
    types: () => store.config.types,
    products: () => store.config.products.map((p) => p.name),
    lines: () => [...new Set(store.config.products.flatMap((p) => (p.line ? [p.line] : [])))],
    components: () => [...new Set(store.config.products.flatMap((p) => p.components))],
  };
  const list = lists[kind];
  if (!list)
    throw new AftersalesError('badFormat', {
      allowed: [...Object.keys(lists), ...Object.keys(FIXED)].join(', '),
      value: kind,
    });
  if (list().length) out(io, list().join('\n'));
  return 0;
}

export async function run(shell: string, tree: CommandInfo[], io: Io): Promise<number> {
  const scripts: Record<string, (tree: CommandInfo[]) => string> = { bash, zsh, fish };
  const make = scripts[shell];
  if (!make) throw new AftersalesError('badFormat', { allowed: 'bash, zsh, fish', value: shell });
  out(io, make(tree));
  return 0;
}

const top = (tree: CommandInfo[]) => tree.filter((c) => c.path.length === 1);
const key = (c: CommandInfo) => c.path.join(' ');
/** Per command, its file and folder flags: `"kb export --out"`, `"plan --file"`. */
const pathCase = (tree: CommandInfo[]) =>
  tree
    .flatMap((c) => [
      ...c.fileFlags.map((f) => `    "${key(c)} ${f}") _aftersales_paths -f; return ;;`),
      ...c.dirFlags.map((f) => `    "${key(c)} ${f}") _aftersales_paths -d; return ;;`),
    ])
    .join('\n');
const valueCase = () =>
  Object.entries(VALUE_KINDS)
    .map(([flag, kind]) => `    ${flag}) _aftersales_words ${kind}; return ;;`)
    .join('\n');

function bash(tree: CommandInfo[]): string {
  const names = top(tree)
    .flatMap((c) => [c.path[0], ...c.aliases])
    .join(' ');
  const flagCases = tree
    .map(
      (c) =>
        `    "${key(c)}"${c.aliases.map((a) => `|"${[...c.path.slice(0, -1), a].join(' ')}"`).join('')}) opts="${c.flags.join(' ')}" ;;`,
    )
    .join('\n');
  const subs = top(tree)
    .filter((c) => tree.some((d) => d.path.length === 2 && d.path[0] === c.path[0]))
    .map(
      (c) =>
        `    ${c.path[0]}) COMPREPLY=( $(compgen -W "${tree
          .filter((d) => d.path.length === 2 && d.path[0] === c.path[0])
          .map((d) => d.path[1])
          .join(' ')}" -- "$cur") ); return ;;`,
    )
    .join('\n');
  const idCommands = tree
    .filter((c) => c.takesId)
    .flatMap((c) => [key(c), ...c.aliases])
    .join('|');
  return `# aftersales completion for bash: source it, or save it as
# ~/.local/share/bash-completion/completions/aftersales

# The store's words that start with what is typed, each taken literally (a value from a
# cloned store's config is never run by the shell) and quoted as it must be typed.
_aftersales_words() {
  local w
  while IFS= read -r w; do
    [[ -n "$w" && "$w" == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$w")")
  done < <(aftersales "\${where[@]}" __complete "$1" 2>/dev/null)
}

# Files (-f) or folders (-d), from the folder -C names when it names one; names with spaces
# kept whole, folders ending in / to go on into.
_aftersales_paths() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(cd "\${dir:-.}" 2>/dev/null && compgen "$1" -- "$cur")
}

_aftersales() {
  local cur prev cmd opts
  local at=1 where=() dir=
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -C) _aftersales_paths -d; return ;;
    --lang) COMPREPLY=( $(compgen -W "en zh-CN" -- "$cur") ); return ;;
  esac
  # the options before the command (-C DIR, --lang L, --no-index) are passed over
  while [ "$at" -lt "$COMP_CWORD" ]; do
    case "\${COMP_WORDS[at]}" in
      -C) dir="\${COMP_WORDS[at+1]/#~/$HOME}"; where=(-C "$dir"); at=$((at + 2)) ;;
      --lang) at=$((at + 2)) ;;
      --no-index) at=$((at + 1)) ;;
      *) break ;;
    esac
  done
  if [ "$COMP_CWORD" -eq "$at" ]; then
    COMPREPLY=( $(compgen -W "${names}" -- "$cur") ); return
  fi
  cmd="\${COMP_WORDS[at]}"
  if [ "$COMP_CWORD" -eq $((at + 1)) ]; then
    case "$cmd" in
${subs}
    esac
  fi
  [ "$COMP_CWORD" -gt $((at + 1)) ] && case "$cmd" in kb) cmd="kb \${COMP_WORDS[at+1]}" ;; esac
  case "$cmd $prev" in
${pathCase(tree) || '    __none__) ;;'}
  esac
  case "$prev" in
${valueCase()}
  esac
  if [[ "$cur" == -* ]]; then
    opts=""
    case "$cmd" in
${flagCases}
    esac
    COMPREPLY=( $(compgen -W "$opts --help" -- "$cur") ); return
  fi
  case "$cmd" in
    ${idCommands || '__none__'}) _aftersales_words ids ;;
    *) _aftersales_paths -f ;;
  esac
}
complete -F _aftersales aftersales`;
}

function zsh(tree: CommandInfo[]): string {
  // zsh runs the bash function through bashcompinit: one script to keep right.
  return `#compdef aftersales
# aftersales completion for zsh: save as _aftersales in a folder of $fpath, or source it.
autoload -U +X bashcompinit && bashcompinit
${bash(tree).split('\n').slice(2).join('\n')}`;
}

function fish(tree: CommandInfo[]): string {
  const lines = [
    '# aftersales completion for fish: save as ~/.config/fish/completions/aftersales.fish',
    'complete -c aftersales -f',
    'complete -c aftersales -s C -r -a "(__fish_complete_directories)"',
  ];
  for (const c of top(tree)) {
    lines.push(`complete -c aftersales -n __fish_use_subcommand -a ${c.path[0]}`);
  }
  for (const c of tree) {
    const cond =
      c.path.length === 1
        ? `__fish_seen_subcommand_from ${[c.path[0], ...c.aliases].join(' ')}`
        : `__fish_seen_subcommand_from ${c.path[0]}; and __fish_seen_subcommand_from ${c.path[1]}`;
    if (c.path.length === 2)
      lines.push(
        `complete -c aftersales -n "__fish_seen_subcommand_from ${c.path[0]}; and not __fish_seen_subcommand_from ${c.path[1]}" -a ${c.path[1]}`,
      );
    for (const flag of c.flags.filter((f) => f.startsWith('--'))) {
      const kind = VALUE_KINDS[flag];
      const value = !c.valueFlags.includes(flag)
        ? ''
        : c.fileFlags.includes(flag)
          ? ' -r -F'
          : c.dirFlags.includes(flag)
            ? ' -r -a "(__fish_complete_directories)"'
            : ` -r${kind ? ` -a "(aftersales __complete ${kind} 2>/dev/null)"` : ''}`;
      lines.push(`complete -c aftersales -n "${cond}" -l ${flag.slice(2)}${value}`);
    }
    if (c.takesId) lines.push(`complete -c aftersales -n "${cond}" -a "(aftersales __complete ids 2>/dev/null)"`);
  }
  return lines.join('\n');
}
