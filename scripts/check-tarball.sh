#!/usr/bin/env bash
set -euo pipefail
# The package as users get it: packed, installed from the tarball into a prefix of its own,
# then used for a small loop (it must need nothing but its own files).
pack_dir="$(mktemp -d)"
prefix="$(mktemp -d)"
store="$(mktemp -d)"
npm pack --silent --pack-destination "$pack_dir" >/dev/null
npm install --global --prefix "$prefix" --no-audit --no-fund "$pack_dir"/aftersales-*.tgz >/dev/null
export PATH="$prefix/bin:$PATH"
echo "installed from the tarball: aftersales $(aftersales --version)"
(
  cd "$store"
  export AFTERSALES_NOW=2026-11-23T10:00:00+08:00 GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com
  export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
  aftersales init --lang zh-CN --timezone Asia/Shanghai >/dev/null
  id="$(aftersales new --title 主轴异响 --type hardware --severity high --customer 华东机械厂 2>/dev/null | tail -1)"
  aftersales comment "$id" 客户来电 >/dev/null
  aftersales list | grep -q "$id"
  aftersales show "$id" --json | grep -q '"comment"'
  aftersales report --format json | grep -q '"total"'
  aftersales validate >/dev/null
  echo "the installed package ran a small loop: $id"
)
# outside a store, an installed copy does not suggest the source's `npm run demo`
empty="$(mktemp -d)"
if (cd "$empty" && aftersales doctor 2>&1 || true) | grep -q 'npm run demo'; then
  echo "doctor in an installed copy suggests npm run demo" >&2
  exit 1
fi
rm -rf "$empty"
rm -rf "$pack_dir" "$prefix" "$store"
