# bin/mailroom images: container images of the services, built without a Docker daemon (sourced by bin/mailroom;
# uses its ROOT, STATE, LOGS, SERVICES, say, die, find_java and build_if_needed). ADR 0043.
#
# 1. A JRE base image made from Debian packages (mmdebstrap: Debian 12, openjdk-17-jre-headless, ca-certificates),
#    with the user 185 and nothing else, committed by buildah as localhost/mailroom/jre:17 (rebuilt only when
#    missing, or with --rebuild-base).
# 2. Per service, its target/quarkus-app (built when missing or stale) copied onto it, owned by root and read-only
#    to the user 185: localhost/mailroom/<service>:<version>. Nothing in the image needs to be written but /tmp, so
#    it runs with a read-only root (Kubernetes: readOnlyRootFilesystem and an emptyDir on /tmp).
#
# Needs root's podman, buildah, runc and mmdebstrap (apt-get install podman buildah mmdebstrap runc) and Debian's package
# mirror (the one apt uses). No registry is contacted: everything is --pull=never.

images_version() {
  sed -n '0,/<artifactId>mailroom-parent<\/artifactId>/d; s/.*<version>\(.*\)<\/version>.*/\1/p' "$ROOT/pom.xml" | head -n 1
}

images_base() {
  local log="$LOGS/images-base.log" rootfs="$STATE/images/rootfs.tar" arch ctr
  arch="$(dpkg --print-architecture)"
  say "building the JRE base image localhost/mailroom/jre:17 from Debian packages (log: $log) ..."
  mkdir -p "$STATE/images"
  rm -f "$rootfs"
  if ! mmdebstrap --variant=apt --include=openjdk-17-jre-headless,ca-certificates \
    --customize-hook='echo "mailroom:x:185:185:mailroom:/tmp:/usr/sbin/nologin" >>"$1/etc/passwd"' \
    --customize-hook='echo "mailroom:x:185:" >>"$1/etc/group"' \
    --customize-hook='mkdir -p "$1/deployments" "$1/opt/mailroom/agents"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$rootfs" >"$log" 2>&1 </dev/null; then
    tail -n 30 "$log" >&2
    die "mmdebstrap failed (log: $log)"
  fi
  ctr="$(buildah from --pull=never scratch)"
  {
    buildah add "$ctr" "$rootfs" / &&
      buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --env "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" --env LANG=C.UTF-8 --env HOME=/tmp \
        --user 185:185 --workingdir /deployments \
        --label org.opencontainers.image.title=mailroom-jre \
        --label "org.opencontainers.image.description=Debian 12 and OpenJDK 17 JRE, user 185" "$ctr" &&
      buildah commit --rm "$ctr" localhost/mailroom/jre:17
  } >>"$log" 2>&1 || {
    buildah rm "$ctr" >/dev/null 2>&1 || true
    tail -n 30 "$log" >&2
    die "could not commit the base image (log: $log)"
  }
  rm -f "$rootfs"
}

images_service() {
  local name=$1 version=$2 log="$LOGS/images-$1.log" app="$ROOT/$1/target/quarkus-app" ctr port
  port="$(sed -n 's/^quarkus\.http\.port=//p' "$ROOT/$name/src/main/resources/application.properties")"
  ctr="$(buildah from --pull=never localhost/mailroom/jre:17)"
  {
    # the libraries first (they change less often than the application), all owned by root: read-only to uid 185
    buildah copy --chown 0:0 "$ctr" "$app/lib" /deployments/lib &&
      buildah copy --chown 0:0 "$ctr" "$app/quarkus" /deployments/quarkus &&
      buildah copy --chown 0:0 "$ctr" "$app/app" /deployments/app &&
      buildah copy --chown 0:0 "$ctr" "$app/quarkus-run.jar" /deployments/quarkus-run.jar &&
      buildah config --entrypoint '["java", "-jar", "/deployments/quarkus-run.jar"]' --cmd '' \
        --user 185:185 --workingdir /deployments --port "$port" \
        --label "org.opencontainers.image.title=mailroom-$name" \
        --label "org.opencontainers.image.version=$version" "$ctr" &&
      buildah commit --rm "$ctr" "localhost/mailroom/$name:$version"
  } >"$log" 2>&1 || {
    buildah rm "$ctr" >/dev/null 2>&1 || true
    tail -n 30 "$log" >&2
    die "could not build the image of $name (log: $log)"
  }
  say "built localhost/mailroom/$name:$version"
}

cmd_images() {
  local rebuild=0 names=() name version tool
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --rebuild-base) rebuild=1 ;;
      -*) die "images: unknown option $1 (usage: bin/mailroom images [--rebuild-base] [service...])" ;;
      *) names+=("$1") ;;
    esac
    shift
  done
  [[ ${#names[@]} -gt 0 ]] || names=("${SERVICES[@]}")
  for name in "${names[@]}"; do
    [[ " ${SERVICES[*]} " == *" $name "* ]] || die "images: no service $name (services: ${SERVICES[*]})"
  done
  for tool in podman buildah mmdebstrap runc; do
    command -v "$tool" >/dev/null 2>&1 || die "images: $tool is missing (apt-get install podman buildah mmdebstrap runc)"
  done
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/images/containers.conf}"
  mkdir -p "$LOGS"
  find_java
  build_if_needed
  version="$(images_version)"
  if [[ $rebuild == 1 ]] || ! podman image exists localhost/mailroom/jre:17; then
    images_base
  fi
  for name in "${names[@]}"; do images_service "$name" "$version"; done
  say "images: $(printf 'localhost/mailroom/%s:'"$version"' ' "${names[@]}")(podman images localhost/mailroom/*)"
}
