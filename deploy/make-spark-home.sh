#!/usr/bin/env bash
# Makes a Spark "distribution" from the project's own Maven jars, for machines with no Spark installed:
#   deploy/make-spark-home.sh DIR
# DIR/jars links every jar of a Spark 3.5.9 distribution (Hadoop 3 client, Scala 2.12, YARN support), as resolved by
# the build (deploy/target/spark-classpath.txt), DIR/RELEASE marks it as a distribution (Spark's launcher and standalone workers look for it), and
# DIR/bin/spark-submit does what Spark's own bin/spark-submit does: org.apache.spark.launcher.Main builds the driver's
# java command (memory, extraJavaOptions, Java 17 module options) for org.apache.spark.deploy.SparkSubmit, then runs it.
# A standalone cluster starts from the same jars:
#   java -cp "DIR/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077
#   SPARK_HOME=DIR SPARK_SCALA_VERSION=2.12 java -cp "DIR/jars/*" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077
# Then: SPARK_HOME=DIR deploy/spark-submit-secure.sh --master spark://127.0.0.1:7077 train ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:?usage: $0 DIR (the Spark home to create)}"
CP_FILE="${CRITDAMP_SPARK_CLASSPATH:-$ROOT/deploy/target/spark-classpath.txt}"
# Resolved again when missing, or older than the poms that list the jars (a Spark home without a jar added since,
# spark-yarn say, would fail later and far from here).
if [[ ! -f "$CP_FILE" ]] || [[ -z "${CRITDAMP_SPARK_CLASSPATH:-}" \
    && ( "$ROOT/deploy/pom.xml" -nt "$CP_FILE" || "$ROOT/pom.xml" -nt "$CP_FILE" ) ]]; then
  echo "make-spark-home: resolving Spark's jars (mvn -f deploy/pom.xml generate-resources)..." >&2
  mvn -B -q -f "$ROOT/deploy/pom.xml" generate-resources >&2
fi
mkdir -p "$DIR/jars" "$DIR/bin" "$DIR/conf"
find "$DIR/jars" -maxdepth 1 -type l -delete
{ tr ":" "\n" < "$CP_FILE"; echo; } | while read -r jar; do
  [[ -f "$jar" ]] && ln -sf "$jar" "$DIR/jars/"
done
: > "$DIR/RELEASE"
cat > "$DIR/bin/spark-submit" <<'SHIM'
#!/usr/bin/env bash
# spark-submit of a Spark home made by critdamp's deploy/make-spark-home.sh: Spark's launcher builds the command.
set -euo pipefail
export SPARK_HOME="${SPARK_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The launcher prints the command NUL-separated; its exit status follows as one more field (as in Spark's spark-class).
mapfile -d '' CMD < <("$JAVA" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \
                      org.apache.spark.deploy.SparkSubmit "$@"; printf '%d\0' $?)
LAST=$(( ${#CMD[@]} - 1 ))
STATUS="${CMD[$LAST]}"
[[ "$STATUS" == 0 ]] || exit "$STATUS"
# The command follows a "\0\n" start marker (anything the launcher printed before it is a message for the user).
START=0
while (( START < LAST )) && [[ "${CMD[$START]}" != *$'\n' && "${CMD[$((START + 1))]:-}" != $'\n'* ]]; do
  START=$(( START + 1 ))
done
ARGS=("${CMD[@]:$((START + 1)):$((LAST - START - 1))}")
ARGS[0]="${ARGS[0]#$'\n'}"
exec "${ARGS[@]}"
SHIM
chmod +x "$DIR/bin/spark-submit"
echo "$DIR"
