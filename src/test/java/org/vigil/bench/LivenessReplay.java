package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;

/**
 * The evidence for learned liveness (docs/benchmarks.md, "Learned liveness"): fleets of
 * agents replayed in simulated time through the production deadline code
 * ({@link PhiAccrual}), judged by Waldur's rule, by Vigil's configured timeouts and by
 * the learned rhythm, directly and through the mirror. Prints a Markdown section; with
 * {@code --out FILE} also writes it there. Run by {@code bench/liveness.sh}; not a test.
 *
 * Arguments: {@code --agents N} (per profile, default 10000), {@code --seed S} (default
 * 23), {@code --out FILE}.
 */
public final class LivenessReplay {

	/** Vigil's shipped defaults the rules use (vigil.liveness.*, vigil.mirror.*). */
	static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	static final Duration SETTLE = Duration.ofMillis(500);

	static final Duration POLL_INTERVAL = Duration.ofSeconds(60);

	/** The mirror's default for Order processing and Event processing. */
	static final Duration MIRROR_TIMEOUT = Duration.ofMinutes(45);

	/** The mirror's Order processing default before learned liveness. */
	static final Duration EARLIER_MIRROR_TIMEOUT = Duration.ofMinutes(15);

	static final Duration ACCEPTABLE_PAUSE = Duration.ofMinutes(3);

	/** How late after a change the last of its false disconnections may come. */
	static final Duration RELEARNED_WITHIN = Duration.ofHours(2);

	private static final ThreadLocal<Trace> TRACES = ThreadLocal.withInitial(Trace::new);

	private LivenessReplay() {
	}

	/**
	 * A rule as the table names it; {@code learned} rows are judged against the targets.
	 */
	record Judge(String label, Rule rule, boolean learned, Duration judgedEvery, Duration pause) {

	}

	/**
	 * A profile's numbers: its fleet's agent-days and mean interval, a tally per judge.
	 */
	record Replay(Profile profile, double agentDays, double meanInterval, List<Judge> judges, List<Tally> tallies) {

	}

	public static void main(String[] args) throws IOException {
		int agents = 10_000;
		long seed = 23;
		Path out = null;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--agents" -> agents = Integer.parseInt(args[i + 1]);
				case "--seed" -> seed = Long.parseLong(args[i + 1]);
				case "--out" -> out = Path.of(args[i + 1]);
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		long started = System.nanoTime();
		List<Replay> replays = new ArrayList<>();
		for (Profile profile : Profile.values()) {
			long t0 = System.nanoTime();
			replays.add(replay(profile, judges(profile), agents, seed));
			System.err.printf(Locale.ROOT, "%s: %.1f s%n", profile.label(), (System.nanoTime() - t0) / 1e9);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		String section = Report.section(replays, agents, seed, took, Instant.now().truncatedTo(ChronoUnit.MINUTES));
		System.out.print(section);
		if (out != null) {
			Files.writeString(out, section);
		}
	}

	static List<Judge> judges(Profile profile) {
		PhiAccrual configured = new PhiAccrual(Learning.DEFAULTS.off());
		PhiAccrual learned = new PhiAccrual(Learning.DEFAULTS);
		List<Judge> judges = new ArrayList<>(List.of(
				new Judge("Waldur: 1 h, checked on the hour", new HourlyCheck(Duration.ofHours(1), Duration.ofHours(1)),
						false, Duration.ofHours(1), Duration.ZERO),
				new Judge("configured, direct (PT1H)", sweeper(configured), false, SWEEP_INTERVAL, Duration.ZERO),
				new Judge("configured, mirror (PT45M)", poller(configured), false, POLL_INTERVAL, Duration.ZERO),
				new Judge("learned, direct", sweeper(learned), true, SWEEP_INTERVAL, Duration.ZERO),
				new Judge("learned, mirror", poller(learned), true, POLL_INTERVAL, Duration.ZERO)));
		if (profile == Profile.SITE_AGENT_EVENT_PROCESS) {
			judges.add(3,
					new Judge("configured, mirror (PT15M, the default before)",
							new Poller(configured, EARLIER_MIRROR_TIMEOUT, POLL_INTERVAL), false, POLL_INTERVAL,
							Duration.ZERO));
		}
		if (profile.target() == Profile.Target.PAUSE) {
			PhiAccrual paused = new PhiAccrual(withPause(Learning.DEFAULTS, ACCEPTABLE_PAUSE));
			judges.add(new Judge("learned, direct, acceptable-pause PT3M", sweeper(paused), true, SWEEP_INTERVAL,
					ACCEPTABLE_PAUSE));
			judges.add(new Judge("learned, mirror, acceptable-pause PT3M", poller(paused), true, POLL_INTERVAL,
					ACCEPTABLE_PAUSE));
		}
		return judges;
	}

	static Replay replay(Profile profile, List<Judge> judges, int agents, long seed) {
		long[] spans = new long[agents];
		long[] intervals = new long[agents];
		List<Tally> tallies = judges.stream().map((judge) -> new Tally(agents)).toList();
		IntStream.range(0, agents).parallel().forEach((agent) -> {
			Trace trace = TRACES.get();
			profile.generate(new SplittableRandom(seedOf(seed, profile, agent)), trace);
			spans[agent] = trace.last() - trace.first();
			intervals[agent] = trace.size() - 1;
			for (int j = 0; j < judges.size(); j++) {
				tallies.get(j).record(agent, judges.get(j).rule().judge(trace));
			}
		});
		double span = 0;
		double count = 0;
		for (int a = 0; a < agents; a++) {
			span += spans[a];
			count += intervals[a];
		}
		return new Replay(profile, span / Profile.DAY, span / count, judges, tallies);
	}

	/** Each agent's own stream of random numbers, the same whatever thread replays it. */
	static long seedOf(long seed, Profile profile, int agent) {
		return seed * 1_000_003L + profile.ordinal() * 1_000_000_007L + agent;
	}

	static Learning withPause(Learning l, Duration pause) {
		return new Learning(l.enabled(), l.window(), l.threshold(), l.lateThreshold(), l.minSamples(), l.minTimeout(),
				l.maxTimeout(), l.minDeviation(), pause, l.relearnAfter());
	}

	private static Sweeper sweeper(PhiAccrual phi) {
		return new Sweeper(phi, DEFAULT_TIMEOUT, SWEEP_INTERVAL, SETTLE);
	}

	private static Poller poller(PhiAccrual phi) {
		return new Poller(phi, MIRROR_TIMEOUT, POLL_INTERVAL);
	}

}
