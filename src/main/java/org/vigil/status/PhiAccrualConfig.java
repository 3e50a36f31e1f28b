package org.vigil.status;

import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The arithmetic of learned liveness at the shipped settings, for the mirror and the API.
 * The binding of {@code vigil.liveness.learning.*} replaces it.
 */
@Configuration(proxyBeanMethods = false)
class PhiAccrualConfig {

	@Bean
	PhiAccrual phiAccrual() {
		return new PhiAccrual(Learning.DEFAULTS);
	}

}
