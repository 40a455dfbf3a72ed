#!/usr/bin/env bash
# A throwaway OpenStack Keystone (identity v3, sqlite, fernet tokens) bound to 127.0.0.1, with
# everything - config, database, keys, pid file, log - inside one folder.
#
#   keystone.sh start <dir>   installs Debian's python3-keystone if missing (needs root then),
#                             creates the database and keys, starts Keystone, creates the accounts
#                             below, checks a real token request, writes <dir>/keystone.env and
#                             prints it
#   keystone.sh stop <dir>    kills Keystone by its pid file and waits until it is gone
#   keystone.sh status <dir>  exit 0 if the Keystone of <dir> runs and answers
#
# Accounts (all in the "Default" domain, passwords random per start):
#   admin   in project admin, role admin (keystone-manage bootstrap)
#   swift   in project service, role admin: the service user Swift's authtoken middleware uses
#   glance  in project glance, role member, with an application credential "glance-store"
#
# Environment: KEYSTONE_PORT (default: a free port; refused if busy), KEYSTONE_OBJECT_STORE_URL
# (if set, an object-store service with this URL, e.g. http://127.0.0.1:8080/v1/AUTH_$(project_id)s,
# on the public, internal and admin interfaces of region RegionOne), KEYSTONE_START_TIMEOUT
# (seconds, default 120). A start in a folder whose Keystone still runs stops that one first.
set -euo pipefail
# shellcheck source=../lib/server.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/server.sh"

PACKAGES=(python3-keystone curl)
PYTHON=/usr/bin/python3
REGION=RegionOne

# Keystone of the pid file in <dir>/run, if its command line still names <dir>.
stop_keystone() {
    stop_owned "$1/" "$1/run/keystone.pid"
}

