package dev.observability.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link BusinessEvents} the starter installs. On the calling thread it only decides
 * and counts: allowlist lookup, name check, sampling, one counter increment, then an
 * offer to a bounded lock-free queue (a full queue is counted as {@code queue_full},
 * never waited for). One daemon thread drains the queue and hands each event to a
 * {@link BusinessEventWriter}.
 * <p>
 * Accounting: every call increments exactly one of {@code business_events_total{event}}
 * (allowed events, and {@code event="OTHER"} for events kept by sampling) and
 * {@code observability_events_dropped_total{reason=not_allowed|sampled_out|invalid_name}}.
 * An event counted in {@code business_events_total} whose log line could not be written
 * is counted again in {@code observability_events_dropped_total{reason="queue_full"}}.
 * <p>
 * Lifecycle: the consumer thread starts with the context and stops late (after the web
 * server), draining the queue for at most the drain timeout; events still queued then,
 * and events recorded after the stop, are counted as {@code queue_full}, and one WARN
 * line says how many.
 */
class BusinessEventRecorder implements BusinessEvents, SmartLifecycle, DisposableBean {

	/**
	 * Stops after the web server (graceful shutdown included), so in-flight requests'
	 * events are written.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(BusinessEventRecorder.class);

	private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final BusinessEventMetrics metrics;

	private final EventNameCheck nameCheck;

	private final NotAllowedAction notAllowedAction;

	private final double sampleRate;

	private final BoundedEventQueue<RecordedEvent> queue;

	private final Duration drainTimeout;

	private final EventSpans spans;

	private final BusinessEventWriter writer;

	private final Counter notAllowed;

	private final Counter sampledOut;

	private final Counter invalidName;

	private final Counter queueFull;

	private final AtomicBoolean callerFailureLogged = new AtomicBoolean();

	private final AtomicLong writeFailures = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	private volatile boolean accepting = true;

	private volatile boolean stopping;

	private volatile @Nullable Thread consumer;

	private volatile boolean running;

	/**
	 * Creates the recorder; {@link #start()} starts its consumer thread.
	 * @param metrics the pre-registered counters (the allowlist is their key set)
	 * @param nameCheck judges names that are not on the allowlist
	 * @param notAllowedAction what happens to valid names that are not on the allowlist
	 * @param sampleRate fraction of not-allowed events kept when sampling, between 0 and
	 * 1
	 * @param queueCapacity events waiting for the consumer at most
	 * @param drainTimeout how long shutdown waits for the queue to be written
	 * @param spans captures the current span on the calling thread
	 * @param writer writes an event on the consumer thread
	 */
	BusinessEventRecorder(BusinessEventMetrics metrics, EventNameCheck nameCheck, NotAllowedAction notAllowedAction,
			double sampleRate, int queueCapacity, Duration drainTimeout, EventSpans spans, BusinessEventWriter writer) {
		this.metrics = metrics;
		this.nameCheck = nameCheck;
		this.notAllowedAction = notAllowedAction;
		this.sampleRate = sampleRate;
		this.queue = new BoundedEventQueue<>(queueCapacity);
		this.drainTimeout = drainTimeout;
		this.spans = spans;
		this.writer = writer;
		this.notAllowed = metrics.dropped(DropReason.NOT_ALLOWED);
		this.sampledOut = metrics.dropped(DropReason.SAMPLED_OUT);
		this.invalidName = metrics.dropped(DropReason.INVALID_NAME);
		this.queueFull = metrics.dropped(DropReason.QUEUE_FULL);
	}

	@Override
	public void record(String event) {
		record(event, null);
	}

	@Override
	public void record(String event, @Nullable Map<String, String> attributes) {
		try {
			Counter allowed = (event != null) ? this.metrics.allowed(event) : null;
			if (allowed != null) {
				allowed.increment();
				enqueue(event, attributes, false);
			}
			else if (!this.nameCheck.isValid(event)) {
				this.invalidName.increment();
			}
			else if (this.notAllowedAction == NotAllowedAction.REJECT) {
				this.notAllowed.increment();
			}
			else if (ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
				this.sampledOut.increment();
			}
			else {
				this.metrics.sampled().increment();
				enqueue(event, attributes, true);
			}
		}
		catch (RuntimeException ex) {
			// Recording must never break the business code that calls it.
			if (this.callerFailureLogged.compareAndSet(false, true)) {
				logger.warn("Recording business event '{}' failed; further failures are not logged", event, ex);
			}
		}
	}

