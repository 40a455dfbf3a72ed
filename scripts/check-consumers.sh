#!/usr/bin/env bash
# What a user resolves is what this build tests. Deploys the freshly built artifacts to a
# throwaway repository (nothing is installed: the local repository is only read), checks them as
# Maven Central would (scripts/lib/published.py), then resolves, with plain Maven and nothing of
# this build's configuration, one consumer project per artifact the BOM lists (each importing the
# BOM and depending on that artifact alone), one with all of them and one with the BOM alone,
# each under dependency-policy.xml: a banned, vulnerable or non-converging version fails it.
#
#   scripts/check-consumers.sh [--keep]
#
# --keep leaves the throwaway folder (repositories, consumer projects, dependency lists) and
# prints where it is. Maven for the consumers: `mvn` from PATH (Debian's, as a user has it),
# else this project's wrapper; MVN=... picks another. Needs python3 and network access to
# Maven Central for what the local repository lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

# shellcheck source=lib/checks.sh
. scripts/lib/checks.sh
throwaway_work_dir consumers "${1:-}"

mvn_cmd=${MVN:-$(command -v mvn || echo "$root/mvnw")}
local_repo=$(build_local_repository)
read -r version enforcer dependency < <(python3 scripts/lib/published.py versions pom.xml)

log "deploying the build to a throwaway repository"
./mvnw -B -ntp -q deploy -DskipTests -Dmaven.install.skip=true \
    -DaltDeploymentRepository="fresh::file://$work/published"

log "checking the published artifacts"
python3 scripts/lib/published.py check "$work/published" io.glancestore "$version"

# The consumers resolve our artifacts from the throwaway repository, everything else from Maven
# Central; the local repository serves as a read-only cache of Central, so that nothing is
# downloaded twice. Their own local repository is throwaway too.
cat >"$work/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>consumers</id>
      <repositories>
        <repository>
          <id>glance-store-fresh</id>
          <url>file://$work/published</url>
          <releases><enabled>false</enabled></releases>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
        <repository>
          <id>central-cache</id>
          <url>file://$local_repo</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>central-cache</id>
          <url>file://$local_repo</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>consumers</activeProfile>
  </activeProfiles>
</settings>
EOF
projects=$(python3 scripts/lib/published.py consumers bom/pom.xml "$root/dependency-policy.xml" \
    "$work/consumers" "$enforcer")
log "resolving $(echo "$projects" | wc -l) consumer projects with $("$mvn_cmd" -B -v -Dstyle.color=never | head -1)"
(cd "$work/consumers" && "$mvn_cmd" -B -ntp -q -Dstyle.color=never -s "$work/settings.xml" -Dmaven.repo.local="$work/local" \
    validate "org.apache.maven.plugins:maven-dependency-plugin:$dependency:list" \
    -DoutputFile=dependencies.txt -DincludeScope=runtime -Dsort=true)
python3 scripts/lib/published.py resolved "$work/consumers"
