package org.vigil.web;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.springframework.web.util.UriComponents;

/**
 * Answers 400 (415 for a content type) to what the layers behind it would misread or fail
 * on, before any of them reads the request: paths in forms that routing and authorisation
 * could disagree about (Spring Security's StrictHttpFirewall: ';', encoded '/', '\', '%'
 * or '.', empty, '.' or '..' segments), a query string the container cannot decode, a
 * Content-Type that is no media type, and forwarding headers that make no URL.
 */
class MalformedRequestFilter extends OncePerRequestFilter {

	private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+");

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

	private static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
			"X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Prefix", "X-Forwarded-For");

	private final StrictHttpFirewall firewall = new StrictHttpFirewall();

	private final int maxParameters;

	private final boolean forwarding;

	/**
	 * @param maxParameters the container's limit on query parameters
	 * @param forwarding whether forwarding headers are applied
	 * (server.forward-headers-strategy=framework)
	 */
	MalformedRequestFilter(int maxParameters, boolean forwarding) {
		this.maxParameters = maxParameters;
		this.forwarding = forwarding;
		// Any method reaches Spring MVC, which answers 405 with Allow.
		this.firewall.setUnsafeAllowAnyHttpMethod(true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ApiException rejection = path(request);
		if (rejection == null) {
			rejection = QueryStrings.check(request.getQueryString(), this.maxParameters);
		}
		if (rejection == null) {
			rejection = contentType(request);
		}
		if (rejection == null && this.forwarding) {
			rejection = forwarding(request);
		}
		if (rejection != null) {
			rejection.send(response);
			return;
		}
		chain.doFilter(request, response);
	}

	private ApiException path(HttpServletRequest request) {
		try {
			// Only its checks: the wrapper it returns would check headers and parameters
			// lazily, mid-request.
			this.firewall.getFirewalledRequest(request);
			RequestPaths.of(request);
			return null;
		}
		catch (RequestRejectedException ex) {
			Matcher quoted = QUOTED.matcher(String.valueOf(ex.getMessage()));
			return ApiException.invalidRequest("The request path is not accepted"
					+ (quoted.find() ? ": it contains \"" + quoted.group(1) + "\"" : "")
					+ ". Send the plain path: no ';', '\\', '//', encoded '/', '\\', '%' or '.', no '.' or '..' "
					+ "segments, printable ASCII only.");
		}
		catch (IllegalArgumentException ex) {
			return ApiException.invalidRequest("The request path has a malformed percent-encoding.");
		}
	}

	private static ApiException contentType(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return null;
		}
		try {
			MediaType media = MediaType.parseMediaType(type);
			media.getCharset();
			if (media.isConcrete()) {
				return null;
			}
		}
		catch (IllegalArgumentException ex) {
			// InvalidMediaTypeException, or a charset that does not exist: answered below
		}
		return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Unsupported media type \"" + type + "\" in request. Send application/json.");
	}

	/**
	 * What Spring's ForwardedHeaderFilter will make of the forwarding headers, checked
	 * before it runs.
	 */
	private static ApiException forwarding(HttpServletRequest request) {
		if (FORWARDING.stream().noneMatch((name) -> request.getHeader(name) != null)) {
			return null; // the usual request, and the cheap check: no copy, no URI parsed
		}
		HttpHeaders headers = new HttpHeaders();
		for (String name : FORWARDING) {
			headers.addAll(name, Collections.list(request.getHeaders(name)));
		}
		UriComponents url;
		try {
			URI uri = new ServletServerHttpRequest(request).getURI();
			url = ForwardedHeaderUtils.adaptFromForwardedHeaders(uri, headers).build();
			ForwardedHeaderUtils.parseForwardedFor(uri, headers, null);
		}
		catch (RuntimeException ex) {
			return forwardingProblem("cannot be read (is a port not a number?)");
		}
		if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
			return forwardingProblem("give the scheme \"" + url.getScheme() + "\": it must be http or https");
		}
		if (url.getHost() == null || !HOST.matcher(url.getHost()).matches()) {
			return forwardingProblem("give the host \"" + url.getHost() + "\", which is not a host name");
		}
		if (url.getPort() > 65535) {
			return forwardingProblem("give the port " + url.getPort() + ", which is not a port number");
		}
		if (!headers.getOrEmpty("X-Forwarded-Prefix").stream().allMatch(MalformedRequestFilter::plainPrefix)) {
			return forwardingProblem("give a prefix that is not a plain path such as /vigil");
		}
		return null;
	}

	private static ApiException forwardingProblem(String problem) {
		return ApiException
			.invalidRequest("The forwarding headers (Forwarded, X-Forwarded-Host, -Port, -Proto, -Prefix, " + "-For) "
					+ problem + ".");
	}

	/**
	 * Comma-separated paths of plain segments; trailing slashes are dropped by the filter
	 * that applies them.
	 */
	private static boolean plainPrefix(String header) {
		for (String prefix : header.split(",")) {
			String path = prefix.strip().replaceAll("/+$", "");
			if (path.isEmpty()) {
				continue;
			}
			if (!path.startsWith("/")) {
				return false;
			}
			for (String segment : path.substring(1).split("/", -1)) {
				if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
					return false;
				}
			}
		}
		return true;
	}

}
