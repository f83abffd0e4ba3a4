package dev.observability.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Locks a client address out for a while after too many failed attempts within a window.
 * Remembers at most a fixed number of addresses, forgetting the least recently seen
 * first.
 */
public class ClientLockout {

	/** A lock-out that never locks anyone out. */
	public static final ClientLockout NONE = new ClientLockout(Integer.MAX_VALUE, Duration.ofNanos(1),
			Duration.ofNanos(1), 1, System::nanoTime);

	private final int maxFailures;

	private final long windowNanos;

	private final long durationNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Client> clients;

	/**
	 * Creates a lock-out.
	 * @param maxFailures failed attempts within the window that lock an address out
	 * @param window the window in which failed attempts are counted
	 * @param duration how long an address stays locked out
	 * @param maxClients how many addresses are remembered at most
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	public ClientLockout(int maxFailures, Duration window, Duration duration, int maxClients, LongSupplier nanoTime) {
		this.maxFailures = maxFailures;
		this.windowNanos = window.toNanos();
		this.durationNanos = duration.toNanos();
		this.nanoTime = nanoTime;
		this.clients = new LinkedHashMap<>(16, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
				return size() > maxClients;
			}

		};
	}

	/**
	 * How long the address stays locked out.
	 * @param address the client address
	 * @return the time left, zero when the address may try
	 */
	public synchronized Duration lockedFor(String address) {
		Client client = this.clients.get(address);
		if (client == null || !client.locked) {
			return Duration.ZERO;
		}
		long left = client.lockedUntil - this.nanoTime.getAsLong();
		if (left <= 0) {
			this.clients.remove(address);
			return Duration.ZERO;
		}
		return Duration.ofNanos(left);
	}

	/**
	 * Records a failed attempt.
	 * @param address the client address
	 * @return true when this attempt locked the address out
	 */
	public synchronized boolean recordFailure(String address) {
		long now = this.nanoTime.getAsLong();
		Client client = this.clients.get(address);
		if (client != null && client.locked) {
			return false;
		}
		if (client == null || now - client.windowStart > this.windowNanos) {
			client = new Client(now);
			this.clients.put(address, client);
		}
		client.failures++;
		if (client.failures >= this.maxFailures) {
			client.locked = true;
			client.lockedUntil = now + this.durationNanos;
			return true;
		}
		return false;
	}

	/**
	 * Forgets the failed attempts of an address that has just authenticated.
	 * @param address the client address
	 */
	public synchronized void recordSuccess(String address) {
		this.clients.remove(address);
	}

	/**
	 * How many addresses are remembered now.
	 * @return the size of the address table
	 */
	public synchronized int size() {
		return this.clients.size();
	}

	private static final class Client {

		private final long windowStart;

		private int failures;

		private boolean locked;

		private long lockedUntil;

		Client(long windowStart) {
			this.windowStart = windowStart;
		}

	}

}
