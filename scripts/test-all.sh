#!/usr/bin/env bash
# The whole test suite, real backends included: installs what the integration tests need
# (as root), then runs unit and integration tests of every module.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
./mvnw -B -ntp verify -Pintegration "$@"
