#!/usr/bin/env bash
# Install (or check) the host packages the Stevedore test stack needs.
# Idempotent. As root on Debian/Ubuntu: apt-get install only what is missing.
# As non-root: report what is missing; exit 1 only if a REQUIRED command is absent.
#   --check   never install, only report (exit 1 if something required is missing)
set -euo pipefail

CHECK_ONLY=0
[[ "${1:-}" == "--check" ]] && CHECK_ONLY=1

# package -> command that proves it is installed ("" = check with dpkg only)
# Required: needed by engine/registry/fixtures (and skopeo by bench:copy-registry, which
# `npm test` runs through bench:smoke). Optional: needed by e2e/bench only.
REQUIRED_PKGS=(docker.io docker-registry busybox-static apache2-utils curl ca-certificates openssh-client openssh-server skopeo)
OPTIONAL_PKGS=(chromium xvfb xz-utils bzip2)

cmd_for_pkg() {
  case "$1" in
    docker.io)       echo dockerd ;;
    docker-registry) echo docker-registry ;;
    busybox-static)  echo "" ;;        # checked by path below
    apache2-utils)   echo htpasswd ;;
    curl)            echo curl ;;
    ca-certificates) echo "" ;;
    openssh-client)  echo ssh ;;
    openssh-server)  echo sshd ;;       # /usr/sbin/sshd (the ssh engine tests' loopback sshd)
    skopeo)          echo skopeo ;;     # bench:copy-registry's contender (`skopeo copy`)
    chromium)        echo chromium ;;
    xvfb)            echo Xvfb ;;
    xz-utils)        echo xz ;;
    bzip2)           echo bzip2 ;;
    *)               echo "" ;;
  esac
}

have_pkg() {
  local pkg="$1" cmd
  cmd="$(cmd_for_pkg "$pkg")"
  if [[ "$pkg" == busybox-static ]]; then
    # busybox-static installs /bin/busybox (statically linked)
    [[ -x /bin/busybox ]] && file_is_static /bin/busybox && return 0
    dpkg_installed "$pkg" && return 0
    return 1
  fi
  if [[ -n "$cmd" ]]; then
    command -v "$cmd" >/dev/null 2>&1 && return 0
    # dockerd/containerd may live in /usr/sbin which is not on a non-root PATH
    [[ -x "/usr/sbin/$cmd" || -x "/usr/bin/$cmd" ]] && return 0
  fi
  dpkg_installed "$pkg"
}

dpkg_installed() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

file_is_static() {
  # ldd prints "not a dynamic executable" for static binaries
  ! ldd "$1" >/dev/null 2>&1
}

missing_req=()
missing_opt=()
for p in "${REQUIRED_PKGS[@]}"; do have_pkg "$p" || missing_req+=("$p"); done
for p in "${OPTIONAL_PKGS[@]}"; do have_pkg "$p" || missing_opt+=("$p"); done

missing_all=("${missing_req[@]}" "${missing_opt[@]}")
if [[ ${#missing_all[@]} -eq 0 ]]; then
  echo "install-deps: all packages present"
  exit 0
fi

is_debian() { [[ -r /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1; }

if [[ $CHECK_ONLY -eq 0 && "$(id -u)" -eq 0 ]] && is_debian; then
  echo "install-deps: installing: ${missing_all[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_all[@]}" >/dev/null
  # re-check
  still=()
  for p in "${missing_all[@]}"; do have_pkg "$p" || still+=("$p"); done
  if [[ ${#still[@]} -gt 0 ]]; then
    echo "install-deps: still missing after apt-get: ${still[*]}" >&2
    exit 1
  fi
  echo "install-deps: done"
  exit 0
fi

[[ ${#missing_req[@]} -gt 0 ]] && echo "install-deps: MISSING (required): ${missing_req[*]}" >&2
[[ ${#missing_opt[@]} -gt 0 ]] && echo "install-deps: missing (optional, e2e/bench only): ${missing_opt[*]}" >&2
if [[ ${#missing_req[@]} -gt 0 ]]; then
  echo "install-deps: as root run: apt-get update && apt-get install -y ${missing_all[*]}" >&2
  exit 1
fi
exit 0
