package org.vigil.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.auth.failures.*}: once one client address has presented {@code limit} bad
 * keys within {@code window} (counted from its first failure), its further bad keys are
 * answered 429 until the window ends. Valid keys are never refused.
 */
@ConfigurationProperties("vigil.auth.failures")
record FailedAuthenticationProperties(@DefaultValue("20") int limit, @DefaultValue("1m") Duration window) {

	FailedAuthenticationProperties {
		if (limit < 1) {
			throw new IllegalArgumentException("vigil.auth.failures.limit must be at least 1, was " + limit);
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("vigil.auth.failures.window must be positive, was " + window);
		}
	}

}
