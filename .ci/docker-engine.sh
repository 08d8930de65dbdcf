#!/usr/bin/env bash
# Makes sure a Docker engine answers, for the Docker tests: installs docker.io and busybox-static
# when missing, starts dockerd when it is not running, and waits until `docker info` answers.
# Idempotent: does nothing on a machine whose engine already answers. Needs root to install or start.
set -euo pipefail

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1 || ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  echo "docker-engine: installing docker.io and busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io busybox-static >/dev/null
fi

if docker info >/dev/null 2>&1; then
  echo "docker-engine: engine answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "docker-engine: starting dockerd (log: /var/log/taskwright-dockerd.log)"
  nohup dockerd >>/var/log/taskwright-dockerd.log 2>&1 </dev/null &
fi

for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "docker-engine: engine answers ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "docker-engine: dockerd did not answer within 60 s; last log lines:" >&2
tail -n 20 /var/log/taskwright-dockerd.log >&2 || true
exit 1
