package org.vigil.alerts.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vigil.alerts.AlertProperties;
import org.vigil.system.StartupRefusal;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Where a webhook may send. Only {@code http} and {@code https} URLs with a host; and,
 * unless {@code VIGIL_NOTIFY_ALLOW_PRIVATE=true}, no address in a range that is not the
 * public internet: loopback, link-local, private, carrier-grade NAT, benchmarking,
 * reserved, multicast, NAT64, 6to4 and unique-local, an IPv4 address inside an IPv6 one
 * judged as that IPv4 address. The rule is applied to the address connected to
 * ({@link GuardedDnsResolver}); a channel saved by staff may also reach the host names
 * and networks of {@code VIGIL_NOTIFY_ALLOW_HOSTS}. No message names a resolved address.
 */
public final class Destinations {

	/** What an attempt to a refused address records, for staff and in logs alike. */
	static final String BLOCKED = "blocked: the address is not allowed";

	private static final List<IpAddressMatcher> BLOCKED_RANGES = Stream.of(
			// IPv4: "this network", private, carrier-grade NAT, loopback, link-local,
			// private, private, benchmarking, multicast, reserved (with the broadcast
			// address).
			"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
			"192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
			// IPv6: link-local, site-local (deprecated), unique-local, multicast, NAT64
			// (well-known and local-use prefixes), 6to4.
			"fe80::/10", "fec0::/10", "fc00::/7", "ff00::/8", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16")
		.map(IpAddressMatcher::new)
		.toList();

	private Destinations() {
	}

	/**
	 * Whether {@code address} lies in a range that is not the public internet. An IPv4
	 * address in IPv6 form ({@code ::ffff:a.b.c.d}, or the deprecated {@code ::a.b.c.d},
	 * which includes {@code ::} and {@code ::1}) is judged as the IPv4 address.
	 */
	public static boolean blocked(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16 && embedsIpv4(bytes)) {
			try {
				return blocked(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
			}
			catch (UnknownHostException ex) {
				return true;
			}
		}
		String literal = literal(address);
		return BLOCKED_RANGES.stream().anyMatch((range) -> range.matches(literal));
	}

	/** {@code ::ffff:0:0/96} (mapped) or {@code ::/96} (compatible). */
	private static boolean embedsIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		int eleven = bytes[10] & 0xff;
		int twelve = bytes[11] & 0xff;
		return (eleven == 0xff && twelve == 0xff) || (eleven == 0 && twelve == 0);
	}

	/** The address as text, without an IPv6 scope (which names a local interface). */
	private static String literal(InetAddress address) {
		String text = address.getHostAddress();
		int scope = text.indexOf('%');
		return (scope < 0) ? text : text.substring(0, scope);
	}

	/**
	 * Why {@code url} may not be saved, or {@code null} if it may. A literal address, or
	 * a name none of whose addresses is allowed, is refused now; a name that does not
	 * resolve is accepted (it may resolve later), and every send checks again.
	 */
	public static String check(String url, Policy policy, NameLookup lookup) {
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
		InetAddress[] addresses;
		try {
			addresses = lookup.lookup(bare(host));
		}
		catch (UnknownHostException ex) {
			return null;
		}
		if (Arrays.stream(addresses).noneMatch((address) -> policy.allows(host, address))) {
			return "Alerts may not be sent to " + host
					+ ": it is not a public address (loopback, link-local, a private address or another reserved range)"
					+ (policy.staff() ? "; VIGIL_NOTIFY_ALLOW_HOSTS can allow it for channels saved by staff." : ".");
		}
		return null;
	}

	/** A host as a name lookup takes it: an IPv6 literal without its brackets. */
	static String bare(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	/**
	 * What one channel may reach: every address ({@code allowPrivate}), or public
	 * addresses and, for a channel saved by staff, the allowed names and networks.
	 */
	public record Policy(boolean allowPrivate, boolean staff, Set<String> names, List<IpAddressMatcher> networks) {

		/**
		 * The policy of a channel saved by staff ({@code staff}) or by a customer's
		 * owner.
		 */
		public static Policy of(AlertProperties properties, boolean staff) {
			if (!staff) {
				return new Policy(properties.allowPrivate(), false, Set.of(), List.of());
			}
			List<String> entries = entries(properties.allowHosts());
			return new Policy(properties.allowPrivate(), true,
					entries.stream()
						.filter((entry) -> !isNetwork(entry))
						.map(Policy::name)
						.collect(Collectors.toUnmodifiableSet()),
					entries.stream().filter(Policy::isNetwork).map(Policy::network).toList());
		}

		/**
		 * Checks {@code VIGIL_NOTIFY_ALLOW_HOSTS}: each entry a host name, an address or
		 * a CIDR network.
		 */
		public static void validate(List<String> allowHosts) {
			for (String entry : entries(allowHosts)) {
				if (isNetwork(entry)) {
					network(entry);
				}
				else {
					name(entry);
				}
			}
		}

		private static List<String> entries(List<String> allowHosts) {
			return allowHosts.stream().map(String::strip).filter((entry) -> !entry.isEmpty()).toList();
		}

		private static String name(String entry) {
			if (!entry.matches("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?")) {
				throw badEntry(entry, "is neither a host name nor an address or CIDR network");
			}
			return key(entry);
		}

		/** A host name as compared: in lower case, without a final dot. */
		private static String key(String host) {
			String name = bare(host).toLowerCase(Locale.ROOT);
			return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
		}

		private static IpAddressMatcher network(String entry) {
			try {
				return new IpAddressMatcher(bare(entry));
			}
			catch (IllegalArgumentException ex) {
				throw badEntry(entry, "is not a valid address or CIDR network");
			}
		}

		private static StartupRefusal badEntry(String entry, String why) {
			return new StartupRefusal("VIGIL_NOTIFY_ALLOW_HOSTS: \"" + entry + "\" " + why + ".",
					"Give host names, addresses and CIDR networks separated by commas, "
							+ "e.g. VIGIL_NOTIFY_ALLOW_HOSTS=alertmanager.internal,10.20.0.0/16.");
		}

		/** An address or a CIDR network, as opposed to a host name. */
		static boolean isNetwork(String entry) {
			String address = bare((entry.indexOf('/') < 0) ? entry : entry.substring(0, entry.indexOf('/')));
			return address.indexOf(':') >= 0 || address.matches("[0-9.]+");
		}

		/** Whether a name resolving to {@code address} may be connected to there. */
		boolean allows(String host, InetAddress address) {
			if (this.allowPrivate || !blocked(address) || this.names.contains(key(host))) {
				return true;
			}
			String literal = literal(address);
			return this.networks.stream().anyMatch((network) -> network.matches(literal));
		}

		/** Whether every address is allowed, so nothing need be checked. */
		boolean allowsAll() {
			return this.allowPrivate;
		}

	}

}