	private void enqueue(String event, @Nullable Map<String, String> attributes, boolean sampled) {
		if (!this.accepting) {
			this.queueFull.increment();
			return;
		}
		RecordedEvent recorded = new RecordedEvent(event, copy(attributes), captureSpan(), System.currentTimeMillis(),
				sampled);
		if (!this.queue.offer(recorded)) {
			this.queueFull.increment();
		}
	}

	private EventSpans.@Nullable CapturedSpan captureSpan() {
		try {
			return this.spans.capture();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Copies the caller's map now: the caller may change or reuse it as soon as record
	 * returns.
	 */
	private static String[] copy(@Nullable Map<String, String> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return RecordedEvent.NO_ATTRIBUTES;
		}
		String[] copy = new String[attributes.size() * 2];
		int i = 0;
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			if (i + 1 >= copy.length) {
				break;
			}
			copy[i++] = String.valueOf(attribute.getKey());
			copy[i++] = String.valueOf(attribute.getValue());
		}
		return (i == copy.length) ? copy : java.util.Arrays.copyOf(copy, i);
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.stopping = false;
			this.accepting = true;
			Thread thread = new Thread(this::drainLoop, "business-events");
			thread.setDaemon(true);
			this.consumer = thread;
			this.running = true;
			thread.start();
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Thread thread = this.consumer;
			if (!this.running || thread == null) {
				return;
			}
			this.accepting = false;
			this.stopping = true;
			LockSupport.unpark(thread);
			try {
				// The consumer gives up at the drain timeout; a writer stuck in a call
				// gets a little longer.
				thread.join(this.drainTimeout.toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			long unwritten = thread.isAlive() ? this.queue.size() : discardRemaining();
			if (unwritten > 0) {
				this.queueFull.increment(unwritten);
				logger.warn(
						"{} business events were not written within the drain timeout of {} ms at shutdown; "
								+ "they are counted in observability_events_dropped_total{reason=\"queue_full\"}",
						unwritten, this.drainTimeout.toMillis());
			}
			this.running = false;
		}
	}

	@Override
	public void destroy() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Events waiting for the consumer thread. */
	public int queued() {
		return this.queue.size();
	}

	/** Capacity of the queue. */
	public int queueCapacity() {
		return this.queue.capacity();
	}

	private void drainLoop() {
		long idlePark = MIN_IDLE_PARK_NANOS;
		while (!this.stopping) {
			RecordedEvent event = this.queue.poll();
			if (event != null) {
				write(event);
				idlePark = MIN_IDLE_PARK_NANOS;
			}
			else {
				// Producers never wake the consumer (an unpark per event would cost
				// callers); it polls with back-off.
				LockSupport.parkNanos(this, idlePark);
				idlePark = Math.min(idlePark * 2, MAX_IDLE_PARK_NANOS);
			}
		}
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		RecordedEvent event;
		while (System.nanoTime() - deadline < 0 && (event = this.queue.poll()) != null) {
			write(event);
		}
	}

	private void write(RecordedEvent event) {
		try {
			this.writer.write(event);
		}
		catch (RuntimeException ex) {
			if (this.writeFailures.getAndIncrement() == 0) {
				logger.warn("Writing business event '{}' failed; further failures are logged at DEBUG", event.name(),
						ex);
			}
			else {
				logger.debug("Writing business event '{}' failed", event.name(), ex);
			}
		}
	}

	/**
	 * Called once the consumer thread has ended: this thread is now the only consumer.
	 */
	private long discardRemaining() {
		long discarded = 0;
		while (this.queue.poll() != null) {
			discarded++;
		}
		return discarded;
	}

}
