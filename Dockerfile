# Jawab in a container: built with Rust 1.95, run on Debian slim as a
# non-root user. The knowledge is built in; mount your own at /srv/jawab/knowledge
# to edit it (the inbox writes there). The question log is in the volume
# /srv/jawab/data. Settings come from the environment (see .env.example).
#
#   docker build -t jawab .
#   docker run -d --name jawab -e TELOXIDE_TOKEN=... -v jawab-data:/srv/jawab/data jawab

FROM rust:1.95-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/jawab

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /srv/jawab --create-home --shell /usr/sbin/nologin jawab \
    && mkdir -p /srv/jawab/data && chown jawab:jawab /srv/jawab/data
COPY --from=build /src/target/release/jawab /usr/local/bin/jawab
USER jawab
WORKDIR /srv/jawab
ENV JAWAB_DB=/srv/jawab/data/jawab.sqlite3 \
    JAWAB_LISTEN=0.0.0.0:8443
VOLUME ["/srv/jawab/data"]
EXPOSE 8443
# /healthz answers 503 until Telegram answers, while stopping, or without knowledge.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8443/healthz || exit 1
# SIGTERM stops it within about 3 seconds, writing what is queued.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/jawab"]
CMD ["bot"]
