#!/bin/sh
# Starts the Temporal server (temporalio/server image) with deploy/temporal/config/production.yaml,
# mounted at /etc/temporal/config. The config binds and broadcasts on BIND_ON_IP: the container's own
# address unless given, as the image's own entrypoint does (0.0.0.0 cannot be broadcast to peers).
set -eu
: "${BIND_ON_IP:=$(getent hosts "$(hostname)" | awk '{print $1; exit}')}"
export BIND_ON_IP
exec temporal-server --root /etc/temporal --config config --env production --allow-no-auth start
