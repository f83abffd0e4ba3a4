#!/usr/bin/env bash
# Builds the three load-app variants (bare, boot, starter) unless SKIP_BUILD=1.
# Sourced by the benchmark scripts, with ROOT set to the repository root.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "== building the variants"
	# Spring Boot's repackage skips a jar that is already repackaged: remove them, or a change in
	# the starter alone would not reach the jars.
	rm -f "$ROOT"/benchmarks/load-app/*/target/load-*.jar
	(cd "$ROOT" && mvn -B -q ${MAVEN_ARGS:-} -Pbenchmarks \
		-pl benchmarks/load-app/bare,benchmarks/load-app/boot,benchmarks/load-app/starter -am package -Dmaven.test.skip=true)
fi
