#!/usr/bin/env bash
# Fixture images for the Stevedore tests, built on the TEST engine from the
# host's busybox-static (no network pulls). Everything is namespaced so it can
# be removed from an engine the tests did not create:
#   local repos:    stevedore-fixture/*
#   registry repos: 127.0.0.1:<port>/stevedore-fixture/*
#   every image:    LABEL org.stevedore.fixture=1 ; containers: same label
#
#   fixtures.sh            build if missing/outdated, otherwise skip (idempotent)
#   fixtures.sh --force    clean, then rebuild
#   fixtures.sh clean      remove all namespaced images/containers from the engine
#   fixtures.sh list       print the fixture references
#   fixtures.sh check      exit 0 iff all fixtures are present and current
#
# Fixture catalogue (oldest first; consecutive groups are >= 1 s apart so
# `--filter before=/since=` and CREATED ordering are meaningful):
#   stevedore-fixture/busybox:1.36 + :latest  base image, two tags (multi-tag)
#   stevedore-fixture/alias:base              same image ID in a second repo (multi-repo)
#   stevedore-fixture/web:1.0                 labels role=web, tier=1, label-only key org.stevedore.flag (empty value)
#   stevedore-fixture/db:2.0                  labels role=db, tier=2
#   <none>:<none> (label org.stevedore.generation=old)  dangling: its tag moved to ...
#   stevedore-fixture/moving:latest           ... this newer image (generation=new)
#   stevedore-fixture/built:1                 classic-builder build, leaves <none> intermediates (only in `images -a`)
#   stevedore-fixture/committed:1             `docker commit` of a container (author + message)
#   stevedore-fixture/tiny:1                  single 20-byte file (size in B)
#   stevedore-fixture/small:1                 single 5000-byte file (size in kB)
#   127.0.0.1:5001/stevedore-fixture/digested:1 + :2   pushed, removed, pulled: RepoTags + one RepoDigest
#   127.0.0.1:5001/stevedore-fixture/digest-only@sha256:…  pulled by digest: RepoDigest, no tag
#   registry only (not kept locally):
#     127.0.0.1:5001/stevedore-fixture/remote:1   for pull tests against the open registry
#     127.0.0.1:5002/stevedore-fixture/private:1  for pull/login tests against the auth registry
#   registry:2   Debian's distribution binary + its libc, laid out like the real image (entrypoint,
#                config, /var/lib/registry), for the one-click local registry. Versioned on its own
#                (label org.stevedore.fixture.registry); a registry:2 without our label is the user's
#                real one and is never replaced or removed.
#   fixtures.sh registry-image   build only registry:2 if missing/outdated
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

NS="$FIXTURE_NS"
REG="$REGISTRY_HOSTPORT"
AREG="$AUTH_REGISTRY_HOSTPORT"
BUSYBOX="${STEVEDORE_BUSYBOX:-/bin/busybox}"

LOCAL_REFS=(
  "$NS/busybox:1.36" "$NS/busybox:latest" "$NS/alias:base"
  "$NS/web:1.0" "$NS/db:2.0" "$NS/moving:latest"
  "$NS/built:1" "$NS/committed:1" "$NS/tiny:1" "$NS/small:1"
  "$REG/$NS/digested:1" "$REG/$NS/digested:2"
)

# Version: changes when this script or the busybox binary changes.
fixture_version() {
  cat "$0" "$BUSYBOX" | sha256sum | cut -c1-16
}

# Deterministic tar of a directory (stable layer digests across runs).
dtar() { tar -C "$1" --sort=name --mtime='@946684800' --owner=0 --group=0 --numeric-owner -cf - .; }

make_rootfs() {
  local r="$1" a
  mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/root"
  chmod 1777 "$r/tmp"
  cp "$BUSYBOX" "$r/bin/busybox"
  for a in sh ash ls echo cat sleep true false env id pwd mkdir rm touch wc head tail grep sed printf date uname hostname; do
    ln -sf busybox "$r/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
}

# import <tar-dir> <ref> [--change ...]...  (every fixture gets the namespace label)
import_dir() {
  local dir="$1" ref="$2"; shift 2
  dtar "$dir" | tdocker import \
    --change "LABEL $FIXTURE_LABEL=1" \
    --change "ENV PATH=/bin" \
    --change 'CMD ["/bin/sh"]' \
    "$@" - "$ref" >/dev/null
}

tick() { sleep "${STEVEDORE_FIXTURE_TICK:-1.1}"; }

