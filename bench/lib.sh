# Shared by the bench/run-*.sh scripts: the JVM command line of the critdamp app jar, the machine lock, machine info.
# Source it; it sets ROOT, RESULTS and defines bench_java, locked, machine_info.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="${CRITDAMP_BENCH_RESULTS:-$ROOT/bench/results}"
LOCK=/tmp/critdamp-bench.lock
JAR="$ROOT/spark-jobs/target/critdamp-spark-jobs-app.jar"
PROVIDED_CP="$ROOT/spark-jobs/target/provided-classpath.txt"
EXT="${CRITDAMP_ND4J_EXTENSION:--onednn-avx2}"
OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
mkdir -p "$RESULTS"

# Builds the app jar and the provided classpath when missing.
ensure_built() {
  if [[ ! -f "$JAR" || ! -f "$PROVIDED_CP" ]]; then
    (cd "$ROOT" && mvn -B -q -pl common,spark-jobs -am install -DskipTests \
      && mvn -B -q -pl spark-jobs dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$PROVIDED_CP")
  fi
}

# bench_java HELPERS_DISABLE [extra JVM options...] -- critdamp args...
bench_java() {
  local helpers="$1"; shift
  local jvm=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
  shift
  java -Xmx6g $OPENS -Dorg.eclipse.deeplearning4j.helpers.disable="$helpers" \
    -Dorg.bytedeco.javacpp.platform.extension="$EXT" -Dorg.bytedeco.javacpp.maxbytes=8G \
    -Dorg.bytedeco.javacpp.maxphysicalbytes=16G -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    "${jvm[@]}" -cp "$JAR:${EXTRA_CP:+$EXTRA_CP:}$(cat "$PROVIDED_CP")" critdamp.spark.cli.CritdampMain bench "$@"
}

# native_cp EXTENSION: prints the nd4j-native jar to put on the classpath for that native build (e.g. -onednn-avx512),
# fetching it from Maven Central when missing; prints nothing when the app jar already holds that build.
native_cp() {
  local ext="$1" version="${ND4J_VERSION:-1.0.0-M2.1}"
  if jar tf "$JAR" | sed -n "s|^org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64\([^/]*\)/libjnind4jcpu\.so\$|\1|p" \
      | grep -qx -- "$ext"; then
    return
  fi
  local jar="$HOME/.m2/repository/org/nd4j/nd4j-native/$version/nd4j-native-$version-linux-x86_64$ext.jar"
  [[ -f "$jar" ]] || mvn -B -q dependency:get -Dartifact="org.nd4j:nd4j-native:$version:jar:linux-x86_64$ext" >&2
  echo "$jar"
}

# locked LOGFILE command...: runs the command under the machine lock, logging uptime before and after.
# (flock on a descriptor of the lock file: the same lock as `flock /tmp/critdamp-bench.lock <command>`.)
# The log leaves out Maven's "[INFO]" lines, ND4J's build-info dump and indented stack frames; table rows that start
# with spaces and a number (the attribution ranking) stay.
locked() {
  local log="$1"; shift
  (
    flock 9
    echo "uptime before: $(uptime)"
    "$@"; rc=$?
    echo "uptime after: $(uptime)"
    exit $rc
  ) 9>"$LOCK" 2>&1 | { grep --line-buffered -v -E '^\[|^ +[^0-9 ]|^(GCC|STD|DEFAULT_ENGINE|HAVE_)|^$' || true; } | tee -a "$log"
}

# portable TEXT...: the words, joined by spaces, as a committed record or log shows them: paths under this checkout
# relative to it ("$ROOT/bench/x" -> "bench/x") and under the home directory from "~/" (bench/tta_table.py's
# portable() does the same). bench/results is committed, and no committed file names a machine's absolute path.
portable() {
  local text="$*"
  if (( ${#ROOT} > 1 )); then text="${text//"$ROOT"\//}"; fi
  if (( ${#HOME} > 1 )); then text="${text//"$HOME"\//\~/}"; fi
  printf '%s\n' "$text"
}

# Machine description, once per results file.
machine_info() {
  echo "## machine ($(date -u +%FT%TZ))"
  echo "- cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) cores; memory: $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
  echo "- git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"
}

# mirror_sweep SRC DST: copies a sweep folder's provenance, its points log and each finished run (summary.json written)
# into DST, without checkpoints, charts, claims or earlier attempts: what --resume needs to treat those runs as results
# (a study folder restored from DST resumes without training them again: LrStudyTest). A run already in DST is kept.
mirror_sweep() {
  local src="$1" dst="$2" p name
  [[ -f "$src/run.json" ]] || return 0
  mkdir -p "$dst/points"
  cp "$src/run.json" "$src/points.jsonl" "$dst/" 2>/dev/null || true
  for p in "$src"/points/*/summary.json; do
    [[ -f "$p" ]] || continue
    name="$(basename "$(dirname "$p")")"
    [[ -f "$dst/points/$name/summary.json" ]] && continue
    rm -rf "$dst/points/$name.tmp" && mkdir -p "$dst/points/$name.tmp"
    find "$(dirname "$p")" -maxdepth 1 -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.csv' \) \
      -exec cp {} "$dst/points/$name.tmp/" \;
    rm -rf "$dst/points/$name" && mv "$dst/points/$name.tmp" "$dst/points/$name"
  done
}

# restore_sweep MIRROR DIR: fills a missing sweep folder DIR (no run.json) from its mirror; false when there is nothing
# to restore (DIR holds a sweep, or MIRROR does not).
restore_sweep() {
  local mirror="$1" dir="$2"
  [[ ! -f "$dir/run.json" && -f "$mirror/run.json" ]] || return 1
  mkdir -p "$dir"
  cp -r "$mirror/." "$dir/"
}
