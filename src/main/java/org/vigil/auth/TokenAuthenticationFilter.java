package org.vigil.auth;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.vigil.web.ApiException;
import org.vigil.web.CredentialsFilter;
import org.vigil.web.RequestPaths;

import org.springframework.dao.DataAccessException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Waldur's {@code Authorization: Token <key>}, {@code Bearer <key>} and
 * {@code Bearer Token <key>}. Everything but health, the dashboard's files and the
 * OpenAPI document needs a valid key. Which is which is decided on the path as routing
 * matches it ({@link RequestPaths}), so no other spelling of a path reaches what its
 * caller may not see.
 */
class TokenAuthenticationFilter extends OncePerRequestFilter implements CredentialsFilter {

	static final String CALLER = Caller.class.getName();

	static final String CHECK_IN_PATH = "/api/marketplace-integration-statuses/check_in";

	private static final ApiException NOT_PROVIDED = ApiException
		.unauthorized("Authentication credentials were not provided.");

	private static final ApiException INVALID_HEADER = ApiException.unauthorized("Invalid token header.");

	private static final ApiException INVALID_TOKEN = ApiException.unauthorized("Invalid token.");

	private static final ApiException AGENT_ONLY = ApiException
		.forbidden("This agent token may only be used for check-ins.");

	/** What String.split("\\s+") would compile on every request. */
	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final Authenticator authenticator;

	private final FailedAuthentications failures;

	TokenAuthenticationFilter(Authenticator authenticator, FailedAuthentications failures) {
		this.authenticator = authenticator;
		this.failures = failures;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return isOpen(RequestPaths.of(request));
	}

	/** Compared exactly: any other spelling needs a key, and routes nowhere anyway. */
	static boolean isOpen(String path) {
		return path.equals("/") || path.equals("/index.html") || path.equals("/alerts.html")
				|| path.equals("/sources.html") || path.equals("/audit.html") || path.equals("/favicon.ico")
				|| path.startsWith("/assets/") || path.equals("/error") || path.equals("/api/schema")
				|| path.startsWith("/api/schema/") || path.equals("/actuator/health")
				|| path.startsWith("/actuator/health/");
	}

	/** In any case: the metrics and the endpoint list are for staff and support. */
	static boolean isActuator(String path) {
		return path.regionMatches(true, 0, "/actuator", 0, 9) && (path.length() == 9 || path.charAt(9) == '/');
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		Optional<String> key = keyIn(header);
		if (key.isEmpty()) {
			boolean none = header == null || header.isBlank() || !knownScheme(header);
			(none ? NOT_PROVIDED : failed(request, INVALID_HEADER)).send(response);
			return;
		}
		Optional<Caller> caller;
		try {
			caller = this.authenticator.authenticate(key.get());
		}
		catch (DataAccessException | org.jooq.exception.DataAccessException ex) {
			ApiException.databaseUnavailable().send(response);
			return;
		}
		if (caller.isEmpty()) {
			failed(request, INVALID_TOKEN).send(response);
			return;
		}
		String path = RequestPaths.of(request);
		if (caller.get().isAgent() && !path.equals(CHECK_IN_PATH)) {
			AGENT_ONLY.send(response);
			return;
		}
		if (isActuator(path) && !caller.get().seesAll()) {
			ApiException.forbidden().send(response);
			return;
		}
		request.setAttribute(CALLER, caller.get());
		chain.doFilter(request, response);
	}

	/**
	 * Counts a bad key against the client's address (the peer's, or the client a trusted
	 * proxy names: RemoteIpValve has put it in place); past the limit, the answer is 429
	 * instead of the 401.
	 */
	private ApiException failed(HttpServletRequest request, ApiException unauthorized) {
		OptionalLong wait = this.failures.failed(request.getRemoteAddr());
		if (wait.isEmpty()) {
			return unauthorized;
		}
		return ApiException.tooManyRequests(wait.getAsLong(),
				"Too many failed authentications from this address. Try again in " + wait.getAsLong() + " seconds.");
	}

	/** The key of a well-formed header in one of the three accepted forms. */
	static Optional<String> keyIn(String header) {
		if (header == null) {
			return Optional.empty();
		}
		String[] parts = WHITESPACE.split(header.strip());
		if (parts.length == 2 && (isScheme(parts[0], "Token") || isScheme(parts[0], "Bearer"))) {
			return Optional.of(parts[1]);
		}
		if (parts.length == 3 && isScheme(parts[0], "Bearer") && isScheme(parts[1], "Token")) {
			return Optional.of(parts[2]);
		}
		return Optional.empty();
	}

	private static boolean knownScheme(String header) {
		String scheme = WHITESPACE.split(header.strip())[0];
		return isScheme(scheme, "Token") || isScheme(scheme, "Bearer");
	}

	private static boolean isScheme(String word, String scheme) {
		return word.equalsIgnoreCase(scheme);
	}

}
