package org.vigil.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/** The JVM's resolver, with its cache ({@code networkaddress.cache.ttl}). */
@Component
class SystemNameLookup implements NameLookup {

	@Override
	public InetAddress[] lookup(String host) throws UnknownHostException {
		return InetAddress.getAllByName(host);
	}

}
