package org.vigil.web;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.vigil.system.StartupRefusal;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.core.Ordered;

/**
 * Gives the RemoteIpValve Spring Boot adds (server.forward-headers-strategy=native)
 * {@link TrustedProxies} as its only trusted proxies, in place of Boot's default of every
 * private network. With the strategy {@code none} there is no valve and no peer is
 * believed; {@code framework} would believe every peer, so Vigil refuses to start with
 * it.
 */
class TrustedProxyValve implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ForwardHeadersStrategy strategy;

	private final TrustedProxies trusted;

	TrustedProxyValve(ForwardHeadersStrategy strategy, TrustedProxies trusted) {
		this.strategy = strategy;
		this.trusted = trusted;
	}

	/** After Spring Boot's TomcatWebServerFactoryCustomizer (order 0), which adds it. */
	@Override
	public int getOrder() {
		return 1;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (this.strategy == ForwardHeadersStrategy.FRAMEWORK) {
			throw new StartupRefusal(
					"SERVER_FORWARD_HEADERS_STRATEGY=framework would believe forwarding headers from any client.",
					"Remove it: Vigil believes them from VIGIL_TRUSTED_PROXIES only.");
		}
		for (Valve valve : factory.getEngineValves()) {
			if (valve instanceof RemoteIpValve remoteIp) {
				remoteIp.setInternalProxies(this.trusted.networks());
				remoteIp.setTrustedProxies(null);
			}
		}
	}

}
