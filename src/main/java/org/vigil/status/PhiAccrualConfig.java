package org.vigil.status;

import org.vigil.status.rhythm.PhiAccrual;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The arithmetic of learned liveness as {@code vigil.liveness.learning.*} sets it, for
 * the mirror and the API.
 */
@Configuration(proxyBeanMethods = false)
class PhiAccrualConfig {

	@Bean
	PhiAccrual phiAccrual(Timeouts timeouts) {
		return timeouts.rhythms();
	}

}
