package org.vigil.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.demo} (demo mode on) and {@code vigil.demo-interval}: how often each
 * simulated agent checks in.
 */
@ConfigurationProperties("vigil")
record DemoProperties(@DefaultValue("false") boolean demo, @DefaultValue("5s") Duration demoInterval) {

	DemoProperties {
		if (demoInterval.isZero() || demoInterval.isNegative()) {
			throw new IllegalArgumentException("vigil.demo-interval must be positive, was " + demoInterval);
		}
	}

}
