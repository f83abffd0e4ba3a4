package dev.observability.sample.inventory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.observability.sample.inventory.grpc.InventoryServiceGrpc;
import dev.observability.sample.inventory.grpc.ReserveReply;
import dev.observability.sample.inventory.grpc.ReserveRequest;
import dev.observability.sample.inventory.grpc.RestockReply;
import dev.observability.sample.inventory.grpc.RestockRequest;
import dev.observability.sample.inventory.grpc.StockLevel;
import dev.observability.sample.inventory.grpc.WatchRequest;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The inventory gRPC service. It contains no observability code: the starter's
 * interceptors measure, trace and log-correlate every call.
 */
@Service
class InventoryService extends InventoryServiceGrpc.InventoryServiceImplBase {

	/** Stock every item starts with. */
	static final int INITIAL_STOCK = 1_000;

	private static final Logger logger = LoggerFactory.getLogger(InventoryService.class);

	private final Map<String, Integer> stock = new ConcurrentHashMap<>();

	private final Warehouse warehouse;

	InventoryService(Warehouse warehouse) {
		this.warehouse = warehouse;
	}

	@Override
	public void reserve(ReserveRequest request, StreamObserver<ReserveReply> responses) {
		if (request.getQuantity() < 1) {
			throw new IllegalArgumentException("quantity must be at least 1");
		}
		int remaining = this.stock.compute(request.getItem(), (item, current) -> {
			int available = (current != null) ? current : INITIAL_STOCK;
			if (available < request.getQuantity()) {
				throw new OutOfStockException(item, request.getQuantity(), available);
			}
			return available - request.getQuantity();
		});
		logger.info("Reserved {} x {}, {} left", request.getQuantity(), request.getItem(), remaining);
		responses.onNext(ReserveReply.newBuilder()
			.setItem(request.getItem())
			.setReserved(request.getQuantity())
			.setRemaining(remaining)
			.build());
		responses.onCompleted();
	}

	@Override
	public void restock(RestockRequest request, StreamObserver<RestockReply> responses) {
		logger.info("Asking the warehouse for {} x {}", request.getQuantity(), request.getItem());
		int delivered = this.warehouse.order(request.getItem(), request.getQuantity());
		int now = this.stock.compute(request.getItem(),
				(item, current) -> ((current != null) ? current : INITIAL_STOCK) + delivered);
		responses.onNext(RestockReply.newBuilder().setItem(request.getItem()).setStock(now).build());
		responses.onCompleted();
	}

	@Override
	public void watchStock(WatchRequest request, StreamObserver<StockLevel> responses) {
		int level = this.stock.getOrDefault(request.getItem(), INITIAL_STOCK);
		for (int i = 0; i < Math.max(1, request.getUpdates()); i++) {
			responses.onNext(StockLevel.newBuilder().setItem(request.getItem()).setStock(level).build());
		}
		responses.onCompleted();
	}

}
