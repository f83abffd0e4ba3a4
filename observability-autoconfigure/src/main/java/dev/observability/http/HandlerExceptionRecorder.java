package dev.observability.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Remembers the exception a handler threw, before any resolver turns it into a response,
 * so that the filter can mark the span and report it even when an
 * {@code @ExceptionHandler} answered. It resolves nothing itself.
 */
class HandlerExceptionRecorder implements HandlerExceptionResolver, Ordered {

	/** Request attribute holding the exception the handler threw. */
	public static final String EXCEPTION_ATTRIBUTE = HandlerExceptionRecorder.class.getName() + ".EXCEPTION";

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		request.setAttribute(EXCEPTION_ATTRIBUTE, ex);
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** Returns the exception the handler of this request threw, or {@code null}. */
	static Throwable recorded(HttpServletRequest request) {
		Object exception = request.getAttribute(EXCEPTION_ATTRIBUTE);
		return (exception instanceof Throwable throwable) ? throwable : null;
	}

}
