package org.vigil.bench;

import java.time.Duration;

import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;

/**
 * Vigil's mirror: a poll every poll interval (every one succeeds) reads the upstream's
 * last request time, so of the check-ins since the last poll it sees only the newest: an
 * advance, a check-in at that upstream time. Silence is judged only at a poll: the first
 * poll after the deadline (the last seen time + the timeout) that sees no newer request
 * disconnects the status. The interval learned is the time between two seen advances,
 * never shorter than the poll interval; it is {@link Interval#PAST_DEADLINE} when the
 * newer request came after the deadline in force.
 */
final class Poller implements Rule {

	private final PhiAccrual phi;

	private final Duration configured;

	private final long poll;

	Poller(PhiAccrual phi, Duration configured, Duration poll) {
		this.phi = phi;
		this.configured = configured;
		this.poll = poll.toMillis();
	}

	@Override
	public Verdict judge(Trace trace) {
		Flaps flaps = new Flaps(trace);
		long phase = (long) (trace.pollPhase() * this.poll);
		Rhythm rhythm = Rhythm.NONE;
		long seen = Long.MIN_VALUE;
		long timeout = 0;
		int i = 0;
		while (i < trace.size()) {
			long at = pollAtOrAfter(trace.at(i), phase);
			while (i + 1 < trace.size() && pollAtOrAfter(trace.at(i + 1), phase) == at) {
				i++;
			}
			long newest = trace.at(i);
			if (seen != Long.MIN_VALUE) {
				long deadline = seen + timeout;
				long declared = pollAfter(deadline, phase);
				if (declared < at) {
					flaps.declaredAt(declared);
				}
				rhythm = this.phi.learn(rhythm, Math.max(newest - seen, this.poll),
						(newest > deadline) ? Interval.PAST_DEADLINE : Interval.ON_TIME);
			}
			seen = newest;
			timeout = this.phi.timeout(rhythm, this.configured, false).length().toMillis();
			i++;
		}
		return flaps.dead(pollAfter(seen + timeout, phase) - seen);
	}

	/** The first poll at or after this time: the one that sees a request made then. */
	long pollAtOrAfter(long time, long phase) {
		return Math.floorDiv(time - phase + this.poll - 1, this.poll) * this.poll + phase;
	}

	/** The first poll strictly after this deadline. */
	long pollAfter(long deadline, long phase) {
		return (Math.floorDiv(deadline - phase, this.poll) + 1) * this.poll + phase;
	}

}
