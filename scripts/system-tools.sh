#!/usr/bin/env bash
# The system programs some tests drive, from Debian's packages (never from npm
# downloads): Chromium (the agent console end to end), Graphviz's `dot`
# (diagram validity) and Neovim (the language server in a real editor).
#
#   scripts/system-tools.sh            install what is missing where it can
#                                      (root on Debian); otherwise say what the
#                                      tests will skip and how to install it
#   scripts/system-tools.sh --require  the same, but a tool still missing at
#                                      the end is a failure (CI)
#
# FLOWC_CHROMIUM, FLOWC_DOT and FLOWC_NVIM name a program elsewhere, as they do
# for the tests (test/support/tools.ts). FLOWC_SYSTEM_TOOLS=skip installs nothing.
set -uo pipefail

require=0
case "${1:-}" in
  --require) require=1 ;;
  "") ;;
  *) echo "usage: scripts/system-tools.sh [--require]" >&2; exit 2 ;;
esac

# tool|Debian package|variable|programs on the PATH
TOOLS=(
  "Chromium|chromium|FLOWC_CHROMIUM|chromium chromium-browser"
  "Graphviz dot|graphviz|FLOWC_DOT|dot"
  "Neovim nvim|neovim|FLOWC_NVIM|nvim"
)

# Prints the program's path when it is there.
find_tool() {
  local variable=$1 programs=$2 given program
  given=${!variable:-}
  if [ -n "$given" ]; then
    command -v -- "$given" 2>/dev/null
    return
  fi
  for program in $programs; do
    command -v -- "$program" 2>/dev/null && return
  done
  return 1
}

missing_tools() {
  local entry label package variable programs
  for entry in "${TOOLS[@]}"; do
    IFS='|' read -r label package variable programs <<<"$entry"
    find_tool "$variable" "$programs" >/dev/null || echo "$package"
  done
}

mapfile -t missing < <(missing_tools)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system tools: Chromium, Graphviz and Neovim are installed"
  exit 0
fi

why_not=""
if [ "${FLOWC_SYSTEM_TOOLS:-}" = "skip" ]; then
  why_not="FLOWC_SYSTEM_TOOLS=skip"
elif [ "$(id -u)" != 0 ]; then
  why_not="not running as root"
elif ! command -v apt-get >/dev/null 2>&1; then
  why_not="no apt-get (not Debian)"
else
  echo "system tools: installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq -o Acquire::Retries=1 &&
    apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    why_not="apt-get failed (no network?)"
  fi
  mapfile -t missing < <(missing_tools)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "system tools: Chromium, Graphviz and Neovim are installed"
  exit 0
fi

echo "system tools: could not install ${missing[*]} (${why_not:-installed, but not found on the PATH})."
echo "  The tests that need them will skip. To install them on Debian or Ubuntu:"
echo "    sudo apt-get install ${missing[*]}     (or: sudo scripts/system-tools.sh)"
echo "  Elsewhere install Chromium, Graphviz and Neovim from your system's packages,"
echo "  or point FLOWC_CHROMIUM, FLOWC_DOT and FLOWC_NVIM at the programs."
if [ $require = 1 ]; then
  echo "system tools: --require: a missing tool is a failure" >&2
  exit 1
fi
exit 0
