package org.vigil.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The only resolver webhook connections use: it resolves a host once and hands the client
 * only the addresses the channel's policy allows, so the address checked is the address
 * connected to (a name cannot resolve to a public address when checked and to an internal
 * one when connected). With none allowed it throws {@link Blocked}, whose message names
 * no address.
 */
class GuardedDnsResolver implements DnsResolver {

	private final NameLookup lookup;

	private final Destinations.Policy policy;

	GuardedDnsResolver(NameLookup lookup, Destinations.Policy policy) {
		this.lookup = lookup;
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = this.lookup.lookup(Destinations.bare(host));
		if (addresses == null || addresses.length == 0) {
			// Never null: the client would then resolve the name itself, unchecked.
			throw new UnknownHostException(host);
		}
		InetAddress[] allowed = Arrays.stream(addresses)
			.filter((address) -> this.policy.allows(host, address))
			.toArray(InetAddress[]::new);
		if (allowed.length == 0) {
			throw new Blocked();
		}
		return allowed;
	}

	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

	/** Every address of the host is outside what the channel may reach. */
	static final class Blocked extends UnknownHostException {

		private static final long serialVersionUID = 1L;

		Blocked() {
			super(Destinations.BLOCKED);
		}

	}

}
