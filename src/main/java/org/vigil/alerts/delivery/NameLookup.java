package org.vigil.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name (or an address literal) into its addresses: the system's resolver
 * ({@link SystemNameLookup}), or in a test one that answers as the test says.
 */
@FunctionalInterface
public interface NameLookup {

	/** At least one address; an unknown name throws. */
	InetAddress[] lookup(String host) throws UnknownHostException;

}
