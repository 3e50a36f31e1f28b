package org.vigil.web;

import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Absolute links as Waldur renders them. The scheme, host and port come from the request:
 * the connection's, or those a trusted proxy sent in X-Forwarded-Proto, -Host and -Port
 * (see {@link TrustedProxies}).
 */
public record Links(String base) {

	/**
	 * Built from the request's own scheme, host and port, which Tomcat's RemoteIpValve
	 * has already replaced with a trusted proxy's; cheaper than a URI builder on every
	 * request.
	 */
	public static Links of(HttpServletRequest request) {
		String scheme = request.getScheme();
		String host = request.getServerName();
		int port = request.getServerPort();
		StringBuilder base = new StringBuilder(64).append(scheme).append("://");
		base.append((host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host);
		boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
				|| ("https".equals(scheme) && port == 443);
		if (!defaultPort) {
			base.append(':').append(port);
		}
		return new Links(base.append(request.getContextPath()).toString());
	}

	public String offering(UUID uuid) {
		return resource("marketplace-provider-offerings", uuid);
	}

	public String customer(UUID uuid) {
		return resource("customers", uuid);
	}

	public String user(UUID uuid) {
		return resource("users", uuid);
	}

	public String integrationStatus(UUID uuid) {
		return resource("marketplace-integration-statuses", uuid);
	}

	public String resource(String collection, UUID uuid) {
		return this.base + "/api/" + collection + "/" + Uuids.hex(uuid) + "/";
	}

	/**
	 * The UUID in a link to one of our resources ({@code .../api/<collection>/<uuid>/}),
	 * absolute or a path.
	 */
	public static Optional<UUID> uuidIn(String link, String collection) {
		if (link == null) {
			return Optional.empty();
		}
		String marker = "/api/" + collection + "/";
		int start = link.indexOf(marker);
		if (start < 0) {
			return Optional.empty();
		}
		String rest = link.substring(start + marker.length());
		int query = indexOfAny(rest, '?', '#');
		if (query >= 0) {
			rest = rest.substring(0, query);
		}
		if (rest.endsWith("/")) {
			rest = rest.substring(0, rest.length() - 1);
		}
		return Uuids.parse(rest);
	}

	private static int indexOfAny(String text, char first, char second) {
		int a = text.indexOf(first);
		int b = text.indexOf(second);
		return (a < 0) ? b : (b < 0) ? a : Math.min(a, b);
	}

}
