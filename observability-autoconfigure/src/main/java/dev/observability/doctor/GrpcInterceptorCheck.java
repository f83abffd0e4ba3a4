package dev.observability.doctor;

import java.util.List;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * gRPC services served without the starter's server interceptor are neither measured nor
 * traced at their protocol entry.
 */
public class GrpcInterceptorCheck implements PitfallCheck {

	static final String ID = "grpc.interceptors";

	private static final String STARTER_INTERCEPTOR = "dev.observability.grpc.GrpcServerObservabilityInterceptor";

	private final ListableBeanFactory beanFactory;

	public GrpcInterceptorCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<Finding> check() {
		String[] services = this.beanFactory.getBeanNamesForType(BindableService.class, false, false);
		if (services.length == 0) {
			return List.of(Finding.ok(ID, Pitfall.WRONG_LAYER, "no gRPC services in this application"));
		}
		if (hasStarterInterceptor()) {
			return List.of(Finding.ok(ID, Pitfall.WRONG_LAYER, services.length
					+ " gRPC service(s) measured and traced by the starter's outermost server interceptor"));
		}
		return List.of(Finding.warn(ID, Pitfall.WRONG_LAYER,
				"gRPC services are served without the starter's interceptor, so their calls are neither measured "
						+ "nor traced: " + String.join(", ", services),
				"remove observability.grpc.enabled=false (or observability.grpc.server.enabled=false); a server "
						+ "built by hand needs GrpcObservability.builder(registry).build().instrumentServer(builder)"));
	}

	private boolean hasStarterInterceptor() {
		for (String name : this.beanFactory.getBeanNamesForType(ServerInterceptor.class, false, false)) {
			Class<?> type = this.beanFactory.getType(name);
			if (type != null && type.getName().equals(STARTER_INTERCEPTOR)) {
				return true;
			}
		}
		return false;
	}

}
