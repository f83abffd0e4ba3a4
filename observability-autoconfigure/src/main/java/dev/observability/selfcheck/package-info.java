/**
 * The starter watches its own pipeline: whether spans reach the exporter, whether log
 * lines written during a request carry a trace id, and whether a Java agent instruments
 * the same requests a second time.
 */
@NullMarked
package dev.observability.selfcheck;

import org.jspecify.annotations.NullMarked;
