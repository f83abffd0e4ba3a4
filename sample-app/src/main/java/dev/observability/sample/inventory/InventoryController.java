package dev.observability.sample.inventory;

import java.util.Map;

import dev.observability.sample.inventory.grpc.RestockReply;
import io.grpc.StatusRuntimeException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * REST endpoints backed by the inventory gRPC service, and the translation of gRPC
 * statuses into HTTP statuses for every controller that calls it (the order flow
 * included).
 */
@RestController
@RequestMapping("/api/inventory")
class InventoryController {

	private final InventoryClient inventory;

	InventoryController(InventoryClient inventory) {
		this.inventory = inventory;
	}

	@PostMapping("/{item}/restock")
	Map<String, Object> restock(@PathVariable String item, @RequestParam(defaultValue = "10") int quantity) {
		RestockReply reply = this.inventory.restock(item, quantity);
		return Map.of("item", reply.getItem(), "stock", reply.getStock());
	}

	/**
	 * A failed inventory call answers with the HTTP status closest to its gRPC status.
	 */
	@RestControllerAdvice
	static class GrpcStatusAdvice {

		@ExceptionHandler(StatusRuntimeException.class)
		ResponseEntity<Map<String, String>> grpcStatus(StatusRuntimeException ex) {
			HttpStatus status = switch (ex.getStatus().getCode()) {
				case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
				case FAILED_PRECONDITION -> HttpStatus.CONFLICT;
				case NOT_FOUND -> HttpStatus.NOT_FOUND;
				case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
				case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
				default -> HttpStatus.BAD_GATEWAY;
			};
			String description = (ex.getStatus().getDescription() != null) ? ex.getStatus().getDescription()
					: ex.getStatus().getCode().name();
			return ResponseEntity.status(status)
				.body(Map.of("error", description, "grpcStatus", ex.getStatus().getCode().name()));
		}

	}

}
