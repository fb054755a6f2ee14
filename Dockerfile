# syntax=docker/dockerfile:1.7
# mygpt container image, two variants from one file:
#   docker build --build-arg VARIANT=gpu -t ghcr.io/mygpt/mygpt:0.1.0-gpu .   (default)
#   docker build --build-arg VARIANT=cpu -t ghcr.io/mygpt/mygpt:0.1.0-cpu .
# gpu: @tensorflow/tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, built against CUDA 11.x
#      (libcudart.so.11.0) and cuDNN 8 (libcudnn.so.8); CUDA 11.8 runtime + cuDNN 8 satisfy both
#      (CUDA minor-version compatibility), and need an NVIDIA driver >= 520 on the node.
# cpu: @tensorflow/tfjs-node (CPU libtensorflow); wasm/cpu backends work in both.
# Build and runtime share one base OS (Ubuntu 22.04), so native addons built here load there.

ARG VARIANT=gpu
ARG NODE_VERSION=20.19.5

FROM node:${NODE_VERSION}-bookworm-slim AS node

FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS os-gpu
ENV TFJS_NODE=@tensorflow/tfjs-node-gpu TFJS_NODE_UNUSED=@tensorflow/tfjs-node

FROM ubuntu:22.04 AS os-cpu
ENV TFJS_NODE=@tensorflow/tfjs-node TFJS_NODE_UNUSED=@tensorflow/tfjs-node-gpu

# Node.js from the official image (same binary as node:20), on the variant's OS.
FROM os-${VARIANT} AS base
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libopenblas0-pthread \
 && rm -rf /var/lib/apt/lists/*

# ---- build: compile TypeScript with the full dev toolchain ----
FROM base AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ libopenblas-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the root "prepare" (tsc) must not run before the sources are here;
# npm rebuild then runs the dependencies' install scripts (zeromq, protobufjs).
RUN npm ci --omit=optional --ignore-scripts --no-audit --no-fund && npm rebuild
COPY tsconfig.json ./
COPY proto ./proto
COPY src ./src
COPY bin ./bin
COPY native ./native
# The OpenBLAS kernels for the wasm backend (issue 7); build.js fails loudly here because
# MYGPT_NATIVE_REQUIRED=1: an image silently without them would train ~20x slower on CPU.
# x86-64-v3 (AVX2): the image runs on other CPUs than the one that built it.
RUN MYGPT_NATIVE_REQUIRED=1 MYGPT_NATIVE_MARCH=x86-64-v3 node native/build.js && npx tsc -p tsconfig.json

# ---- deps: production node_modules (lockfile versions) with this variant's tfjs-node ----
# The other variant's tfjs-node is removed before the install scripts run, so only this
# variant's libtensorflow is downloaded (by its install script) and shipped.
FROM build AS deps
RUN rm -rf node_modules \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf "node_modules/${TFJS_NODE_UNUSED}" \
 && npm rebuild \
 && test -f "node_modules/${TFJS_NODE}/package.json"

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
COPY --from=build /app/package.json ./package.json
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/bin ./bin
COPY --from=build /app/native/build ./native/build
COPY --from=build /app/proto ./proto
ENV NODE_ENV=production \
    PATH=/app/bin:$PATH \
    MYGPT_VARIANT=${VARIANT}
USER 10001:10001
# 29500: coordinator control port, 9400: coordinator /metrics and /healthz (k8s/base/run.yaml)
EXPOSE 29500 9400
CMD ["mygpt-coord", "--help"]
