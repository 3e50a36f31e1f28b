package org.vigil.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/** The servlet filters every request passes before it reaches a controller, in order. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

	/** Paths work with and without the trailing slash: the slash is dropped before routing. */
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

}
