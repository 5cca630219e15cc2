// Loads the bundle (dist/cli.cjs) with a V8 code cache of its own, one per command: Node 20 has
// no compile cache, and Node 22's keeps only what was compiled before the first line ran. A
// command's cache holds the functions its run compiled, so its next run neither parses nor
// compiles them (docs/start-up.md). A cache is only ever a saving: any failure to read or
// write one runs the bundle as it is.
'use strict';
const fs = require('node:fs');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** The folder of the caches, or null when they are turned off. */
function cacheDir(env) {
  const asked = env.AFTERSALES_CODE_CACHE;
  if (asked === 'off' || env.NODE_DISABLE_COMPILE_CACHE) return null;
  if (asked) return asked;
  if (process.platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'aftersales', 'cache') : null;
  const base = process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches') : env.XDG_CACHE_HOME;
  return join(base || join(homedir(), '.cache'), 'aftersales');
}

/** The cache's name: V8 checks only the source's length, so the build's key names the source. */
function cacheName(dist, args) {
  const build = fs.readFileSync(join(dist, 'build-id.txt'), 'utf8').trim();
  const command = /^[a-z][a-z-]*$/.test(args[0] ?? '') ? args[0] : '-';
  return { prefix: `${build}-`, file: `${build}-${process.version}-${process.arch}-${command}.bin` };
}

/** Writes a cache beside its older ones, whole or not at all; the files of other builds go after a month. */
function save(dir, name, data) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `${name.file}.${process.pid}.tmp`);
  fs.writeFileSync(temp, data, { mode: 0o600 });
  fs.renameSync(temp, join(dir, name.file));
  const now = Date.now();
  for (const other of fs.readdirSync(dir)) {
    if (other.startsWith(name.prefix) || !other.endsWith('.bin')) continue;
    const path = join(dir, other);
    if (now - fs.statSync(path).mtimeMs > MONTH_MS) fs.rmSync(path, { force: true });
  }
}

/** The exports of dist/cli.cjs, compiled with this command's cache when there is one. */
function loadCli(dist, args, env = process.env) {
  const file = join(dist, 'cli.cjs');
  let dir = null;
  let name = null;
  let cachedData;
  try {
    dir = cacheDir(env);
    if (dir) {
      name = cacheName(dist, args);
      cachedData = fs.readFileSync(join(dir, name.file));
    }
  } catch {
    // no cache yet, or none to be had
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
  });
  if (dir && name && (cachedData === undefined || script.cachedDataRejected)) {
    // written once the command has run, with what it compiled; a run that failed (exit code 2)
    // leaves none, a check that found something (1) is a whole run
    process.once('exit', (code) => {
      if (code > 1) return;
      try {
        save(dir, name, script.createCachedData());
      } catch {
        // a read-only home: the next run compiles again
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
  return module.exports;
}

module.exports = { loadCli, cacheDir };
