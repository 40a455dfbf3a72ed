#!/usr/bin/env bash
# A throwaway OpenStack Glance API (Debian's glance-api) bound to 127.0.0.1, one process, sqlite,
# with everything - config, database, stores, staging, logs, pid file - inside one folder, and
# three stores: two file stores and an rbd store on the one-node Ceph of scripts/ceph/cluster.sh.
#
#   glance-api.sh start <dir>   installs glance-api if missing (needs root then), starts a Ceph
#                               cluster in <dir>/ceph (or uses the one of GLANCE_CEPH_ENV),
#                               creates the glance Ceph user, writes the config, syncs the
#                               database, starts glance-api, waits for /healthcheck and for the
#                               three stores in /v2/info/stores, writes <dir>/glance.env, prints it
#   glance-api.sh stop <dir>    stops glance-api by its pid, and the cluster in <dir>/ceph if any
#   glance-api.sh status <dir>  exit 0 if the glance-api of <dir> runs and answers
#
# No Keystone: the paste pipeline is Glance's keystone pipeline without authtoken, so Glance
# trusts the identity headers a Keystone middleware would have set. Every request must carry
#   X-Identity-Status: Confirmed, X-Roles: admin, X-Project-Id: <id>, X-User-Id: <id>
# (401 without them). A real identity is what import tasks (copy-image) need: Glance records
# the task's owner. policy.yaml opens the admin-only rules besides, so a member role works too.
#
# Stores (ids are what the API calls them, e.g. in "stores": [...] and /v2/stores/<id>/<image>):
#   local (file, the default), other (file), ceph (rbd, pool of the cluster, user glance).
# Glance refuses file:// locations in the locations API; rbd:// ones it accepts.
#
# Environment: GLANCE_PORT (default: a free port; refused if busy), GLANCE_CEPH_ENV (cluster.env
# of a running cluster to use instead of starting one), GLANCE_START_TIMEOUT (seconds, default
# 120).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../lib/server.sh
. "$here/../lib/server.sh"

PACKAGES=(glance-api python3-rbd python3-rados curl)
CEPH_USER_NAME=glance
STORES="local other ceph"

stop_glance() {
    local dir=$1
    # SIGTERM lets eventlet's server close its sockets; SIGKILL after 10 s.
    stop_owned --term 10 "$dir/glance-api.conf" "$dir/run/glance-api.pid"
    # The cluster in our own subfolder is ours; one named by GLANCE_CEPH_ENV is left running.
    [ ! -d "$dir/ceph" ] || bash "$here/../ceph/cluster.sh" stop "$dir/ceph"
}

# The glance Ceph user: rbd on the cluster's pool only, its keyring and a ceph.conf of its own
# (the cluster's names the admin keyring for every client).
ceph_user() {
    local dir=$1 cluster_env=$2 conf keyring pool
    conf=$(env_value "$cluster_env" CEPH_CONF)
    keyring=$(env_value "$cluster_env" CEPH_KEYRING)
    pool=$(env_value "$cluster_env" CEPH_POOL)
    [ -n "$conf" ] && [ -n "$keyring" ] && [ -n "$pool" ] || die "$cluster_env lacks CEPH_CONF, CEPH_KEYRING or CEPH_POOL"
    timeout 60 ceph --conf "$conf" --name client.admin --keyring "$keyring" auth get-or-create \
        "client.$CEPH_USER_NAME" mon 'profile rbd' osd "profile rbd pool=$pool" mgr "profile rbd pool=$pool" \
        -o "$dir/ceph.client.$CEPH_USER_NAME.keyring" >/dev/null 2>&1 || die "creating the Ceph user $CEPH_USER_NAME failed"
    chmod 600 "$dir/ceph.client.$CEPH_USER_NAME.keyring"
    cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $(env_value "$cluster_env" CEPH_FSID)
mon host = $(env_value "$cluster_env" CEPH_MON_HOST)
auth cluster required = cephx
auth service required = cephx
auth client required = cephx

[client]
keyring = $dir/ceph.client.$CEPH_USER_NAME.keyring
admin socket =
log file =
EOF
}

