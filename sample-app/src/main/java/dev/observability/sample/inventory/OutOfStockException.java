package dev.observability.sample.inventory;

/**
 * There is not enough stock for a reservation: a business outcome the application's gRPC
 * exception handler answers with {@code FAILED_PRECONDITION}.
 */
public class OutOfStockException extends RuntimeException {

	OutOfStockException(String item, int requested, int available) {
		super("only " + available + " of " + requested + " x " + item + " in stock");
	}

}
