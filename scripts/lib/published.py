"""What this project publishes, seen from outside: used by scripts/check-consumers.sh and
scripts/check-reproducible.sh.

  published.py consumers <bom pom> <policy> <out dir> <enforcer version>
      writes one consumer project per artifact the BOM manages (each importing the BOM and
      depending on that artifact alone), one with all of them, one with the BOM alone, and an
      aggregator pom over them; each consumer enforces the policy file on what it resolves.
  published.py versions <parent pom>
      prints the project's version and the enforcer and dependency plugins' versions
  published.py resolved <out dir>
      prints what each consumer resolved (after Maven wrote <consumer>/dependencies.txt)
  published.py release <tree>
      checks a tree built with -Prelease: jar, sources, javadoc (each with the licence and the
      notice) and SBOM of every module the BOM lists
  published.py diff <file> <file>
      names the entries of two jars (or lines of two files) that differ
  published.py check <repository> <group> <version>
      checks what was deployed to <repository> as Maven Central requires it: every pom names
      itself, its licence, developers, scm and issue tracker (inherited ones included, with no
      path appended to the project's URLs), every jar has the licence, the notice and its
      Implementation-Title/-Version, every module an SBOM; and the BOM lists exactly the
      published jars. Prints one line per artifact; exits 1 on any problem.
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
REQUIRED_FROM_CHAIN = ["licenses/m:license/m:name", "developers/m:developer/m:name", "scm/m:url",
                       "scm/m:connection", "issueManagement/m:url"]


def text(element, path):
    found = element.find("m:" + path, NS)
    return found.text.strip() if found is not None and found.text else None


def bom_artifacts(bom_pom):
    root = ET.parse(bom_pom).getroot()
    deps = root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)
    return [(text(d, "groupId"), text(d, "artifactId")) for d in deps]


def consumer_pom(name, group, version, dependencies, policy, enforcer):
    deps = "".join(f"""
    <dependency>
      <groupId>{g}</groupId>
      <artifactId>{a}</artifactId>
    </dependency>""" for g, a in dependencies)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- A user's project: the BOM, {len(dependencies)} glance-store-java artifact(s), nothing else. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>consumer.of.glance-store</groupId>
  <artifactId>{name}</artifactId>
  <version>1</version>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>{group}</groupId>
        <artifactId>glance-store-bom</artifactId>
        <version>{version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>{deps}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-enforcer-plugin</artifactId>
        <version>{enforcer}</version>
        <executions>
          <execution>
            <id>dependency-policy</id>
            <phase>validate</phase>
            <goals>
              <goal>enforce</goal>
            </goals>
            <configuration>
              <rules>
                <externalRules>
                  <location>{policy}</location>
                </externalRules>
              </rules>
            </configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
"""


def consumers(bom_pom, policy, out, enforcer):
    root = ET.parse(bom_pom).getroot()
    group, version = text(root, "groupId"), text(root, "version")
    artifacts = bom_artifacts(bom_pom)
    projects = {"uses-the-bom-alone": []}
    projects.update({"uses-" + a: [(g, a)] for g, a in artifacts})
    projects["uses-everything"] = artifacts
    for name, deps in projects.items():
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, "pom.xml"), "w", encoding="utf-8") as f:
            f.write(consumer_pom(name, group, version, deps, policy, enforcer))
    modules = "".join(f"\n    <module>{name}</module>" for name in projects)
    with open(os.path.join(out, "pom.xml"), "w", encoding="utf-8") as f:
        f.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>consumer.of.glance-store</groupId>
  <artifactId>consumers</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <modules>{modules}
  </modules>
