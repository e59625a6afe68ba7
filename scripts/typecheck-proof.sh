#!/usr/bin/env bash
# Proves the type-check really checks: plants one deliberate error in each project (a Node file,
# a renderer file, a Vue template) and requires vue-tsc to fail on it. A solution-style tsconfig
# can make `vue-tsc --noEmit` check nothing and pass; this catches that.
set -uo pipefail
cd "$(dirname "$0")/.."

canaries=()
cleanup() { rm -f "${canaries[@]}"; }
trap cleanup EXIT

expect_failure() { # project file content
  local project=$1 file=$2 content=$3
  printf '%s\n' "$content" > "$file"
  canaries+=("$file")
  if npx vue-tsc --noEmit -p "$project" > /dev/null 2>&1; then
    echo "typecheck-proof: vue-tsc -p $project passed with a planted error in $file; it is not checking" >&2
    exit 1
  fi
  rm -f "$file"
  echo "typecheck-proof: $project rejects a planted error in $file"
}

expect_failure tsconfig.node.json electron/core/__typecheck_canary__.ts 'export const n: number = "not a number"'
expect_failure tsconfig.web.json src/__typecheck_canary__.ts 'export const n: number = "not a number"'
expect_failure tsconfig.web.json src/TypecheckCanary.vue '<script setup lang="ts">
const count = 1
</script>
<template>{{ count.notAProperty }}</template>'
