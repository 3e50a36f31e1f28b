package org.vigil.alerts.window;

import java.time.Instant;
import java.util.List;

/** A window's settings once checked; {@code offeringIds} null leaves them as they are. */
record WindowSettings(long customerId, List<Long> offeringIds, Instant start, Instant end, String reason) {

}
