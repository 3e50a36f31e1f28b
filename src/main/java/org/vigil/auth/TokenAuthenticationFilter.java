package org.vigil.auth;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.vigil.web.JsonResponses;

import org.springframework.dao.DataAccessException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SPEC section 3: {@code Authorization: Token <key>}, {@code Bearer <key>} and
 * {@code Bearer Token <key>}. Everything but health, the dashboard's files and the OpenAPI
 * document needs a valid key.
 */
class TokenAuthenticationFilter extends OncePerRequestFilter {

	static final String CALLER = Caller.class.getName();

	static final String CHECK_IN_PATH = "/api/marketplace-integration-statuses/check_in";

	private final Authenticator authenticator;

	TokenAuthenticationFilter(Authenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/") || path.equals("/index.html") || path.equals("/favicon.ico")
				|| path.startsWith("/assets/") || path.equals("/error") || path.startsWith("/api/schema")
				|| path.equals("/actuator/health") || path.startsWith("/actuator/health/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		Optional<String> key = keyIn(header);
		if (key.isEmpty()) {
			unauthorized(response, (header == null || header.isBlank() || !knownScheme(header))
					? "Authentication credentials were not provided." : "Invalid token header.");
			return;
		}
		Optional<Caller> caller;
		try {
			caller = this.authenticator.authenticate(key.get());
		}
		catch (DataAccessException | org.jooq.exception.DataAccessException ex) {
			response.setHeader("Retry-After", "5");
			JsonResponses.detail(response, 503, "The database is unavailable. Try again shortly.");
			return;
		}
		if (caller.isEmpty()) {
			unauthorized(response, "Invalid token.");
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (caller.get().isAgent() && !path.equals(CHECK_IN_PATH)) {
			JsonResponses.detail(response, 403, "This agent token may only be used for check-ins.");
			return;
		}
		if (path.startsWith("/actuator/") && !caller.get().seesAll()) {
			JsonResponses.detail(response, 403, "You do not have permission to perform this action.");
			return;
		}
		request.setAttribute(CALLER, caller.get());
		chain.doFilter(request, response);
	}

	/** The key of a well-formed header in one of the three accepted forms. */
	static Optional<String> keyIn(String header) {
		if (header == null) {
			return Optional.empty();
		}
		String[] parts = header.strip().split("\\s+");
		if (parts.length == 2 && (isScheme(parts[0], "Token") || isScheme(parts[0], "Bearer"))) {
			return Optional.of(parts[1]);
		}
		if (parts.length == 3 && isScheme(parts[0], "Bearer") && isScheme(parts[1], "Token")) {
			return Optional.of(parts[2]);
		}
		return Optional.empty();
	}

	private static boolean knownScheme(String header) {
		String scheme = header.strip().split("\\s+")[0];
		return isScheme(scheme, "Token") || isScheme(scheme, "Bearer");
	}

	private static boolean isScheme(String word, String scheme) {
		return word.equalsIgnoreCase(scheme);
	}

	private static void unauthorized(HttpServletResponse response, String detail) throws IOException {
		response.setHeader("WWW-Authenticate", "Token");
		JsonResponses.detail(response, HttpServletResponse.SC_UNAUTHORIZED, detail);
	}

}
