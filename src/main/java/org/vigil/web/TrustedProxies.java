package org.vigil.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.util.NetMask;
import org.vigil.system.StartupRefusal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * {@code vigil.trusted-proxies} ({@code VIGIL_TRUSTED_PROXIES}): the addresses and CIDR
 * networks of the proxies whose forwarding headers are believed; by default loopback.
 * Empty: nobody's.
 */
@ConfigurationProperties("vigil")
record TrustedProxies(@DefaultValue( {
		"127.0.0.0/8", "::1" }) List<String> trustedProxies){

	TrustedProxies {
		List<String> networks = new ArrayList<>();
		for (String entry : trustedProxies) {
			if (!entry.isBlank()) {
				networks.add(network(entry.strip()));
			}
		}
		trustedProxies = List.copyOf(networks);
	}

	/**
	 * As Tomcat's RemoteIpValve takes it: it reads a list holding a '/' as networks, and
	 * any other as a regular expression, in which {@code ::1} would not match the
	 * {@code 0:0:0:0:0:0:0:1} it is given. So every entry is written as a network.
	 */
	String networks() {
		return String.join(",", this.trustedProxies);
	}

	/**
	 * Spring Security's matcher refuses host names (which Tomcat's NetMask would look
	 * up), Tomcat's NetMask is what the valve will match with.
	 */
	private static String network(String entry) {
		String address = entry.replaceFirst("/.*", "");
		// Both would read 10.0.0 as 10.0.0.0 alone, where 10.0.0.0/24 was likely meant.
		if (address.indexOf(':') < 0 && address.split("\\.", -1).length != 4) {
			throw refusal(entry);
		}
		try {
			new IpAddressMatcher(entry);
			new NetMask(entry);
			if (entry.indexOf('/') >= 0) {
				return entry;
			}
			// A literal by now: no lookup.
			InetAddress literal = InetAddress.getByName(entry);
			return entry + ((literal instanceof Inet4Address) ? "/32" : "/128");
		}
		catch (IllegalArgumentException | UnknownHostException ex) {
			throw refusal(entry);
		}
	}

	private static StartupRefusal refusal(String entry) {
		return new StartupRefusal(
				"VIGIL_TRUSTED_PROXIES holds \"" + entry + "\", which is neither an address nor a CIDR network.",
				"Give the proxies' addresses or networks separated by commas, "
						+ "e.g. VIGIL_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.");
	}

}
