package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vigil.alerts.AlertProperties;
import org.vigil.system.StartupRefusal;
import org.vigil.support.OneStore;

/**
 * The address rule on its own: every blocked range at its edges, in IPv4 and IPv6, IPv4
 * addresses inside IPv6 ones, what VIGIL_NOTIFY_ALLOW_HOSTS and
 * VIGIL_NOTIFY_ALLOW_PRIVATE allow, and the resolver that hands the HTTP client only
 * allowed addresses.
 */
@OneStore
class DestinationsTest {

	@Test
	void everyNonPublicRangeIsBlockedToItsEdges() throws Exception {
		for (String address : List.of("0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0",
				"100.127.255.255", "127.0.0.1", "127.255.255.254", "169.254.0.1", "169.254.169.254", "172.16.0.0",
				"172.31.255.255", "192.168.0.1", "192.168.255.255", "198.18.0.0", "198.19.255.255", "224.0.0.1",
				"239.255.255.255", "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "febf:ffff::1", "fec0::1",
				"fc00::1", "fdff:ffff::1", "ff02::1", "64:ff9b::808:808", "64:ff9b::a00:1", "64:ff9b:1::1", "2002::1",
				"2002:808:808::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::10.0.0.1")) {
			assertThat(Destinations.blocked(InetAddress.getByName(address))).as(address).isTrue();
		}
	}

	@Test
	void publicAddressesJustOutsideEachRangeAreNot() throws Exception {
		for (String address : List.of("1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
				"126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
				"192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "93.184.216.34",
				"8.8.8.8", "2001:4860:4860::8888", "2606:4700::1111", "fbff::1", "fe7f::1", "64:ff9a::1", "2001::1",
				"2003::1", "::ffff:8.8.8.8")) {
			assertThat(Destinations.blocked(InetAddress.getByName(address))).as(address).isFalse();
		}
	}

	@Test
	void anIpv4AddressInIpv6FormIsJudgedAsThatAddress() throws Exception {
		// The JDK turns ::ffff:a.b.c.d text into an IPv4 address; an Inet6Address can
		// still hold the mapped form, as a resolver may hand it over.
		for (String[] mapped : new String[][] { { "00000000000000000000ffff7f000001", "true" },
				{ "00000000000000000000ffff0a000001", "true" }, { "00000000000000000000ffffa9fea9fe", "true" },
				{ "00000000000000000000ffff08080808", "false" }, { "0000000000000000000000000a000001", "true" },
				{ "00000000000000000000000000000001", "true" } }) {
			InetAddress address = Inet6Address.getByAddress(null, HexFormat.of().parseHex(mapped[0]), -1);
			assertThat(address).isInstanceOf(Inet6Address.class);
			assertThat(Destinations.blocked(address)).as(mapped[0]).isEqualTo(Boolean.parseBoolean(mapped[1]));
		}
	}

	@Test
	void allowHostsOpensNamesAndNetworksToStaffChannelsOnly() throws Exception {
		AlertProperties properties = properties(false, "Alertmanager.Internal", "10.20.0.0/16", "fd00::/8",
				"192.168.1.5");
		Destinations.Policy staff = Destinations.Policy.of(properties, true);
		Destinations.Policy customer = Destinations.Policy.of(properties, false);
		InetAddress internal = InetAddress.getByName("10.99.0.1");
		assertThat(staff.allows("alertmanager.internal", internal)).isTrue();
		assertThat(staff.allows("ALERTMANAGER.internal.", internal)).isTrue();
		assertThat(staff.allows("other.internal", internal)).isFalse();
		assertThat(staff.allows("other.internal", InetAddress.getByName("10.20.3.4"))).isTrue();
		assertThat(staff.allows("other.internal", InetAddress.getByName("10.21.0.1"))).isFalse();
		assertThat(staff.allows("[fd12::1]", InetAddress.getByName("fd12::1"))).isTrue();
		assertThat(staff.allows("192.168.1.5", InetAddress.getByName("192.168.1.5"))).isTrue();
		assertThat(staff.allows("192.168.1.6", InetAddress.getByName("192.168.1.6"))).isFalse();
		for (String host : List.of("alertmanager.internal", "10.20.3.4", "192.168.1.5")) {
			assertThat(customer.allows(host, InetAddress.getByName("10.20.3.4"))).as(host).isFalse();
		}
		assertThat(customer.allows("example.org", InetAddress.getByName("93.184.216.34"))).isTrue();

		Destinations.Policy everything = Destinations.Policy.of(properties(true), false);
		assertThat(everything.allows("anything", InetAddress.getByName("127.0.0.1"))).isTrue();
	}

	@Test
	void aMistypedAllowHostsEntryStopsTheStart() {
		for (String entry : List.of("10.0.0.0/33", "http://alertmanager/", "host name", "300.1.2.3/8")) {
			assertThatThrownBy(() -> properties(false, entry)).as(entry)
				.isInstanceOf(StartupRefusal.class)
				.hasMessageContaining("VIGIL_NOTIFY_ALLOW_HOSTS: \"" + entry + "\"");
		}
	}

	@Test
	void theResolverHandsOverOnlyAllowedAddressesAndNamesNone() throws Exception {
		ScriptedNames names = new ScriptedNames();
		names.answerAll("mixed.test", List.of("10.0.0.1", "93.184.216.34", "127.0.0.1"));
		names.answerAll("internal.test", List.of("10.0.0.1", "fd00::1"));
		GuardedDnsResolver resolver = new GuardedDnsResolver(names, Destinations.Policy.of(properties(false), false));

		assertThat(Arrays.asList(resolver.resolve("mixed.test")))
			.containsExactly(InetAddress.getByName("93.184.216.34"));
		assertThatThrownBy(() -> resolver.resolve("internal.test")).isInstanceOf(GuardedDnsResolver.Blocked.class)
			.isInstanceOf(UnknownHostException.class)
			.hasMessage("blocked: the address is not allowed");
		assertThatThrownBy(() -> resolver.resolve("[::1]")).isInstanceOf(GuardedDnsResolver.Blocked.class);
		assertThatThrownBy(() -> resolver.resolve("nowhere.test")).isInstanceOf(UnknownHostException.class)
			.isNotInstanceOf(GuardedDnsResolver.Blocked.class);

		GuardedDnsResolver open = new GuardedDnsResolver(names, Destinations.Policy.of(properties(true), false));
		assertThat(open.resolve("internal.test")).hasSize(2);
	}

	static AlertProperties properties(boolean allowPrivate, String... allowHosts) {
		Duration second = Duration.ofSeconds(1);
		return new AlertProperties(second, allowPrivate, List.of(allowHosts), second, second, second, second, second,
				second, 4, "vigil@localhost", false);
	}

}