# On a failed start, Keystone's last log lines tell why.
fail_keystone() {
    tail -n 30 "$1"/log/*.log >&2 || true
    stop_keystone "$1"
}

write_config() {
    local dir=$1
    mkdir -p "$dir/etc" "$dir/run" "$dir/log" "$dir/fernet-keys" "$dir/credential-keys"
    cat >"$dir/etc/keystone.conf" <<EOF
[DEFAULT]
log_file = $dir/log/keystone.log
use_stderr = false

[database]
connection = sqlite:///$dir/keystone.db

[token]
provider = fernet
expiration = 3600

[fernet_tokens]
key_repository = $dir/fernet-keys

[fernet_receipts]
key_repository = $dir/fernet-keys

[credential]
key_repository = $dir/credential-keys

[cache]
enabled = false
EOF
    # Like keystone-wsgi-public, one request at a time (sqlite allows one writer), but on
    # 127.0.0.1 only, without a line per request on stderr, and with the folder on its command line.
    cat >"$dir/etc/launch.py" <<'EOF'
# Runs Keystone's public WSGI application with the config file given, on 127.0.0.1:<port>.
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

config, port = sys.argv[1], int(sys.argv[2])
os.environ["OS_KEYSTONE_CONFIG_FILES"] = config
sys.argv[1:] = []  # Keystone parses the command line as its own options
from keystone.server.wsgi import initialize_public_application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


make_server("127.0.0.1", port, initialize_public_application(), handler_class=QuietHandler).serve_forever()
EOF
    # Creates the test accounts through Keystone's API (urllib only) and prints KEY=VALUE lines.
    cat >"$dir/etc/accounts.py" <<'EOF'
import json
import os
import sys
import urllib.request

url, admin_password, object_store_url = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None, expect=(200, 201, 204)):
    request = urllib.request.Request(url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status not in expect:
            raise SystemExit(f"{method} {path} answered {response.status}")
        text = response.read()
        return response.headers, (json.loads(text) if text else None)


def token(user, password, project):
    headers, _ = call("POST", "/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}})
    return headers["X-Subject-Token"]


admin = token("admin", admin_password, "admin")


def role(name):
    return call("GET", f"/roles?name={name}", token=admin)[1]["roles"][0]["id"]


def account(project, user, password, role_name):
    project_id = call("POST", "/projects", {"project": {"name": project, "domain_id": "default"}},
                      admin)[1]["project"]["id"]
    user_id = call("POST", "/users", {"user": {"name": user, "domain_id": "default", "password": password,
                                               "default_project_id": project_id}}, admin)[1]["user"]["id"]
    call("PUT", f"/projects/{project_id}/users/{user_id}/roles/{role(role_name)}", token=admin)
    return project_id, user_id


swift_password = os.urandom(12).hex()
glance_password = os.urandom(12).hex()
account("service", "swift", swift_password, "admin")
glance_project, glance_user = account("glance", "glance", glance_password, "member")
if object_store_url:
    service = call("POST", "/services", {"service": {"type": "object-store", "name": "swift"}},
                   admin)[1]["service"]["id"]
    for interface in ("public", "internal", "admin"):
        call("POST", "/endpoints", {"endpoint": {"service_id": service, "interface": interface,
                                                 "region_id": "RegionOne", "url": object_store_url}}, admin)
credential = call("POST", f"/users/{glance_user}/application_credentials",
                  {"application_credential": {"name": "glance-store"}},
                  token("glance", glance_password, "glance"))[1]["application_credential"]
print(f"KEYSTONE_SERVICE_USER=swift\nKEYSTONE_SERVICE_PROJECT=service\nKEYSTONE_SERVICE_PASSWORD={swift_password}")
print(f"KEYSTONE_USER=glance\nKEYSTONE_PROJECT=glance\nKEYSTONE_PROJECT_ID={glance_project}")
print(f"KEYSTONE_PASSWORD={glance_password}")
print(f"KEYSTONE_APP_CREDENTIAL_ID={credential['id']}\nKEYSTONE_APP_CREDENTIAL_SECRET={credential['secret']}")
EOF
}

start_keystone() {
    local dir port admin_password url deadline accounts
    start_in "$1" stop_keystone
    "$PYTHON" -c 'import keystone' 2>/dev/null || die "$PYTHON has no keystone module after install"
    rm -rf "${dir:?}"/{etc,run,log,fernet-keys,credential-keys,keystone.db,keystone.env}
    stop_on_failure fail_keystone "$dir"

    port=$(server_ports "${KEYSTONE_PORT:-}" 1)
    url=http://127.0.0.1:$port/v3
    admin_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    write_config "$dir"

    local manage=(keystone-manage --config-file "$dir/etc/keystone.conf")
    "${manage[@]}" db_sync >>"$dir/log/manage.log" 2>&1 || die "db_sync failed"
    # Keystone leaves read transactions open on other connections of its pool, which in sqlite's
    # default journal mode block the next write ("database is locked"); in WAL mode they do not.
    "$PYTHON" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' \
        "$dir/keystone.db"
    "${manage[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" >>"$dir/log/manage.log" 2>&1
    "${manage[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" >>"$dir/log/manage.log" 2>&1
    chmod 700 "$dir/fernet-keys" "$dir/credential-keys"
    "${manage[@]}" bootstrap --bootstrap-password "$admin_password" --bootstrap-region-id "$REGION" \
        --bootstrap-admin-url "$url" --bootstrap-internal-url "$url" --bootstrap-public-url "$url" \
        >>"$dir/log/manage.log" 2>&1 || die "bootstrap failed"

    start_detached "$dir/run/keystone.pid" "$dir/log/keystone-server.log" \
        "$PYTHON" "$dir/etc/launch.py" "$dir/etc/keystone.conf" "$port"

    deadline=$((SECONDS + ${KEYSTONE_START_TIMEOUT:-120}))
    wait_until "$deadline" "an answer from keystone" keystone_answers "$dir" "$url"
    # Creating the accounts takes real password and token requests: the check that Keystone works.
    accounts=$("$PYTHON" "$dir/etc/accounts.py" "$url" "$admin_password" "${KEYSTONE_OBJECT_STORE_URL:-}") \
        || die "creating the test accounts failed"

    write_env "$dir/keystone.env" <<EOF
KEYSTONE_DIR=$dir
KEYSTONE_URL=$url
KEYSTONE_REGION=$REGION
KEYSTONE_ADMIN_PASSWORD=$admin_password
$accounts
EOF
    stop_on_failure
}

# True once Keystone answers; dies at once if its process is gone.
keystone_answers() {
    [ -n "$(owned_pids "$1/" "$1/run/keystone.pid")" ] || die "keystone exited"
    curl -s -f -o /dev/null "$2"
}

keystone_status() {
    local dir=$1 url
    [ -f "$dir/keystone.env" ] || return 1
    [ -n "$(owned_pids "$dir/" "$dir/run/keystone.pid")" ] || return 1
    url=$(sed -n 's/^KEYSTONE_URL=//p' "$dir/keystone.env")
    curl -s -f -o /dev/null "$url"
}

server_main start_keystone stop_keystone keystone_status "$@"