write_config() {
    local dir=$1 port=$2 pool=$3
    cat >"$dir/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $port
# One eventlet process: one pid to stop, and import tasks run in it.
workers = 0
enabled_backends = local:file, other:file, ceph:rbd
show_multiple_locations = True
show_image_direct_url = True
enabled_import_methods = [glance-direct,web-download,copy-image]
# enforce_secure_rbac must equal [oslo_policy] enforce_new_defaults.
enforce_secure_rbac = False
image_cache_dir = $dir/cache
log_file = $dir/log/glance-api.log
use_stderr = False

[database]
connection = sqlite:///$dir/glance.sqlite

[glance_store]
default_backend = local

[local]
filesystem_store_datadir = $dir/stores/local
store_description = first file store

[other]
filesystem_store_datadir = $dir/stores/other
store_description = second file store

[ceph]
rbd_store_pool = $pool
rbd_store_user = $CEPH_USER_NAME
rbd_store_ceph_conf = $dir/ceph.conf
rbd_store_chunk_size = 8
store_description = rbd store

# Glance's reserved stores: where image-import stages data and where tasks keep their files.
[os_glance_staging_store]
filesystem_store_datadir = $dir/staging

[os_glance_tasks_store]
filesystem_store_datadir = $dir/tasks

[oslo_concurrency]
lock_path = $dir/lock

[oslo_policy]
enforce_new_defaults = False
enforce_scope = False
policy_file = $dir/policy.yaml

[paste_deploy]
flavor = trusted
config_file = $dir/glance-api-paste.ini
EOF
    # Only the pipeline that runs is written: Glance's keystone one without authtoken (and
    # without the image cache, so that every download reads the store).
    cat >"$dir/glance-api-paste.ini" <<EOF
[pipeline:glance-api-trusted]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = $dir/healthcheck_disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF
    # The legacy defaults keep some calls for role:admin; tests may run as a member too.
    cat >"$dir/policy.yaml" <<'EOF'
"copy_image": ""
"publicize_image": ""
"communitize_image": ""
"tasks_api_access": ""
"get_task": ""
"get_tasks": ""
"manage_image_cache": ""
"delete_image_location": ""
"set_image_location": ""
"get_image_location": ""
EOF
}

# True once /healthcheck answers and /v2/info/stores lists every store (a store whose backend
# failed to configure, e.g. rbd without its cluster, is left out of the list).
ready() {
    local url=$1 stores s
    [ "$(http_code "$url/healthcheck")" = 200 ] || return 1
    stores=$(curl -s -f -H 'X-Identity-Status: Confirmed' -H 'X-Roles: admin' -H 'X-Project-Id: probe' \
        -H 'X-User-Id: probe' "$url/v2/info/stores") || return 1
    for s in $STORES; do
        grep -q "\"id\": *\"$s\"" <<<"$stores" || return 1
    done
}

start_glance() {
    local dir cluster_env port url pool
    start_in "$1" stop_glance glance-api
    rm -rf "${dir:?}"/{ceph,run,log,lock,cache,stores,staging,tasks,glance.sqlite,glance.env,glance-api.conf,glance-api-paste.ini,policy.yaml,ceph.conf,ceph.client.*.keyring}
    mkdir -p "$dir"/{run,log,lock,cache,stores/local,stores/other,staging,tasks}
    stop_on_failure stop_glance "$dir"

    if [ -n "${GLANCE_CEPH_ENV:-}" ]; then
        cluster_env=$(realpath "$GLANCE_CEPH_ENV")
        [ -f "$cluster_env" ] || die "GLANCE_CEPH_ENV names no file: $GLANCE_CEPH_ENV"
    else
        bash "$here/../ceph/cluster.sh" start "$dir/ceph" >/dev/null
        cluster_env=$dir/ceph/cluster.env
    fi
    pool=$(env_value "$cluster_env" CEPH_POOL)
    ceph_user "$dir" "$cluster_env"

    port=$(server_ports "${GLANCE_PORT:-}" 1)
    url=http://127.0.0.1:$port
    write_config "$dir" "$port" "$pool"
    glance-manage --config-file "$dir/glance-api.conf" db_sync >>"$dir/log/db-sync.log" 2>&1 \
        || { tail -n 20 "$dir/log/db-sync.log" >&2; die "glance-manage db_sync failed"; }
    start_detached "$dir/run/glance-api.pid" "$dir/log/glance-api.out" \
        /usr/bin/python3 /usr/bin/glance-api --config-file "$dir/glance-api.conf"
    wait_until $((SECONDS + ${GLANCE_START_TIMEOUT:-120})) "glance-api's answer on $url (see $dir/log)" ready "$url"

    write_env "$dir/glance.env" <<EOF
GLANCE_DIR=$dir
GLANCE_URL=$url
GLANCE_PID=$(cat "$dir/run/glance-api.pid")
GLANCE_STORES=${STORES// /,}
GLANCE_DEFAULT_STORE=local
GLANCE_STORE_LOCAL_DIR=$dir/stores/local
GLANCE_STORE_OTHER_DIR=$dir/stores/other
GLANCE_STORE_CEPH_POOL=$pool
GLANCE_CEPH_USER=$CEPH_USER_NAME
GLANCE_CEPH_CONF=$dir/ceph.conf
GLANCE_CEPH_KEYRING=$dir/ceph.client.$CEPH_USER_NAME.keyring
GLANCE_CEPH_ENV=$cluster_env
$(cat "$cluster_env")
EOF
    stop_on_failure
}

glance_status() {
    local dir=$1
    [ -f "$dir/glance.env" ] && [ -n "$(owned_pids "$dir/glance-api.conf" "$dir/run/glance-api.pid")" ] || return 1
    [ "$(http_code "$(env_value "$dir/glance.env" GLANCE_URL)/healthcheck")" = 200 ]
}

server_main start_glance stop_glance glance_status "$@"
