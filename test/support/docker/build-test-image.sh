#!/usr/bin/env bash
# Builds the Docker test image from this machine's static busybox, without any registry:
# a root filesystem with busybox and its applets, imported with `docker import`.
# Idempotent: does nothing when the image is already there. Talks to the engine that the
# docker CLI reaches (DOCKER_HOST, else the local socket).
#
#   test/support/docker/build-test-image.sh [image]   (default taskwright-test/busybox:1)
set -euo pipefail

image=${1:-${TASKWRIGHT_TEST_IMAGE:-taskwright-test/busybox:1}}

if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

busybox=$(command -v busybox || true)
[ -n "$busybox" ] || busybox=/bin/busybox
if [ ! -x "$busybox" ]; then
  echo "build-test-image: no busybox found (apt-get install -y busybox-static)" >&2
  exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build-test-image: $busybox is dynamically linked; install busybox-static" >&2
  exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,run,root}
cp "$busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

tar --numeric-owner --owner=0 --group=0 -C "$root" -c . |
  docker import \
    -c 'CMD ["/bin/sh"]' \
    -c 'ENV PATH=/bin' \
    -c 'LABEL taskwright.test=true' \
    - "$image" >/dev/null
echo "build-test-image: built $image"