</project>
""")
    print("\n".join(projects))


def newest_file(directory, pattern):
    files = sorted(glob.glob(os.path.join(directory, pattern)))
    return files[-1] if files else None


class Published:
    """The poms and files of one group and version in a repository with Maven's layout."""

    def __init__(self, repository, group, version):
        self.base = os.path.join(repository, *group.split("."))
        self.group, self.version = group, version
        self.poms = {}
        for pom in glob.glob(os.path.join(self.base, "*", version, "*.pom")):
            artifact = pom.split(os.sep)[-3]
            if newest_file(os.path.dirname(pom), "*.pom") == pom:
                self.poms[artifact] = ET.parse(pom).getroot()

    def chain(self, artifact):
        """The pom and its published parents, nearest first."""
        result = [self.poms[artifact]]
        while True:
            parent = result[-1].find("m:parent", NS)
            if parent is None or text(parent, "groupId") != self.group or text(parent, "artifactId") not in self.poms:
                return result
            result.append(self.poms[text(parent, "artifactId")])

    def problems(self, artifact, project_url):
        chain = self.chain(artifact)
        pom, found = chain[0], []
        for field in ["name", "description"]:
            if not text(pom, field):
                found.append(f"names no {field} of its own")
        if len(chain) > 1 and text(pom, "description") == text(chain[1], "description"):
            found.append("repeats its parent's description")
        owner = next((p for p in chain if text(p, "url")), None)
        if owner is None:
            found.append("has no url")
        elif owner is not pom and chain[1].get("child.project.url.inherit.append.path") != "false":
            found.append(f"inherits its url with {artifact} appended to it")
        elif not text(owner, "url").startswith(project_url):
            found.append(f"url {text(owner, 'url')} is not under {project_url}")
        for path in REQUIRED_FROM_CHAIN:
            owner = next((p for p in chain if text(p, path)), None)
            if owner is None:
                found.append(f"has no {path.replace('m:', '')}")
            elif owner is not pom and path.startswith("scm/"):
                scm = owner.find("m:scm", NS)
                attribute = "child.scm." + path.split(":")[-1] + ".inherit.append.path"
                if scm.get(attribute) != "false":
                    found.append(f"inherits {path.replace('m:', '')} with {artifact} appended to it")
        return found

    def jar_problems(self, artifact):
        directory = os.path.join(self.base, artifact, self.version)
        found = []
        if not newest_file(directory, "*-cyclonedx.json"):
            found.append("has no CycloneDX SBOM")
        packaging = text(self.poms[artifact], "packaging") or "jar"
        if packaging != "jar":
            return found
        jar = newest_file(directory, f"{artifact}-*[0-9].jar")
        if not jar:
            return found + ["has no jar"]
        with zipfile.ZipFile(jar) as z:
            names = set(z.namelist())
            for entry in ["META-INF/LICENSE", "META-INF/NOTICE"]:
                if entry not in names:
                    found.append(f"jar lacks {entry}")
            manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8")
            for attribute in ["Implementation-Title", "Implementation-Version"]:
                if attribute + ":" not in manifest:
                    found.append(f"jar manifest lacks {attribute}")
        return found


def check(repository, group, version):
    published = Published(repository, group, version)
    if not published.poms:
        print(f"nothing of {group}:{version} in {repository}")
        return 1
    bom = published.poms.get("glance-store-bom")
    project_url = text(bom, "url") if bom is not None else None
    failures = 0 if bom is not None else 1
    if bom is None:
        print("the BOM was not published")
    for artifact in sorted(published.poms):
        found = published.problems(artifact, project_url or "")
        found += published.jar_problems(artifact)
        failures += bool(found)
        print(f"{'FAIL' if found else 'ok  '} {artifact}" + "".join(f"\n       - {p}" for p in found))
    if bom is not None:
        listed = {a for g, a in [(text(d, "groupId"), text(d, "artifactId")) for d in
                                 bom.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)]}
        jars = {a for a, p in published.poms.items() if (text(p, "packaging") or "jar") == "jar"}
        for missing in sorted(jars - listed):
            print(f"FAIL the BOM does not list the published {missing}")
            failures += 1
        for extra in sorted(listed - jars):
            print(f"FAIL the BOM lists {extra}, which is not published")
            failures += 1
    return 1 if failures else 0


