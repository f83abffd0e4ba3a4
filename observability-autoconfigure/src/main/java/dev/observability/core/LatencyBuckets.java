package dev.observability.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The default latency histogram buckets of every request and call duration the starter
 * records, so that HTTP, gRPC and outbound calls can be compared bucket for bucket.
 */
public final class LatencyBuckets {

	private LatencyBuckets() {
	}

	/**
	 * The default buckets: 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, 1s, 2.5s, 5s and
	 * 10s.
	 * @return a new, modifiable list of them
	 */
	public static List<Duration> defaults() {
		return new ArrayList<>(List.of(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
				Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
				Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)));
	}

}
