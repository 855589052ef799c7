#!/usr/bin/env bash
# Installs what the integration tests need when it is missing: a kubectl (Debian's kubernetes-client,
# extracted into .tools/ because it conflicts with a preinstalled kubectl), and later Prometheus and
# Chromium. Prints the environment the tests should use.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
}

if command -v kubectl >/dev/null 2>&1; then
  kubectl_bin=$(command -v kubectl)
elif [ -x .tools/kubectl/usr/bin/kubectl ]; then
  kubectl_bin=$PWD/.tools/kubectl/usr/bin/kubectl
else
  apt_update_once
  (cd .tools && apt-get download kubernetes-client >&2 && dpkg -x kubernetes-client_*.deb kubectl && rm -f kubernetes-client_*.deb)
  kubectl_bin=$PWD/.tools/kubectl/usr/bin/kubectl
fi
echo "SPILLWAY_KUBECTL=$kubectl_bin"
