#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of pinscope-cli completes commands, the options each command
# really has (read from the built pinscope-cli) and format ids.
# Usage: check-completion.sh COMPLETION_FILE PINSCOPE_CLI
set -u
completion=${1:?usage: check-completion.sh COMPLETION_FILE PINSCOPE_CLI}
cli=${2:?usage: check-completion.sh COMPLETION_FILE PINSCOPE_CLI}

if [ -r /usr/share/bash-completion/bash_completion ]; then
  # shellcheck disable=SC1091
  . /usr/share/bash-completion/bash_completion
else
  # Minimal stand-ins for the bash-completion helpers the script uses.
  _init_completion() {
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
  }
  _filedir() { COMPREPLY+=(__files__); }
  _known_hosts_real() { COMPREPLY+=(__hosts__); }
fi
# shellcheck disable=SC1090
. "$completion"

status=0
complete_line() {
  # complete_line WORD... : completes the last word.
  COMP_WORDS=("$cli" "$@")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _pinscope_cli "$cli" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {
  # expect DESCRIPTION WANTED WORD...
  local what=$1 wanted=$2
  shift 2
  if complete_line "$@" | grep -qxF -- "$wanted"; then
    echo "ok: $what"
  else
    echo "FAIL: $what: '$*' does not complete to '$wanted' (got: $(complete_line "$@" | tr '\n' ' '))"
    status=1
  fi
}

expect "commands" pins p
expect "commands" export ex
expect "global options" --version --v
"$cli" pins --help 2>/dev/null | grep -q -- '--json' &&
  expect "options of pins, read from its --help" --json pins --j

# Options and format ids of the commands that the built CLI has.
for cmd in show check rotate diff pinset export import; do
  if "$cli" "$cmd" --help >/dev/null 2>&1; then
    opt=$("$cli" "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | grep -v -- '--help' | head -n 1)
    [ -n "$opt" ] && expect "options of $cmd" "$opt" "$cmd" "${opt:0:3}"
  fi
done
if "$cli" pinset new --help >/dev/null 2>&1; then
  expect "pinset subcommand" new pinset n
  opt=$("$cli" pinset new --help 2>/dev/null | grep -o -- '--domain' | head -n 1)
  [ -n "$opt" ] && expect "options of pinset new" --domain pinset new --dom
fi
if "$cli" formats >/dev/null 2>&1; then
  id=$("$cli" formats 2>/dev/null | awk '$1 ~ /^[a-z][a-z0-9-]*$/ { print $1; exit }')
  if [ -n "$id" ]; then
    expect "format ids after --format" "$id" export x.pinset.json --format "${id:0:1}"
  else
    echo "FAIL: no format id in the output of 'pinscope-cli formats'"
    status=1
  fi
fi
exit $status
