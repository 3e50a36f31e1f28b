package org.vigil.mirror;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether two URLs share an origin: the scheme, the host in any case and the port (80 for
 * http and 443 for https when none is given). A source's token belongs to its origin: it
 * is sent only there, and moving a source to another origin needs the token again.
 */
final class Origins {

	private Origins() {
	}

	static boolean same(URI one, URI other) {
		return one.getScheme() != null && one.getHost() != null && one.getScheme().equalsIgnoreCase(other.getScheme())
				&& one.getHost().equalsIgnoreCase(other.getHost()) && port(one) == port(other);
	}

	static boolean same(String one, String other) {
		try {
			return same(new URI(one), new URI(other));
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
