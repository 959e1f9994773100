# Shared by run.sh and models.sh (sourced after they set $build): Debian
# packages the peers need, the fp8 tools, and the records file's writers.

# Installs the Debian packages given that are not installed yet.
install_packages() {
  local pkg sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
      $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
    fi
  done
}

fp8opt="$build/bin/fp8-opt"
fp8run="$build/bin/fp8-run"
# The tools may be being relinked by a build next door: wait for them.
wait_for_tools() {
  for _ in $(seq 60); do [ -x "$fp8opt" ] && [ -x "$fp8run" ] && break; sleep 2; done
}

# One line of the records file ($records) that harness.py reads.
rec() { echo "$*" >> "$records"; }
# The median of fp8-run --benchmark's output line, in ms.
median_ms() { sed -n 's/^median \([0-9.]*\) ms.*/\1/p'; }
