package dev.observability.sample.inventory;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

import org.springframework.stereotype.Component;

/**
 * The warehouse system behind restocking. In this demo it never answers in time: every
 * request ends in a read timeout, as a slow dependency does.
 */
@Component
class Warehouse {

	int order(String item, int quantity) {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new UncheckedIOException("warehouse did not answer for " + item,
				new SocketTimeoutException("Read timed out"));
	}

}
