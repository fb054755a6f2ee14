# syntax=docker/dockerfile:1.7
# mygpt container image, two variants from one file:
#   docker build --build-arg VARIANT=gpu -t ghcr.io/mygpt/mygpt:0.1.0-gpu .   (default)
#   docker build --build-arg VARIANT=cpu -t ghcr.io/mygpt/mygpt:0.1.0-cpu .
# gpu: @tensorflow/tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, built against CUDA 11.x
#      (libcudart.so.11.0) and cuDNN 8 (libcudnn.so.8); CUDA 11.8 runtime + cuDNN 8 satisfy both
#      (CUDA minor-version compatibility), and need an NVIDIA driver >= 520 on the node.
# cpu: no libtensorflow; backend "auto" selects wasm with the OpenBLAS kernels built below (native/).
# Base images are build arguments, so a test can build from a local base with nothing pulled
# (test/container: CPU_BASE = NODE_IMAGE = a debootstrap'ed bookworm holding the host's Node).
# NODE_IMAGE only supplies /usr/local/{bin/node,lib/node_modules/npm,include/node}: any official
# node:<version>-bookworm-slim works; Node 24 is the current LTS (Node 20 ended 2026-04-30).

ARG VARIANT=gpu
ARG NODE_IMAGE=node:24-bookworm-slim
ARG CPU_BASE=debian:bookworm-slim
ARG GPU_BASE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04

FROM ${NODE_IMAGE} AS node

FROM ${GPU_BASE} AS os-gpu
# tfjs-node packages this variant drops (optionalDependencies) and the one it must keep
ENV TFJS_DROP="@tensorflow/tfjs-node" TFJS_KEEP=@tensorflow/tfjs-node-gpu

FROM ${CPU_BASE} AS os-cpu
ENV TFJS_DROP="@tensorflow/tfjs-node @tensorflow/tfjs-node-gpu" TFJS_KEEP=

# Node.js from the node image, on the variant's OS; tini is PID 1 (signals forwarded, zombies reaped).
# apt-get clean: a base without the official images' docker-clean hook (the CI's debootstrap base) would
# otherwise keep the downloaded .debs and apt's package caches in this layer.
FROM os-${VARIANT} AS base
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libopenblas0-pthread libzmq5 tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# npm only where packages are installed (deps, build): the runtime image runs node, never npm.
FROM base AS base-npm
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx

# ---- deps: production node_modules; depends on package*.json only, not on the sources ----
# --ignore-scripts first so the dropped tfjs-node never downloads its libtensorflow; npm rebuild then
# runs the kept packages' install scripts (zeromq loads its prebuilt addon; tfjs-node-gpu downloads).
FROM base-npm AS deps
# Behind a TLS-intercepting proxy: mount its CA bundle into the build and name it here, e.g.
#   podman build -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca.crt:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca.crt
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && for p in ${TFJS_DROP}; do rm -rf "node_modules/$p"; done \
 && npm rebuild \
 && if [ -n "${TFJS_KEEP}" ]; then test -f "node_modules/${TFJS_KEEP}/package.json"; fi
# Delete what Node never loads at run time (the list and how it was found: the script's comments and
# docs/kubernetes.md "Image size"): tfjs's browser bundles and ES-module trees, source maps, typings,
# other platforms' zeromq addons. A step of its own, so editing the list does not repeat npm ci.
COPY scripts/prune-node-modules.sh /tmp/
RUN /tmp/prune-node-modules.sh node_modules

# ---- build: compile TypeScript and the native kernels with the dev toolchain ----
FROM base-npm AS build
ARG NODE_EXTRA_CA_CERTS
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev libopenblas-dev libzmq3-dev \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/include/node /usr/local/include/node
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the root "prepare" (tsc) must not run before the sources are here; tsc needs no
# install script, and the optional tfjs-node packages are not needed to compile.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY proto ./proto
COPY native ./native
# The OpenBLAS kernels for the wasm backend (issue 7); build.js fails loudly here because
# MYGPT_NATIVE_REQUIRED=1: an image silently without them would train ~20x slower on CPU.
# x86-64-v3 (AVX2): the image runs on other CPUs than the one that built it. libzmq3-dev: the native ZeroMQ
# ring link (runtime: libzmq5).
RUN MYGPT_NATIVE_REQUIRED=1 MYGPT_NATIVE_MARCH=x86-64-v3 node native/build.js
COPY src ./src
COPY bin ./bin
RUN npx tsc -p tsconfig.json

# ---- runtime: non-root, only what runs ----
FROM base AS runtime
ARG VARIANT
LABEL org.opencontainers.image.title="mygpt" \
      org.opencontainers.image.description="Distributed character-level GPT training (${VARIANT})" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --system --gid 10001 mygpt \
 && useradd --system --uid 10001 --gid mygpt --home-dir /app --shell /usr/sbin/nologin mygpt \
 && mkdir -p /var/lib/mygpt && chown mygpt:mygpt /var/lib/mygpt
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/proto ./proto
COPY --from=build /app/native/build ./native/build
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist/src ./dist/src
# Every package.json "bin" as a command on PATH (mygpt-coord -> /app/bin/mygpt-coord.js), no npx:
# the process tini starts is the mygpt process itself, so SIGTERM reaches it.
RUN node -e 'const fs = require("fs"); for (const [n, f] of Object.entries(require("/app/package.json").bin)) { \
      fs.chmodSync("/app/" + f, 0o755); fs.symlinkSync("/app/" + f, "/usr/local/bin/" + n); }' \
 && mygpt-coord --help >/dev/null
ENV NODE_ENV=production \
    MYGPT_VARIANT=${VARIANT}
USER 10001:10001
# 29500: coordinator control port, 9400: coordinator /metrics and /healthz (k8s/base/run.yaml)
EXPOSE 29500 9400
# Kubernetes `command:` would replace this ENTRYPOINT: the manifests set only `args:` (the mygpt command).
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["mygpt-coord", "--help"]
