// Loads the bundle (dist/cli.cjs) with a V8 code cache of its own, one per command: Node 20 has
// no compile cache, and Node 22's keeps only what was compiled before the first line ran. A
// command's cache holds the functions its run compiled, so its next run neither parses nor
// compiles them (docs/start-up.md). A cache is only ever a saving: any failure to read, trust
// or write one runs the bundle as it is.
'use strict';
const fs = require('node:fs');
const { createHash, randomBytes } = require('node:crypto');
const { homedir } = require('node:os');
const { dirname, isAbsolute, join, resolve } = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const MONTH_MS = 30 * 24 * 3600 * 1000;
/** Our files in the folder, and nothing else there: `BUILD-vNODE-ARCH-COMMAND.bin`, and a temp file of one. */
const OURS = /^[0-9a-f]{16}-v[\d.]+-[a-z0-9]+-[a-z-]+\.bin(?:\.[0-9a-f]+\.tmp)?$/;
/** V8 checks a cache's header, not its bytes: each file starts with a digest of the rest. */
const DIGEST = 32;

/** The folder of the caches, or null when they are turned off. */
function cacheDir(env) {
  const asked = env.AFTERSALES_CODE_CACHE;
  if (asked === 'off' || env.NODE_DISABLE_COMPILE_CACHE) return null;
  if (asked) return resolve(asked);
  if (process.platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'aftersales', 'cache') : null;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'aftersales');
  // the XDG spec: a relative XDG_CACHE_HOME is ignored
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'aftersales');
}

/** The command a run names after the global flags, as src/cli.ts's namedCommand reads it ('-': none). */
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-C' || arg === '--lang') i++;
    else if (arg !== '--no-index' && !arg.startsWith('--lang=')) return /^[a-z][a-z-]*$/.test(arg) ? arg : '-';
  }
  return '-';
}

/** The cache's name: V8 checks only the source's length, so the build's key names the source. */
function cacheName(dist, args) {
  const build = fs.readFileSync(join(dist, 'build-id.txt'), 'utf8').trim();
  const prefix = `${build}-${process.version}-${process.arch}-`;
  return { prefix, file: `${prefix}${commandOf(args)}.bin` };
}

/** Whether a cache folder or file is this user's alone (POSIX): a cache is code that runs. */
function ownedByMe(path) {
  if (process.platform === 'win32') return true;
  const s = fs.lstatSync(path);
  return !s.isSymbolicLink() && s.uid === process.geteuid() && (s.mode & 0o022) === 0;
}

/** Whether the folder may hold our caches (trusted), and the cache's bytes for V8 if the file
 * is there, this user's and whole. */
function readCache(dir, name) {
  try {
    if (!ownedByMe(dir)) return { trusted: false };
  } catch {
    return { trusted: true }; // no folder yet: made by the first write
  }
  let bytes;
  try {
    const path = join(dir, name.file);
    if (!ownedByMe(path)) return { trusted: false };
    bytes = fs.readFileSync(path);
  } catch {
    return { trusted: true }; // none yet
  }
  const data = bytes.subarray(DIGEST);
  const whole = bytes.length > DIGEST && createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST));
  return { trusted: true, data: whole ? data : undefined };
}

/** Writes a cache beside its older ones, whole or not at all; other builds' and Node versions'
 * files go a month after they were written. */
function save(dir, name, script) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ownedByMe(dir)) return;
  const data = script.createCachedData();
  const temp = join(dir, `${name.file}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, Buffer.concat([createHash('sha256').update(data).digest(), data]), {
      mode: 0o600,
      flag: 'wx',
    });
    fs.renameSync(temp, join(dir, name.file));
  } catch {
    fs.rmSync(temp, { force: true });
  }
  const now = Date.now();
  for (const other of fs.readdirSync(dir)) {
    if (!OURS.test(other) || (other.startsWith(name.prefix) && other.endsWith('.bin'))) continue;
    try {
      const path = join(dir, other);
      // a temp file is another run's for a moment at most
      const age = other.endsWith('.tmp') ? 3600 * 1000 : MONTH_MS;
      if (now - fs.statSync(path).mtimeMs > age) fs.rmSync(path, { force: true });
    } catch {
      // pruned by another run meanwhile
    }
  }
}

/** The exports of dist/cli.cjs, compiled with this command's cache when there is one. */
function loadCli(dist, args) {
  const file = join(dist, 'cli.cjs');
  let dir = null;
  let name = null;
  let cached = { trusted: false };
  try {
    dir = cacheDir(process.env);
    if (dir) {
      name = cacheName(dist, args);
      cached = readCache(dir, name);
    }
  } catch {
    // no cache to be had: no home, no build key
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cached.data });
  if (dir && name && cached.trusted && (cached.data === undefined || script.cachedDataRejected)) {
    // written once the command has run, with what it compiled; a run the CLI failed (exit code
    // 2) leaves none, a check that found something (1) is a whole run
    process.once('exit', (code) => {
      if (code > 1) return;
      try {
        save(dir, name, script);
      } catch {
        // a read-only home: the next run compiles again
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
  return module.exports;
}

module.exports = { loadCli, commandOf };
