package org.vigil.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Globals;
import org.apache.tomcat.util.http.parser.Host;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 400 (415 for a content type) to what the layers behind it would misread or fail
 * on, before any of them reads the request: paths in forms that routing and authorisation
 * could disagree about (Spring Security's StrictHttpFirewall: ';', encoded '/', '\', '%'
 * or '.', empty, '.' or '..' segments), a query string the container cannot decode, a
 * Content-Type that is no media type, and a trusted proxy's forwarding headers that make
 * no URL.
 */
class MalformedRequestFilter extends OncePerRequestFilter {

	private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

	private final StrictHttpFirewall firewall = new StrictHttpFirewall();

	private final int maxParameters;

	/**
	 * @param maxParameters the container's limit on query parameters
	 */
	MalformedRequestFilter(int maxParameters) {
		this.maxParameters = maxParameters;
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
		if (rejection == null) {
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
	 * The forwarding headers of a trusted proxy, which Tomcat's RemoteIpValve has applied
	 * (it marks such requests) where it could read them and quietly skipped where it
	 * could not: those are answered 400 instead, so a proxy that sends nonsense is
	 * noticed. Any other peer's are never read, so never refused.
	 */
	private static ApiException forwarding(HttpServletRequest request) {
		if (request.getAttribute(Globals.REQUEST_FORWARDED_ATTRIBUTE) == null) {
			return null;
		}
		String proto = request.getHeader("X-Forwarded-Proto");
		if (proto != null && !Arrays.stream(proto.split(",", -1))
			.map(String::strip)
			.allMatch((scheme) -> scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			return forwardingProblem("give the scheme \"" + proto + "\": it must be http or https");
		}
		String host = request.getHeader("X-Forwarded-Host");
		if (host != null) {
			try {
				Host.parse(host);
			}
			catch (IllegalArgumentException ex) {
				return forwardingProblem("give the host \"" + host + "\", which is not a host name");
			}
		}
		String port = request.getHeader("X-Forwarded-Port");
		if (port != null && !isPort(port)) {
			return forwardingProblem("give the port \"" + port + "\", which is not a port number");
		}
		return null;
	}

	private static boolean isPort(String text) {
		try {
			int port = Integer.parseInt(text.strip());
			return port > 0 && port <= 65535;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static ApiException forwardingProblem(String problem) {
		return ApiException.invalidRequest("The forwarding headers (X-Forwarded-Proto, -Host, -Port) " + problem + ".");
	}

}
