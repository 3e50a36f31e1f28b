package org.vigil.web;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * Every servlet filter a request passes before it reaches a controller, registered here
 * in order (the credentials check is the {@code auth} feature's
 * {@link CredentialsFilter}), the container's own error answers, and whose forwarding
 * headers are believed.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig {

	@Bean
	FilterRegistrationBean<SecurityHeaders> securityHeaders() {
		var registration = new FilterRegistrationBean<>(new SecurityHeaders());
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ErrorBodyFilter> errorBodyFilter() {
		var registration = new FilterRegistrationBean<>(new ErrorBodyFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** Before anything parses the path, the query or the forwarding headers. */
	@Bean
	FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter(TomcatServerProperties tomcat) {
		var registration = new FilterRegistrationBean<>(new MalformedRequestFilter(tomcat.getMaxParameterCount()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Forwarding headers are believed from {@link TrustedProxies} only, by Tomcat's
	 * RemoteIpValve (server.forward-headers-strategy=native), not by Spring's
	 * ForwardedHeaderFilter, which believes any peer. The valve looks at the peer before
	 * anything else sees the request, and reads X-Forwarded-For from the right, skipping
	 * trusted proxies, so behind a proxy that appends to the header the client is the
	 * address that proxy saw, not the one the client wrote first. It ignores
	 * {@code Forwarded} (RFC 7239), which nginx does not write. From any other peer it
	 * changes nothing: the client address, scheme, host and port stay the connection's.
	 * Runs after Spring Boot's customizer, which adds the valve.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxiesOnly(ServerProperties server,
			TrustedProxies trusted) {
		return new TrustedProxyValve(server.getForwardHeadersStrategy(), trusted);
	}

	/**
	 * Paths work with and without the trailing slash: the slash is dropped before
	 * routing.
	 */
	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
		var registration = new FilterRegistrationBean<>(
				UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter() {
		var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(64 * 1024));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

	@Bean
	FilterRegistrationBean<CredentialsFilter> credentialsFilter(CredentialsFilter filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
		return registration;
	}

	/**
	 * Replaces the HTML error page of the container (the one Spring Boot installs too)
	 * with {@link JsonErrorReportValve}. Runs after Boot's customizer, which adds its
	 * valve.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors(ServerProperties server) {
		return new WebServerFactoryCustomizer<>() {

			@Override
			public void customize(TomcatServletWebServerFactory factory) {
				factory.addContextCustomizers((context) -> {
					StandardHost host = (StandardHost) context.getParent();
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					// The host adds a valve of this class when it starts unless it holds
					// one already.
					host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
					host.getPipeline()
						.addValve(new JsonErrorReportValve(server.getMaxHttpRequestHeaderSize().toBytes()));
				});
			}

		};
	}

}
