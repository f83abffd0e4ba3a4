package dev.observability.selfcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import dev.observability.core.BoundedLabelValues;
import dev.observability.core.LabelNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Counts log events by level and by whether they carry a trace id
 * ({@code observability_log_events_total{level,trace}}), and, for the pitfall report, the
 * lines written while work was in progress (a request, a gRPC call, a message or a task
 * carrying their MDC on this thread, or any server or consumer span open in the process
 * while a thread started after startup writes) and which of them had no trace id, with
 * the loggers and threads that wrote those.
 * <p>
 * Counting a line with a trace id is two {@link LongAdder} adds and allocates nothing; a
 * line without one while work is in progress also updates a per-logger and a per-thread
 * tally (kept at a bounded number of names).
 */
public class LogTraceCoverage implements MeterBinder {

	/** Micrometer name of {@code observability_log_events_total}. */
	public static final String EVENTS = "observability.log.events";

	/** Log levels, in the order of their index. */
	static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

	/** How many distinct logger and thread names are tallied; later ones are OTHER. */
	static final int MAX_SOURCES = 100;

	private final LongAdder[] events = new LongAdder[LEVELS.size() * 2];

	private final LongAdder inProgress = new LongAdder();

	private final LongAdder inProgressWithoutTrace = new LongAdder();

	private final Map<String, LongAdder> byLogger = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> byThread = new ConcurrentHashMap<>();

	private final BoundedLabelValues loggers = new BoundedLabelValues("logger", MAX_SOURCES);

	private final BoundedLabelValues threads = new BoundedLabelValues("thread", MAX_SOURCES);

	private final BooleanSupplier entrySpansOpen;

	/**
	 * Whether the application has started: until then no line counts by the open spans.
	 */
	private volatile boolean startupCompleted;

	/** Threads that were alive when the application became ready: background threads. */
	private final Set<Thread> startupThreads = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/**
	 * Creates the tally.
	 * @param entrySpansOpen whether a server or consumer span is open anywhere in the
	 * process, for lines whose thread carries no entry's MDC
	 */
	public LogTraceCoverage(BooleanSupplier entrySpansOpen) {
		this.entrySpansOpen = entrySpansOpen;
		for (int i = 0; i < this.events.length; i++) {
			this.events[i] = new LongAdder();
		}
	}

	/**
	 * Counts one log event.
	 * @param level index into {@link #LEVELS}
	 * @param traced whether the event carries a trace id
	 * @param entryOnThread whether the writing thread carries the MDC of a request, call,
	 * message or task
	 * @param logger the logger's name
	 * @param thread the writing thread's name; may be {@code null} for a line with a
	 * trace id, where it is not used
	 */
	public void record(int level, boolean traced, boolean entryOnThread, String logger, @Nullable String thread) {
		this.events[level * 2 + (traced ? 0 : 1)].increment();
		if (!this.startupCompleted) {
			// Startup lines never count, not even those of a request that arrived before
			// the application was ready (a health check that polls for it).
			return;
		}
		if (traced) {
			this.inProgress.increment();
			return;
		}
		if (entryOnThread || (this.entrySpansOpen.getAsBoolean() && !isStartupThread())) {
			this.inProgress.increment();
			this.inProgressWithoutTrace.increment();
			tally(this.byLogger, this.loggers.bound(logger));
			tally(this.byThread, this.threads.bound(threadGroup(thread)));
		}
	}

	/**
	 * Remembers the threads alive now (the application has started) as background
	 * threads: a line they write without a request's MDC does not count against the
	 * coverage even while requests are in progress (the span exporter's worker,
	 * schedulers and pools created at startup). Threads started later, such as a raw
	 * {@code new Thread} in a request, still count.
	 */
	public void startupComplete() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() * 2 + 16];
		int count = root.enumerate(threads, true);
		for (int i = 0; i < count; i++) {
			this.startupThreads.add(threads[i]);
		}
		this.startupCompleted = true;
	}

	/**
	 * Whether the current thread was alive at startup. Called on the logging thread
	 * (Logback calls appenders synchronously), only for a line without a trace id or a
	 * request's MDC.
	 */
	private boolean isStartupThread() {
		return this.startupThreads.contains(Thread.currentThread());
	}

	/**
	 * Lines with a trace id (written inside a span, so while work was in progress) plus
	 * lines without one written while work was in progress: the base of the share.
	 */
	public long linesInProgress() {
		return this.inProgress.sum();
	}

	/** Lines without a trace id written while work was in progress. */
	public long linesWithoutTrace() {
		return this.inProgressWithoutTrace.sum();
	}

	/**
	 * The loggers that wrote most lines without a trace id while work was in progress.
	 * @param limit how many
	 * @return name and count, most first
	 */
	public List<Map.Entry<String, Long>> topLoggers(int limit) {
		return top(this.byLogger, limit);
	}

	/**
	 * The threads (numbers folded, {@code pool-1-thread-*}) that wrote most lines without
	 * a trace id while work was in progress.
	 * @param limit how many
	 * @return name and count, most first
	 */
	public List<Map.Entry<String, Long>> topThreads(int limit) {
		return top(this.byThread, limit);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (int level = 0; level < LEVELS.size(); level++) {
			counter(registry, LEVELS.get(level), "present", this.events[level * 2]);
			counter(registry, LEVELS.get(level), "absent", this.events[level * 2 + 1]);
		}
	}

	private static void counter(MeterRegistry registry, String level, String trace, LongAdder count) {
		FunctionCounter.builder(EVENTS, count, LongAdder::sum)
			.description("Log events written, by level and by whether they carry a trace id")
			.tag("level", level)
			.tag("trace", trace)
			.register(registry);
	}

	/**
	 * A thread's name with its numbers folded: {@code pool-1-thread-7} and
	 * {@code pool-1-thread-8} are one source, {@code Thread-12} is {@code Thread-*}.
	 */
	static String threadGroup(@Nullable String thread) {
		if (thread == null) {
			return LabelNames.OTHER;
		}
		int end = thread.length();
		while (end > 0 && Character.isDigit(thread.charAt(end - 1))) {
			end--;
		}
		return (end == thread.length()) ? thread : thread.substring(0, end) + "*";
	}

	private static void tally(Map<String, LongAdder> counts, String name) {
		LongAdder count = counts.get(name);
		if (count == null) {
			count = counts.computeIfAbsent(name, (key) -> new LongAdder());
		}
		count.increment();
	}

	private static List<Map.Entry<String, Long>> top(Map<String, LongAdder> counts, int limit) {
		List<Map.Entry<String, Long>> entries = new ArrayList<>();
		counts.forEach((name, count) -> entries.add(Map.entry(name, count.sum())));
		entries
			.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed().thenComparing(Map.Entry::getKey));
		return (entries.size() > limit) ? List.copyOf(entries.subList(0, limit)) : List.copyOf(entries);
	}

	/**
	 * The level index of a level name.
	 * @param level {@code INFO}, {@code warn}, ...
	 * @return its index, or -1 when it is none of the five
	 */
	static int levelIndex(String level) {
		return LEVELS.indexOf(level.toLowerCase(Locale.ROOT));
	}

}
