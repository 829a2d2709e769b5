# syntax=docker/dockerfile:1
# The Archipel CLI image: `archipel serve` (the prediction service) as its entry point, so that a
# cluster serves a model through the same code the workspace predicts with. The model is not in the
# image: mount it (examples/portfolio/kubernetes/deployment.yaml mounts the model-sync volume at /models).
#
#   docker build -t archipel .
#   docker run -p 5000:5000 -v "$PWD/examples/portfolio/prediction:/models:ro" archipel /models/model.onnx --recipe ohlcv-22 --host 0.0.0.0

# Build: every dependency (esbuild bundles), then only the production ones are kept.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# onnxruntime-node's install script would download CUDA binaries; Archipel uses the CPU ones it ships
# (package.json's allowScripts denies the script to npm 11.16 and later; this covers older npm).
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN npm ci --no-audit --no-fund
COPY . .
RUN node esbuild.mjs && npm prune --omit=dev --no-audit --no-fund

# Run: the bundles, the files the CLI reads at run time, the production node_modules; no root.
FROM node:20-bookworm-slim
# Speed-only caches (V8 code caches, optimised ONNX graphs) are off: the root filesystem is read-only in the cluster.
ENV NODE_ENV=production ARCHIPEL_CACHE_DIR=off
RUN groupadd --system --gid 10001 archipel && useradd --system --uid 10001 --gid archipel --no-create-home --shell /usr/sbin/nologin archipel
WORKDIR /app
COPY --from=build /src/package.json /src/LICENSE ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/schemas ./schemas
COPY --from=build /src/snippets ./snippets
COPY --from=build /src/models ./models
USER 10001:10001
EXPOSE 5000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:5000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/server/cli.js", "serve"]
CMD ["/models/model.onnx", "--host", "0.0.0.0", "--port", "5000"]
