package org.vigil.alerts;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a webhook may point (SPEC 12, safety): {@code http} or {@code https} with a host,
 * and, unless private destinations are allowed, no loopback, link-local, site-local
 * (private), unique-local, multicast or unspecified address, as Healthchecks'
 * {@code INTEGRATIONS_ALLOW_PRIVATE_IPS} does. Checked when a channel is saved (with
 * {@link #check}, naming the problem) and again just before each send ({@link #refuse}),
 * because a name can resolve elsewhere by then.
 */
public final class Destinations {

	private Destinations() {
	}

	/**
	 * Why {@code url} may not be used, or {@code null} if it may. Resolves the host name;
	 * every address it resolves to must be allowed.
	 */
	public static String check(String url, boolean privateAllowed) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "Enter a valid URL.";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return "Only http and https URLs are allowed.";
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			return "Enter a valid URL with a host.";
		}
		if (privateAllowed) {
			return null;
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(host)) {
				if (isPrivate(address)) {
					return "The host " + host + " resolves to a private address (" + address.getHostAddress()
							+ "); set VIGIL_NOTIFY_ALLOW_PRIVATE=true to allow private destinations.";
				}
			}
		}
		catch (UnknownHostException ex) {
			return "The host " + host + " cannot be resolved.";
		}
		return null;
	}

	/** The same rule, for the sender: the reason to refuse, or {@code null}. */
	public static String refuse(URI uri, boolean privateAllowed) {
		return check(uri.toString(), privateAllowed);
	}

	static boolean isPrivate(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 16) {
			// fc00::/7, IPv6 unique local addresses (isSiteLocalAddress covers only
			// fec0::/10).
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true;
			}
			// ::ffff:a.b.c.d is an IPv4 address in disguise: judge the IPv4 address.
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
				try {
					return isPrivate(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
		}
		else if (bytes.length == 4) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8.
			if ((first == 100 && (second & 0xc0) == 64) || first == 0) {
				return true;
			}
		}
		return false;
	}

}