def versions(parent_pom):
    """The project's version and the versions of the enforcer and dependency plugins it uses."""
    root = ET.parse(parent_pom).getroot()
    plugins = {text(p, "artifactId"): text(p, "version")
               for p in root.findall("m:build/m:pluginManagement/m:plugins/m:plugin", NS)}
    print(text(root, "version"), plugins["maven-enforcer-plugin"], plugins["maven-dependency-plugin"])


def resolved(consumers_dir):
    """Prints what each consumer resolved, and in full what the one using everything gets."""
    everything = None
    for listing in sorted(glob.glob(os.path.join(consumers_dir, "*", "dependencies.txt"))):
        name = listing.split(os.sep)[-2]
        artifacts = []
        with open(listing, encoding="utf-8") as f:
            for line in f:
                parts = line.strip().split(" ")[0].split(":")
                if len(parts) >= 5:
                    artifacts.append(parts)
        third_party = [a for a in artifacts if a[0] != "io.glancestore"]
        print(f"{name:34} {len(artifacts) - len(third_party):2} of ours, {len(third_party):2} third-party")
        if name == "uses-everything":
            everything = third_party
    print("\nwhat a project using every artifact resolves beside them (runtime scope):")
    for a in everything or []:
        print(f"  {a[0]}:{a[1]}:{a[3]}")


def release(tree):
    """Checks a release build's tree: every module the BOM lists has its jar, sources, javadoc
    and SBOM, every jar with the licence and the notice."""
    root = ET.parse(os.path.join(tree, "bom", "pom.xml")).getroot()
    version = text(root, "version")
    failures = 0
    for _, artifact in bom_artifacts(os.path.join(tree, "bom", "pom.xml")):
        target = os.path.join(tree, artifact, "target")
        found = []
        for suffix in ["", "-sources", "-javadoc"]:
            jar = os.path.join(target, f"{artifact}-{version}{suffix}.jar")
            if not os.path.isfile(jar):
                found.append(f"no {os.path.basename(jar)}")
                continue
            with zipfile.ZipFile(jar) as z:
                missing = {"META-INF/LICENSE", "META-INF/NOTICE"} - set(z.namelist())
                found += [f"{os.path.basename(jar)} lacks {m}" for m in sorted(missing)]
        if not os.path.isfile(os.path.join(target, "bom.json")):
            found.append("no SBOM (target/bom.json)")
        failures += bool(found)
        print(f"{'FAIL' if found else 'ok  '} {artifact}: jar, sources, javadoc, SBOM"
              + "".join(f"\n       - {p}" for p in found))
    return 1 if failures else 0


def diff(first, second):
    """Names the entries of two archives (or the lines of two files) that differ."""
    if not first.endswith(".jar"):
        with open(first, encoding="utf-8") as a, open(second, encoding="utf-8") as b:
            for n, (x, y) in enumerate(zip(a, b), 1):
                if x != y:
                    print(f"  line {n}: {x.strip()[:100]} | {y.strip()[:100]}")
        return 1
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        entries_a = {i.filename: i for i in a.infolist()}
        entries_b = {i.filename: i for i in b.infolist()}
        for name in sorted(set(entries_a) | set(entries_b)):
            x, y = entries_a.get(name), entries_b.get(name)
            if x is None or y is None:
                print(f"  {name}: only in {'second' if x is None else 'first'}")
            elif (x.CRC, x.date_time, x.external_attr) != (y.CRC, y.date_time, y.external_attr):
                print(f"  {name}: content {x.CRC:08x}/{y.CRC:08x}, time {x.date_time}/{y.date_time}")
        if [i.filename for i in a.infolist()] != [i.filename for i in b.infolist()]:
            print("  entries in a different order")
    return 1


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "consumers":
        consumers(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "versions":
        versions(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "resolved":
        resolved(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "release":
        sys.exit(release(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(*sys.argv[2:]))
    else:
        sys.exit(__doc__)
