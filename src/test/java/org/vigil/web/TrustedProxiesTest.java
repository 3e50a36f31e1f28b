package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.apache.catalina.util.NetMaskSet;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.vigil.system.StartupRefusal;
import org.vigil.support.OneStore;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code VIGIL_TRUSTED_PROXIES} as it is read: addresses and CIDR networks, each handed
 * to Tomcat's RemoteIpValve as a network, anything else refused; without a server.
 */
@OneStore
class TrustedProxiesTest {

	@Test
	void addressesBecomeNetworksOfOneAddress() {
		assertThat(read("127.0.0.0/8, ::1,10.1.2.3,2001:db8::/32").networks())
			.isEqualTo("127.0.0.0/8,::1/128,10.1.2.3/32,2001:db8::/32");
	}

	@Test
	void theDefaultIsLoopbackAndEmptyTrustsNobody() {
		assertThat(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("vigil", TrustedProxies.class)
			.networks()).isEqualTo("127.0.0.0/8,::1/128");
		assertThat(read("").trustedProxies()).isEmpty();
	}

	@Test
	void theValveTrustsExactlyTheGivenPeers() throws Exception {
		// IPv6 loopback in the long form Tomcat reports it in.
		assertThat(trusts("127.0.0.0/8,::1", "0:0:0:0:0:0:0:1")).isTrue();
		assertThat(trusts("127.0.0.0/8,::1", "127.8.9.10")).isTrue();
		assertThat(trusts("127.0.0.0/8,::1", "10.0.0.1")).isFalse();
		assertThat(trusts("10.1.2.3", "10.1.2.3")).isTrue();
		assertThat(trusts("10.1.2.3", "10.1.2.4")).isFalse();
		assertThat(trusts("", "127.0.0.1")).isFalse();
	}

	@Test
	void anythingButAddressesAndNetworksIsRefused() {
		for (String entry : List.of("proxy.lan", "localhost", "10.0.0.0/33", "10.0.0.0/-1", "::1/129", "10.0.0",
				"10.0.0.0/8x", "*", "10.0.0/24", "1.2.3.4.5", "999.1.1.1")) {
			assertThatThrownBy(() -> read("127.0.0.1," + entry)).as(entry)
				.hasRootCauseInstanceOf(StartupRefusal.class)
				.rootCause()
				.hasMessageStartingWith("VIGIL_TRUSTED_PROXIES holds \"" + entry + "\"");
		}
	}

	private static TrustedProxies read(String setting) {
		return new Binder(new MapConfigurationPropertySource(Map.of("vigil.trusted-proxies", setting)))
			.bindOrCreate("vigil", TrustedProxies.class);
	}

	/**
	 * Whether the valve takes the peer's forwarding headers: given networks (a '/' in the
	 * setting), it matches the peer against Tomcat's NetMaskSet of them.
	 */
	private static boolean trusts(String setting, String peer) throws UnknownHostException {
		RemoteIpValve valve = new RemoteIpValve();
		String networks = read(setting).networks();
		valve.setInternalProxies(networks);
		if (networks.isEmpty()) {
			return valve.getInternalProxies() != null;
		}
		assertThat(valve.getInternalProxies()).as("read as networks, not as a regular expression").contains("/");
		return NetMaskSet.parse(networks).contains(peer);
	}

}
