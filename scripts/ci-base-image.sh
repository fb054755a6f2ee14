#!/usr/bin/env bash
# Makes the local base image the container test builds FROM, with nothing pulled from a registry:
# Debian bookworm (debootstrap --variant=minbase from the mirror apt uses here) plus this machine's
# Node binary, npm and headers under /usr/local (where the official node image has them).
#   scripts/ci-base-image.sh [IMAGE]        default IMAGE: localhost/mygpt-ci-base:bookworm
# The rootfs tarball is cached in $MYGPT_CI_CACHE (default /var/tmp/mygpt-ci) between runs; the image
# is re-imported from it when podman's store lost it. Needs root (debootstrap), podman, debootstrap.
set -euo pipefail
IMAGE="${1:-localhost/mygpt-ci-base:bookworm}"
CACHE="${MYGPT_CI_CACHE:-/var/tmp/mygpt-ci}"
NODE_BIN="$(readlink -f "$(command -v node)")"
NODE_VER="$("$NODE_BIN" --version)"
TAR="$CACHE/bookworm-minbase-node-${NODE_VER}.tar"

if podman image exists "$IMAGE"; then echo "base image $IMAGE present"; exit 0; fi
mkdir -p "$CACHE"
if [ ! -f "$TAR" ]; then
  # the mirror apt uses on this machine (deb822 or one-line sources), else deb.debian.org
  MIRROR="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -v '^[[:space:]]*#' \
    | grep -oE 'https?://[^ ]+/debian/?' | head -1 || true)"
  MIRROR="${MIRROR:-http://deb.debian.org/debian}"
  ROOTFS="$CACHE/rootfs.$$"
  rm -rf "$ROOTFS"
  echo "debootstrap bookworm from $MIRROR (a few minutes, once per machine)"
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  NODE_PREFIX="$(dirname "$(dirname "$NODE_BIN")")"   # /usr or /usr/local
  install -D -m 0755 "$NODE_BIN" "$ROOTFS/usr/local/bin/node"
  mkdir -p "$ROOTFS/usr/local/lib/node_modules" "$ROOTFS/usr/local/include"
  cp -a "$NODE_PREFIX/lib/node_modules/npm" "$ROOTFS/usr/local/lib/node_modules/npm"
  cp -a "$NODE_PREFIX/include/node" "$ROOTFS/usr/local/include/node"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  tar -C "$ROOTFS" -cf "$TAR.tmp" . && mv "$TAR.tmp" "$TAR"
  rm -rf "$ROOTFS"
fi
podman import --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$TAR" "$IMAGE" >/dev/null
echo "base image $IMAGE imported from $TAR"