registry_ok=1
external_skip() {
  # With someone else's engine the daemon's loopback may not be ours.
  if [[ "$EXTERNAL_ENGINE" -eq 1 ]]; then
    log "WARNING: $1 failed on external engine $TEST_DOCKER_HOST (its loopback may not reach $REG); registry fixtures skipped"
    registry_ok=0
    return 0
  fi
  die "$1 failed"
}

quietly() { "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; return 1; }; }

build() {
  local t0=$SECONDS version
  version="$(fixture_version)"
  [[ -x "$BUSYBOX" ]] || die "$BUSYBOX not found (apt-get install busybox-static)"
  ldd "$BUSYBOX" >/dev/null 2>&1 && die "$BUSYBOX is dynamically linked; install busybox-static"
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/stevedore-fixtures.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT

  make_rootfs "$WORK/rootfs"

  log "fixtures: base"
  import_dir "$WORK/rootfs" "$NS/busybox:1.36" \
    --change "LABEL $FIXTURE_LABEL.version=$version" \
    --message "stevedore fixture: busybox-static base"
  tdocker tag "$NS/busybox:1.36" "$NS/busybox:latest"
  tdocker tag "$NS/busybox:1.36" "$NS/alias:base"
  tick

  log "fixtures: labelled"
  import_dir "$WORK/rootfs" "$NS/web:1.0" \
    --change 'LABEL org.stevedore.role=web org.stevedore.tier=1 org.stevedore.flag=""' \
    --change 'EXPOSE 8080/tcp'
  tick
  import_dir "$WORK/rootfs" "$NS/db:2.0" \
    --change 'LABEL org.stevedore.role=db org.stevedore.tier=2' \
    --change 'WORKDIR /root'
  tick

  log "fixtures: dangling (tag moved)"
  mkdir -p "$WORK/old/etc" "$WORK/new/etc"
  echo old >"$WORK/old/etc/generation"; echo new >"$WORK/new/etc/generation"
  import_dir "$WORK/old" "$NS/moving:latest" --change 'LABEL org.stevedore.generation=old'
  tick
  import_dir "$WORK/new" "$NS/moving:latest" --change 'LABEL org.stevedore.generation=new'
  tick

  log "fixtures: classic build with intermediates"
  mkdir -p "$WORK/ctx"
  cat >"$WORK/ctx/Dockerfile" <<DOCKERFILE
FROM $NS/busybox:1.36
RUN echo built > /built.txt
LABEL org.stevedore.built=yes
ENV STEVEDORE_FIXTURE=built
RUN mkdir -p /data && echo data > /data/file
CMD ["/bin/sh", "-c", "cat /built.txt"]
DOCKERFILE
  DOCKER_BUILDKIT=0 quietly tdocker build --network none --rm -t "$NS/built:1" "$WORK/ctx"
  tick

  log "fixtures: committed container"
  tdocker rm -f "$NS-commit" >/dev/null 2>&1 || true
  quietly tdocker run --network none --name "$NS-commit" --label "$FIXTURE_LABEL=1" \
    "$NS/busybox:1.36" /bin/sh -c 'echo committed > /committed.txt'
  quietly tdocker commit -a "Stevedore Tests <tests@stevedore.invalid>" -m "stevedore fixture: committed" \
    -c 'LABEL org.stevedore.committed=yes' "$NS-commit" "$NS/committed:1"
  tdocker rm -f "$NS-commit" >/dev/null
  tick

  log "fixtures: sizes"
  mkdir -p "$WORK/tiny" "$WORK/small"
  printf '0123456789abcdefghi\n' >"$WORK/tiny/tiny.txt"                        # 20 bytes
  head -c 5000 /dev/zero | tr '\0' 's' >"$WORK/small/small.txt"                # 5000 bytes
  import_dir "$WORK/tiny" "$NS/tiny:1" --change 'CMD []'
  import_dir "$WORK/small" "$NS/small:1" --change 'CMD []'
  tick

  log "fixtures: registry ($REG, $AREG)"
  # digested: pushed under two tags, removed, pulled back -> RepoTags + RepoDigests.
  mkdir -p "$WORK/dig/etc"; echo digested >"$WORK/dig/etc/fixture"
  import_dir "$WORK/dig" "$REG/$NS/digested:1" --change 'LABEL org.stevedore.role=digested'
  tdocker tag "$REG/$NS/digested:1" "$REG/$NS/digested:2"
  if quietly tdocker push "$REG/$NS/digested:1" && quietly tdocker push "$REG/$NS/digested:2"; then
    quietly tdocker rmi "$REG/$NS/digested:1" "$REG/$NS/digested:2"
    quietly tdocker pull "$REG/$NS/digested:1" || die "pull digested:1 failed"
    quietly tdocker pull "$REG/$NS/digested:2" || die "pull digested:2 failed"
  else
    external_skip "push to $REG"
  fi

  if [[ $registry_ok -eq 1 ]]; then
    # digest-only: push, remove, pull by digest -> repo with a digest and no tag.
    mkdir -p "$WORK/donly/etc"; echo digest-only >"$WORK/donly/etc/fixture"
    import_dir "$WORK/donly" "$REG/$NS/digest-only:push" --change 'LABEL org.stevedore.role=digest-only'
    quietly tdocker push "$REG/$NS/digest-only:push" || die "push digest-only failed"
    local dig
    dig="$(tdocker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$REG/$NS/digest-only:push" | sed -n 's/.*@//p' | head -n1)"
    [[ "$dig" == sha256:* ]] || die "no digest for digest-only after push"
    quietly tdocker rmi "$REG/$NS/digest-only:push"
    quietly tdocker pull "$REG/$NS/digest-only@$dig" || die "pull by digest failed"
    echo "$dig" >"$WORK/digest-only.digest"

    # registry-only images for pull tests.
    tdocker tag "$NS/busybox:1.36" "$REG/$NS/remote:1"
    quietly tdocker push "$REG/$NS/remote:1" || die "push remote:1 failed"
    quietly tdocker rmi "$REG/$NS/remote:1"
    printf '%s' "$AUTH_PASSWORD" | quietly tdocker login --username "$AUTH_USER" --password-stdin "$AREG" \
      || die "login to $AREG failed"
    tdocker tag "$NS/busybox:1.36" "$AREG/$NS/private:1"
    quietly tdocker push "$AREG/$NS/private:1" || die "push to auth registry failed"
    quietly tdocker rmi "$AREG/$NS/private:1"
    quietly tdocker logout "$AREG" || true
  fi

  log "fixtures: done in $((SECONDS - t0))s (version $version)"
}

