package org.vigil.bench;

import java.time.Duration;

import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;

/**
 * Vigil's direct check-ins: each check-in sets the deadline (last check-in + the timeout
 * {@link PhiAccrual} gives for the status's rhythm, the configured one when learning is
 * off), and a sweeper running every sweep interval (on whole multiples of it) disconnects
 * a status once its deadline is the settle margin in the past. A check-in is learned as
 * {@link Interval#PAST_DEADLINE} when it came after the deadline in force, else
 * {@link Interval#ON_TIME}.
 */
final class Sweeper implements Rule {

	private final PhiAccrual phi;

	private final Duration configured;

	private final long sweep;

	private final long settle;

	Sweeper(PhiAccrual phi, Duration configured, Duration sweep, Duration settle) {
		this.phi = phi;
		this.configured = configured;
		this.sweep = sweep.toMillis();
		this.settle = settle.toMillis();
	}

	@Override
	public Verdict judge(Trace trace) {
		Flaps flaps = new Flaps(trace);
		Rhythm rhythm = Rhythm.NONE;
		long previous = trace.first();
		long timeout = timeout(rhythm);
		for (int i = 1; i < trace.size(); i++) {
			long now = trace.at(i);
			long deadline = previous + timeout;
			long swept = sweptAfter(deadline);
			if (now >= swept) {
				flaps.declaredAt(swept);
			}
			rhythm = this.phi.learn(rhythm, now - previous,
					(now > deadline) ? Interval.PAST_DEADLINE : Interval.ON_TIME);
			timeout = timeout(rhythm);
			previous = now;
		}
		return flaps.dead(sweptAfter(previous + timeout) - previous);
	}

	/**
	 * The first sweep at which this deadline is at least the settle margin in the past.
	 */
	long sweptAfter(long deadline) {
		return Math.floorDiv(deadline + this.settle + this.sweep - 1, this.sweep) * this.sweep;
	}

	private long timeout(Rhythm rhythm) {
		return this.phi.timeout(rhythm, this.configured, false).length().toMillis();
	}

}
