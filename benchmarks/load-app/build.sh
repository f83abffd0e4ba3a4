#!/usr/bin/env bash
# Builds the load-app variants unless SKIP_BUILD=1: the servlet ones (bare, boot, starter), or the
# ones LOAD_MODULES names (comma-separated module paths, e.g. the reactive variants:
# benchmarks/load-app/reactive/bare,benchmarks/load-app/reactive/boot,benchmarks/load-app/reactive/starter).
# Sourced by the benchmark scripts, with ROOT set to the repository root.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "== building the variants"
	# Spring Boot's repackage skips a jar that is already repackaged: remove them, or a change in
	# the starter alone would not reach the jars.
	rm -f "$ROOT"/benchmarks/load-app/*/target/load-*.jar "$ROOT"/benchmarks/load-app/reactive/*/target/load-*.jar
	(cd "$ROOT" && mvn -B -q ${MAVEN_ARGS:-} -Pbenchmarks \
		-pl "${LOAD_MODULES:-benchmarks/load-app/bare,benchmarks/load-app/boot,benchmarks/load-app/starter}" \
		-am package -Dmaven.test.skip=true)
fi
