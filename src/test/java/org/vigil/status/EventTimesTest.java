package org.vigil.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one rule of event times both writers of statuses follow (check-ins in
 * {@code CheckInBatch}, the mirror in {@code MirroredStatuses}); StatusChangesTest and
 * MirroredStatusChangesTest show each writer keeping it.
 */
class EventTimesTest {

	private static final Instant T = Instant.parse("2026-12-07T08:00:00.000001Z");

	@Test
	void anEventAfterTheLastKeepsItsTime() {
		assertThat(EventTimes.notBefore(T, null)).isEqualTo(T);
		assertThat(EventTimes.notBefore(T, T.minusSeconds(1))).isEqualTo(T);
	}

	@Test
	void anEventAtOrBeforeTheLastComesAMicrosecondAfterIt() {
		assertThat(EventTimes.notBefore(T, T)).isEqualTo(T.plus(1, ChronoUnit.MICROS));
		assertThat(EventTimes.notBefore(T.minusSeconds(30), T)).isEqualTo(T.plus(1, ChronoUnit.MICROS));
	}

}
