package dev.observability.sample.inventory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.observability.sample.inventory.grpc.InventoryServiceGrpc;
import dev.observability.sample.inventory.grpc.ReserveReply;
import dev.observability.sample.inventory.grpc.ReserveRequest;
import dev.observability.sample.inventory.grpc.RestockReply;
import dev.observability.sample.inventory.grpc.RestockRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Component;

/**
 * Calls the inventory service through a Spring gRPC channel, so that the starter's client
 * interceptor traces and measures every call. The target is {@code shop.inventory.target}
 * when set; otherwise this application's own gRPC server, at the port it actually bound
 * (which is random in tests). Each call has the deadline {@code shop.inventory.deadline}
 * (2 s unless set).
 */
@Component
public class InventoryClient implements ApplicationListener<GrpcServerStartedEvent> {

	private final GrpcChannelFactory channels;

	private final String target;

	private final long deadlineMillis;

	private volatile InventoryServiceGrpc.InventoryServiceBlockingStub stub;

	InventoryClient(GrpcChannelFactory channels, @Value("${shop.inventory.target:}") String target,
			@Value("${shop.inventory.deadline:2s}") Duration deadline) {
		if (deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("shop.inventory.deadline must be positive, was " + deadline);
		}
		this.channels = channels;
		this.target = target;
		this.deadlineMillis = deadline.toMillis();
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		if (this.target.isEmpty() && this.stub == null) {
			this.stub = InventoryServiceGrpc
				.newBlockingStub(this.channels.createChannel("127.0.0.1:" + event.getPort()));
		}
	}

	/**
	 * Reserves stock for an order.
	 * @param item the item
	 * @param quantity how many
	 * @return what was reserved and what is left
	 * @throws io.grpc.StatusRuntimeException {@code FAILED_PRECONDITION} when out of
	 * stock
	 */
	public ReserveReply reserve(String item, int quantity) {
		return stub().withDeadlineAfter(this.deadlineMillis, TimeUnit.MILLISECONDS)
			.reserve(ReserveRequest.newBuilder().setItem(item).setQuantity(quantity).build());
	}

	/**
	 * Asks for more stock; in this demo the warehouse always times out.
	 * @param item the item
	 * @param quantity how many
	 * @return the new stock level
	 * @throws io.grpc.StatusRuntimeException {@code DEADLINE_EXCEEDED} when the warehouse
	 * times out
	 */
	public RestockReply restock(String item, int quantity) {
		return stub().withDeadlineAfter(this.deadlineMillis, TimeUnit.MILLISECONDS)
			.restock(RestockRequest.newBuilder().setItem(item).setQuantity(quantity).build());
	}

	private InventoryServiceGrpc.InventoryServiceBlockingStub stub() {
		InventoryServiceGrpc.InventoryServiceBlockingStub current = this.stub;
		if (current == null) {
			synchronized (this) {
				if (this.stub == null && !this.target.isEmpty()) {
					this.stub = InventoryServiceGrpc.newBlockingStub(this.channels.createChannel(this.target));
				}
				current = this.stub;
			}
		}
		if (current == null) {
			throw new IllegalStateException("The gRPC server has not started and shop.inventory.target is not set");
		}
		return current;
	}

}
