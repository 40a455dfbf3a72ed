#!/usr/bin/env bash
# The whole test suite, real backends included: installs what the integration tests need
# (as root), runs unit and integration tests of every module, then checks what users get:
# consumer projects of the freshly built artifacts resolved with plain Maven under
# dependency-policy.xml, and two clean builds that must give byte-identical artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
./mvnw -B -ntp clean verify -Pintegration "$@"
bash scripts/check-consumers.sh
bash scripts/check-reproducible.sh
