package org.vigil.mirror;

import java.time.Duration;

import org.vigil.status.TimeoutsPerType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.mirror.*}: a source named {@code default} registered at start-up when
 * {@code url} is set ({@code VIGIL_MIRROR_URL}, {@code VIGIL_MIRROR_TOKEN},
 * {@code VIGIL_MIRROR_POLL_INTERVAL}, {@code VIGIL_MIRROR_TIMEOUTS_ORDER_PROCESSING}...),
 * and how every source is polled: the loop's tick, the lease an instance holds on a
 * source while it polls it, how often a full reconcile runs and the site agents' registry
 * is read ({@code registry-interval}, and at every reconcile), the HTTP time limits, and
 * what one poll may cost at most whatever the upstream answers: {@code max-page-items}
 * items on a page, {@code max-pages} pages and {@code poll-budget} of time.
 * {@code enabled=false} makes this instance never poll (the API still works).
 */
@ConfigurationProperties("vigil.mirror")
public record MirrorProperties(String url, String token, @DefaultValue("PT60S") Duration pollInterval,
		@DefaultValue TimeoutsPerType timeouts, @DefaultValue("true") boolean enabled,
		@DefaultValue("1s") Duration tick, @DefaultValue("PT30S") Duration lease,
		@DefaultValue("10") int reconcileEvery, @DefaultValue("PT10M") Duration reconcileInterval,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT30S") Duration readTimeout,
		@DefaultValue("1000") int maxPageItems, @DefaultValue("10000") int maxPages,
		@DefaultValue("PT5M") Duration pollBudget, @DefaultValue("PT5M") Duration registryInterval) {

	public MirrorProperties

	{
		positive("vigil.mirror.poll-interval", pollInterval);
		positive("vigil.mirror.tick", tick);
		positive("vigil.mirror.lease", lease);
		positive("vigil.mirror.reconcile-interval", reconcileInterval);
		positive("vigil.mirror.connect-timeout", connectTimeout);
		positive("vigil.mirror.read-timeout", readTimeout);
		positive("vigil.mirror.poll-budget", pollBudget);
		positive("vigil.mirror.registry-interval", registryInterval);
		atLeastOne("vigil.mirror.max-page-items", maxPageItems);
		atLeastOne("vigil.mirror.max-pages", maxPages);
		timeouts.check("vigil.mirror.timeouts");
		atLeastOne("vigil.mirror.reconcile-every", reconcileEvery);
	}

	private static void atLeastOne(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration such as PT15M, was " + value);
		}
	}

}
