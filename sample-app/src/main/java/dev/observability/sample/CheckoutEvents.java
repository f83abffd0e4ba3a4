package dev.observability.sample;

import java.util.Map;

import dev.observability.events.BusinessEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.support.ServletRequestHandledEvent;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The order flow's business events: {@code checkout_submit} when an order is posted,
 * {@code payment_success} when it was placed. Both land on the request's span and log
 * line. Every request also records {@code http_request_handled}, the kind of full-volume
 * framework event the allowlist keeps out (counted as {@code not_allowed}).
 */
@Component
class CheckoutEvents implements HandlerInterceptor, WebMvcConfigurer {

	private final BusinessEvents events;

	CheckoutEvents(BusinessEvents events) {
		this.events = events;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/api/orders");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if ("POST".equals(request.getMethod())) {
			this.events.record("checkout_submit", Map.of("channel", "api"));
		}
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if ("POST".equals(request.getMethod()) && ex == null && response.getStatus() == HttpStatus.CREATED.value()) {
			this.events.record("payment_success", Map.of("channel", "api"));
		}
	}

	@EventListener
	void requestHandled(ServletRequestHandledEvent event) {
		this.events.record("http_request_handled");
	}

}
