package org.vigil.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries, errors included. The policy is the one the
 * dashboard's page declares (its own scripts, styles and images, nothing inline) plus
 * what only a header can say: no framing. Answers are not stored by caches, as most carry
 * what one caller may see; the dashboard's files replace that with {@code no-cache}
 * (spring.web.resources.cache).
 */
final class SecurityHeaders implements Filter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/**
	 * Not a OncePerRequestFilter: an error dispatch may have reset the headers, so they
	 * are set again.
	 */
	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		apply((HttpServletResponse) response);
		chain.doFilter(request, response);
	}

	static void apply(HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
	}

}
