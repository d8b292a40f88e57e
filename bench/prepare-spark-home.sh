#!/usr/bin/env bash
# Makes a SPARK_HOME for local-cluster[...] from Maven jars (no Spark distribution here): the distribution's jars
# (deploy/make-spark-home.sh) plus the critdamp app jar, since local-cluster executors load classes from jars/.
# Prints the folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
HOME_DIR="$ROOT/spark-jobs/target/bench-spark-home"
"$ROOT/deploy/make-spark-home.sh" "$HOME_DIR" >/dev/null
ln -sf "$JAR" "$HOME_DIR/jars/zz-critdamp-app.jar"
echo "$HOME_DIR"
