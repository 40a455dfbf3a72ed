#!/usr/bin/env bash
# Checks by hand that the glance-api of glance-api.sh serves what the Glance tests rely on, with
# the plain HTTP requests a client sends (a reference for writing one):
#   1. create + upload + download on the file store and on the rbd store, Glance's checksum
#   2. an rbd image made outside Glance, registered by a location with validation_data (PATCH)
#   3. copy-image import from one store into two others
#   4. DELETE /v2/stores/<store>/<id>, then the download is served from the other stores
#   5. what Glance refuses: file:// locations, the last location, the only store's data
#
#   check.sh <dir>   uses the glance-api running in <dir>, or starts one there and stops it after
#
# Prints one line per check and exits 1 at the first that fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=../lib/server.sh
. "$here/../lib/server.sh"

[ $# -eq 1 ] || die "usage: check.sh <dir>"
dir=$1
started= work=
cleanup() {
    [ -z "$work" ] || rm -rf "$work"
    [ -z "$started" ] || bash "$here/glance-api.sh" stop "$dir"
}
trap cleanup EXIT
if ! bash "$here/glance-api.sh" status "$dir" 2>/dev/null; then
    bash "$here/glance-api.sh" start "$dir" >/dev/null
    started=1
fi
dir=$(cd "$dir" && pwd -P)
set -a
# shellcheck disable=SC1091
. "$dir/glance.env"
set +a

# Without Keystone, Glance takes the caller's identity from these headers (see glance-api.sh).
identity=(-H 'X-Identity-Status: Confirmed' -H 'X-Roles: admin'
    -H 'X-Project-Id: 0123456789abcdef0123456789abcdef' -H 'X-User-Id: fedcba9876543210fedcba9876543210')
patch_type='Content-Type: application/openstack-images-v2.1-json-patch'

api() { curl -s -f "${identity[@]}" "$@"; }
# status <expected code> <curl arguments>...: the request answers that code.
status() {
    local expected=$1 code
    shift
    code=$(http_code "${identity[@]}" "$@")
    [ "$code" = "$expected" ] || die "$* answered $code, not $expected"
}
field() { /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
ok() { echo "ok   $*"; }
rbd_admin() { rbd --conf "$CEPH_CONF" --keyring "$CEPH_KEYRING" --name "client.$CEPH_USER" "$@"; }

new_image() {
    api -H 'Content-Type: application/json' -X POST "$GLANCE_URL/v2/images" \
        -d "{\"name\": \"$1\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}" | field '["id"]'
}

# Waits until the image is in the stores given (comma-separated, Glance's order). The POST
# answers 202 before the task has even set os_glance_importing_to_stores, so an empty pending
# list does not mean done; a store in os_glance_failed_import means failed.
wait_copied() {
    local deadline=$((SECONDS + 120)) image
    while :; do
        image=$(api "$GLANCE_URL/v2/images/$1")
        [ -z "$(field '.get("os_glance_failed_import", "")' <<<"$image")" ] || die "copy-image of $1 failed"
        [ "$(field '["stores"]' <<<"$image")" != "$2" ] || return 0
        [ "$SECONDS" -lt "$deadline" ] || die "copy-image of $1 did not end in time"
        sleep 0.2
    done
}

work=$(mktemp -d "$dir/check.XXXXXX")
head -c $((20 * 1048576 + 7)) /dev/urandom >"$work/image"
md5=$(md5sum "$work/image" | cut -d' ' -f1)
sha=$(sha512sum "$work/image" | cut -d' ' -f1)

# 1. Upload and download through Glance; X-Image-Meta-Store picks the store.
for store in local ceph; do
    id=$(new_image "upload-$store")
    status 204 -X PUT -H 'Content-Type: application/octet-stream' -H "X-Image-Meta-Store: $store" \
        --data-binary @"$work/image" "$GLANCE_URL/v2/images/$id/file"
    image=$(api "$GLANCE_URL/v2/images/$id")
    [ "$(field '["checksum"]' <<<"$image")" = "$md5" ] || die "Glance's checksum of $id differs"
    [ "$(field '["os_hash_value"]' <<<"$image")" = "$sha" ] || die "Glance's os_hash_value of $id differs"
    [ "$(field '["stores"]' <<<"$image")" = "$store" ] || die "$id is not in store $store"
    api "$GLANCE_URL/v2/images/$id/file" | cmp -s - "$work/image" || die "download of $id differs"
    ok "upload and download on store $store ($(field '["locations"][0]["url"]' <<<"$image"))"
    [ "$store" = local ] && file_image=$id
done

# 2. An rbd image written outside Glance (as the SDK writes it: image, snapshot 'snap', protected),
# then registered; Glance keeps the validation data as the image's checksum and hash.
id=$(new_image registered)
rbd_admin import --no-progress --object-size 8M "$work/image" "$CEPH_POOL/$id"
rbd_admin snap create --no-progress "$CEPH_POOL/$id@snap"
rbd_admin snap protect "$CEPH_POOL/$id@snap"
api -H "$patch_type" -X PATCH "$GLANCE_URL/v2/images/$id" -o /dev/null -d "[{\"op\": \"add\", \"path\": \"/locations/-\",
    \"value\": {\"url\": \"rbd://$CEPH_FSID/$CEPH_POOL/$id/snap\", \"metadata\": {\"store\": \"ceph\"},
    \"validation_data\": {\"checksum\": \"$md5\", \"os_hash_algo\": \"sha512\", \"os_hash_value\": \"$sha\"}}}]"
image=$(api "$GLANCE_URL/v2/images/$id")
[ "$(field '["status"]' <<<"$image") $(field '["checksum"]' <<<"$image")" = "active $md5" ] || die "registered $id is not active with our checksum"
api "$GLANCE_URL/v2/images/$id/file" | cmp -s - "$work/image" || die "download of registered $id differs"
ok "rbd location with validation_data added; size $(field '["size"]' <<<"$image") read from the backend"

# 3. copy-image from the file store into the other file store and the rbd store.
status 202 -H 'Content-Type: application/json' -X POST "$GLANCE_URL/v2/images/$file_image/import" \
    -d '{"method": {"name": "copy-image"}, "stores": ["other", "ceph"], "all_stores_must_succeed": true}'
wait_copied "$file_image" local,other,ceph
ok "copy-image local -> other, ceph"

# 4. Deleting the data from one store; the image is served from the others.
status 204 -X DELETE "$GLANCE_URL/v2/stores/local/$file_image"
[ ! -e "$GLANCE_STORE_LOCAL_DIR/$file_image" ] || die "the local store still holds $file_image"
api "$GLANCE_URL/v2/images/$file_image/file" | cmp -s - "$work/image" || die "download of $file_image differs"
ok "DELETE /v2/stores/local/<id>; served from $(api "$GLANCE_URL/v2/images/$file_image" | field '["stores"]')"

# 5. What Glance refuses.
status 400 -H "$patch_type" -X PATCH "$GLANCE_URL/v2/images/$(new_image refused)" \
    -d '[{"op": "add", "path": "/locations/-", "value": {"url": "file:///etc/hostname", "metadata": {}}}]'
status 404 -X DELETE "$GLANCE_URL/v2/stores/local/$file_image"
status 204 -X DELETE "$GLANCE_URL/v2/stores/ceph/$file_image"
status 403 -X DELETE "$GLANCE_URL/v2/stores/other/$file_image"
status 403 -H "$patch_type" -X PATCH "$GLANCE_URL/v2/images/$id" -d '[{"op": "remove", "path": "/locations/0"}]'
[ "$(http_code "$GLANCE_URL/v2/images")" = 401 ] || die "a request without identity headers was not refused"
ok "refused: file:// location 400, store without the data 404, only store 403, last location 403, no identity 401"
