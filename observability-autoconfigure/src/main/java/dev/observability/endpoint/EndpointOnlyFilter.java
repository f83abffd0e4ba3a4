package dev.observability.endpoint;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.SecurityFilterChain;

/**
 * Runs the scrape endpoints' {@link SecurityFilterChain} as a plain servlet filter when
 * the application has no Spring Security filter of its own. Every other request passes
 * untouched: no firewall, no security context, nothing the application would notice.
 */
class EndpointOnlyFilter implements Filter {

	private final SecurityFilterChain chain;

	private final Filter[] filters;

	/**
	 * Creates the filter.
	 * @param chain the chain to run for the requests it matches
	 */
	EndpointOnlyFilter(SecurityFilterChain chain) {
		this.chain = chain;
		this.filters = chain.getFilters().toArray(new Filter[0]);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain next)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && this.chain.matches(http)) {
			new VirtualChain(this.filters, next).doFilter(request, response);
			return;
		}
		next.doFilter(request, response);
	}

	private static final class VirtualChain implements FilterChain {

		private final Filter[] filters;

		private final FilterChain next;

		private int position;

		VirtualChain(Filter[] filters, FilterChain next) {
			this.filters = filters;
			this.next = next;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			if (this.position == this.filters.length) {
				this.next.doFilter(request, response);
				return;
			}
			this.filters[this.position++].doFilter(request, response, this);
		}

	}

}