# --- registry:2 ------------------------------------------------------------------------------
REGISTRY_IMAGE="registry:2"
REGISTRY_BIN="${STEVEDORE_REGISTRY_BIN:-/usr/bin/docker-registry}"
REGISTRY_VERSION_LABEL="$FIXTURE_LABEL.registry"

# The image's tree: the binary as /bin/registry, the libraries ldd names (at the paths ldd names,
# symlinks resolved), busybox for the entrypoint's shell, and the real image's config, entrypoint
# and data folder. The config is distribution's default plus delete enabled.
registry_rootfs() {
  local r="$1" lib
  mkdir -p "$r/bin" "$r/etc/docker/registry" "$r/var/lib/registry" "$r/tmp"
  chmod 1777 "$r/tmp"
  cp "$REGISTRY_BIN" "$r/bin/registry"
  cp "$BUSYBOX" "$r/bin/busybox"
  ln -sf busybox "$r/bin/sh"
  for lib in $(ldd "$REGISTRY_BIN" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$r$(dirname "$lib")"
    cp -L "$lib" "$r$lib"
  done
  cat >"$r/etc/docker/registry/config.yml" <<'YML'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
YML
  # The real image's entrypoint: a config path means `registry serve <config>`.
  cat >"$r/entrypoint.sh" <<'SH'
#!/bin/sh
set -e
case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
SH
  chmod 755 "$r/entrypoint.sh"
}

registry_image_version() {
  { declare -f registry_rootfs; cat "$REGISTRY_BIN" "$BUSYBOX"; } | sha256sum | cut -c1-16
}

# Ours and current -> 0; someone else's registry:2 -> 0 too (it is theirs to keep).
registry_image_check() {
  local have
  tdocker image inspect "$REGISTRY_IMAGE" >/dev/null 2>&1 || return 1
  have="$(tdocker image inspect --format "{{index .Config.Labels \"$REGISTRY_VERSION_LABEL\"}}" "$REGISTRY_IMAGE")"
  [[ -z "$have" || "$have" == "$(registry_image_version)" ]]
}

registry_image() {
  local version dir
  if registry_image_check; then log "fixtures: $REGISTRY_IMAGE up to date"; return 0; fi
  [[ -x "$REGISTRY_BIN" ]] || die "$REGISTRY_BIN not found (apt-get install docker-registry)"
  version="$(registry_image_version)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/stevedore-registry-image.XXXXXX")"
  registry_rootfs "$dir"
  log "fixtures: $REGISTRY_IMAGE from $REGISTRY_BIN"
  dtar "$dir" | tdocker import \
    --change "LABEL $FIXTURE_LABEL=1 $REGISTRY_VERSION_LABEL=$version" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENTRYPOINT ["/entrypoint.sh"]' \
    --change 'CMD ["/etc/docker/registry/config.yml"]' \
    --change 'EXPOSE 5000' \
    --change 'VOLUME /var/lib/registry' \
    --message "stevedore fixture: registry:2 from Debian's docker-registry" \
    - "$REGISTRY_IMAGE" >/dev/null
  rm -rf "$dir"
}

# Removes registry:2 only when it is ours (a running local registry keeps it: logged, not fatal).
registry_image_clean() {
  local have
  have="$(tdocker image inspect --format "{{index .Config.Labels \"$REGISTRY_VERSION_LABEL\"}}" "$REGISTRY_IMAGE" 2>/dev/null || true)"
  [[ -n "$have" ]] || return 0
  tdocker rmi "$REGISTRY_IMAGE" >/dev/null 2>&1 || log "could not remove $REGISTRY_IMAGE (in use?)"
}

# All local references under our namespaces, one per line: repo:tag or repo@digest.
namespaced_refs() {
  tdocker images --all --digests --format '{{.Repository}} {{.Tag}} {{.Digest}}' 2>/dev/null \
    | awk -v ns="$NS/" '
        { repo=$1; tag=$2; dig=$3
          # strip an optional registry host ("host[:port]/") before matching
          r=repo; if (index(r, "/") > 0) { h=substr(r, 1, index(r, "/")-1); if (h ~ /[.:]/ || h == "localhost") r=substr(r, index(r, "/")+1) }
          if (index(r, ns) != 1) next
          if (tag != "<none>") print repo ":" tag
          else if (dig != "<none>" && dig != "") print repo "@" dig }' | sort -u
}

clean() {
  local ids refs
  # containers first (fixture label or our commit container name)
  ids="$(tdocker ps -aq --filter "label=$FIXTURE_LABEL" 2>/dev/null || true)"
  [[ -n "$ids" ]] && tdocker rm -f $ids >/dev/null
  tdocker rm -f "$NS-commit" >/dev/null 2>&1 || true
  # untag/undigest every namespaced reference; untagged parents go with them
  refs="$(namespaced_refs)"
  if [[ -n "$refs" ]]; then
    # shellcheck disable=SC2086
    tdocker rmi $refs >/dev/null 2>&1 || {
      local r; for r in $refs; do tdocker rmi "$r" >/dev/null 2>&1 || log "could not remove $r"; done
    }
  fi
  # dangling leftovers that carry the fixture label (never unlabelled user images)
  tdocker image prune -f --filter "label=$FIXTURE_LABEL" >/dev/null
  registry_image_clean
  log "fixtures: cleaned"
}

check() {
  local version r
  version="$(fixture_version)"
  [[ "$(tdocker image inspect --format "{{index .Config.Labels \"$FIXTURE_LABEL.version\"}}" "$NS/busybox:1.36" 2>/dev/null)" == "$version" ]] || return 1
  for r in "${LOCAL_REFS[@]}"; do tdocker image inspect "$r" >/dev/null 2>&1 || return 1; done
  [[ -n "$(tdocker images -q --filter dangling=true --filter label=org.stevedore.generation=old)" ]] || return 1
  [[ -n "$(tdocker images -q "$REG/$NS/digest-only")" ]] || return 1
  [[ -n "$(tdocker images -aq --filter dangling=false --filter "label=org.stevedore.built=yes" | sort -u)" ]] || return 1
  return 0
}

require_engine() {
  tdocker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 \
    || die "test engine $TEST_DOCKER_HOST does not answer (run scripts/test-stack/engine.sh start)"
}

case "${1:-}" in
  ""|build)
    require_engine
    if check; then log "fixtures: up to date (use --force to rebuild)"; registry_image; exit 0; fi
    clean; build; registry_image ;;
  --force|rebuild) require_engine; clean; build; registry_image ;;
  registry-image) require_engine; registry_image ;;
  clean) require_engine; clean ;;
  check) require_engine; check ;;
  list) printf '%s\n' "${LOCAL_REFS[@]}" "$REG/$NS/digest-only@<digest>" "<none>:<none> (label org.stevedore.generation=old)" "$REGISTRY_IMAGE" ;;
  *) echo "usage: $0 [build|--force|clean|check|list|registry-image]" >&2; exit 2 ;;
esac
