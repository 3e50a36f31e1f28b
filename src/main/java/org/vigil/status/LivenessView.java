package org.vigil.status;

import java.time.Duration;
import java.time.Instant;

import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;

/**
 * What the API shows of a status's learned rhythm: {@code expected_interval} (the learned
 * mean, ISO-8601 to the millisecond; null until learned), {@code interval_deviation} (the
 * learned σ before its floor; null until learned), {@code timeout_basis} ({@code learned}
 * or {@code configured}) and {@code suspicion} (φ now, one decimal, at most 99.9; null
 * unless Active on a learned deadline).
 */
public record LivenessView(String expectedInterval, String intervalDeviation, String timeoutBasis, Double suspicion) {

	/** A status nothing was learned of. */
	public static final LivenessView CONFIGURED = new LivenessView(null, null, Basis.CONFIGURED.label(), null);

	public static LivenessView of(PhiAccrual phi, Rhythm rhythm, Basis basis, Status status, Instant lastRequest,
			Instant now) {
		boolean learned = phi.learned(rhythm);
		Double suspicion = null;
		if (status == Status.ACTIVE && basis == Basis.LEARNED && lastRequest != null) {
			Duration silent = Duration.between(lastRequest, now);
			suspicion = Math.round(phi.suspicion(rhythm, silent.isNegative() ? Duration.ZERO : silent) * 10) / 10.0;
		}
		return new LivenessView(learned ? millis(rhythm.mean()) : null, learned ? millis(rhythm.deviation()) : null,
				basis.label(), suspicion);
	}

	/** A duration of milliseconds as ISO-8601, to the millisecond. */
	public static String millis(double millis) {
		return Duration.ofMillis(Math.round(millis)).toString();
	}

}
