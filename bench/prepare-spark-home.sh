#!/usr/bin/env bash
# Makes a SPARK_HOME for local-cluster[...] from Maven jars (no Spark distribution here): jars/ holds links to every
# provided-classpath jar plus the critdamp app jar. Prints the folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_built
HOME_DIR="$ROOT/spark-jobs/target/bench-spark-home"
rm -rf "$HOME_DIR/jars"; mkdir -p "$HOME_DIR/jars"
tr ':' '\n' < "$PROVIDED_CP" | while read -r j; do [[ -f "$j" ]] && ln -sf "$j" "$HOME_DIR/jars/"; done
ln -sf "$JAR" "$HOME_DIR/jars/zz-critdamp-app.jar"
echo "$HOME_DIR"
