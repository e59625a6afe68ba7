#!/usr/bin/env bash
# Proves the layer rule bites: lints planted boundary violations (fed to ESLint on stdin under a
# file name in the layer they break, so nothing is written into the tree) and requires each to fail
# with culture/layers, and a planted import that keeps to the rules to pass. A config that stopped
# applying the rule to a folder would let `npm run lint` pass on anything; this catches that.
set -uo pipefail
cd "$(dirname "$0")/.."

lint() { # file content → ESLint's report
  printf '%s\n' "$2" | npx eslint --max-warnings 0 --stdin --stdin-filename "$1" 2>&1
}

expect_violation() { # file content
  local report
  if report=$(lint "$1" "$2"); then
    echo "lint-proof: ESLint passed a planted boundary violation in $1; the layer rule is not applied there" >&2
    exit 1
  fi
  if ! grep -q 'culture/layers' <<< "$report"; then
    echo "lint-proof: ESLint failed on $1, but not with the layer rule:" >&2
    echo "$report" >&2
    exit 1
  fi
  echo "lint-proof: $1 is refused: $(grep -o "'[^']*' is off limits\|Only types may come from '[^']*'" <<< "$report" | head -1)"
}

expect_clean() { # file content
  local report
  if ! report=$(lint "$1" "$2"); then
    echo "lint-proof: ESLint refused $1, which keeps to the rules:" >&2
    echo "$report" >&2
    exit 1
  fi
  echo "lint-proof: $1 passes"
}

expect_violation electron/core/__lint_canary__.ts "import { app } from 'electron'
export const name = app.getName()"
expect_violation electron/core/book/__lint_canary__.ts "import { registerIpc } from '../../main/ipc'
export const shell = registerIpc"
expect_violation src/__lint_canary__.ts "import { api } from '@core/api'
export const methods = Object.keys(api)"
expect_violation src/views/__lint_canary__.ts "import { api } from '../../electron/core/api'
export const methods = Object.keys(api)"
expect_violation src/views/LintCanary.vue "<script setup lang=\"ts\">
import { api } from '@core/api'
const methods = Object.keys(api)
</script>
<template><p>{{ methods }}</p></template>"
expect_violation electron/web/__lint_canary__.ts "import { StoryRepository } from '../core/stories/story-repository'
export const around = StoryRepository"
expect_clean src/__lint_canary__.ts "import type { ApiMethod } from '@core/api'
import { formatDate } from '@core/format-date'
export type Method = ApiMethod
export const today = formatDate('2026-01-01')"
