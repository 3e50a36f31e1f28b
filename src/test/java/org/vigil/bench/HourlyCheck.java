package org.vigil.bench;

import java.time.Duration;

/**
 * Waldur's rule: once an hour, on the hour, every status whose last request is more than
 * the timeout (one hour) ago is Disconnected; its next request makes it Active again.
 */
final class HourlyCheck implements Rule {

	private final long timeout;

	private final long period;

	HourlyCheck(Duration timeout, Duration period) {
		this.timeout = timeout.toMillis();
		this.period = period.toMillis();
	}

	@Override
	public Verdict judge(Trace trace) {
		Flaps flaps = new Flaps(trace);
		for (int i = 1; i < trace.size(); i++) {
			long declared = declaredAfter(trace.at(i - 1));
			if (trace.at(i) >= declared) {
				flaps.declaredAt(declared);
			}
		}
		return flaps.dead(declaredAfter(trace.last()) - trace.last());
	}

	/** The first check strictly more than the timeout after this request. */
	long declaredAfter(long lastRequest) {
		return (Math.floorDiv(lastRequest + this.timeout, this.period) + 1) * this.period;
	}

}
