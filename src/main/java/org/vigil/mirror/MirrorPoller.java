package org.vigil.mirror;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.system.BackgroundLoop;
import org.vigil.system.Clocks;
import org.vigil.system.LogText;

import org.springframework.stereotype.Component;

/**
 * The one background loop of the mirror, on every instance. Every {@code tick} it takes
 * or renews the lease of each source (a row in the database: only its holder polls it;
 * when the holder stops renewing, another instance takes over once the lease ran out, or
 * at once if the holder let go on shutdown) and polls the sources that are due. A source
 * that fails is marked unreachable, unauthorized or error and recovers on its next good
 * poll; a database failure is logged and retried on the next tick. A poll is bounded in
 * time ({@code poll-budget}), so a slow source delays the others polled here by at most
 * that; a shutdown aborts the request under way.
 */
@Component
class MirrorPoller extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(MirrorPoller.class);

	private final SourceRepository sources;

	private final MirrorPass pass;

	private final MirrorProperties properties;

	private final DefaultSource defaultSource;

	private final Clock clock;

	private final MeterRegistry meters;

	/** This instance, as a lease holder. */
	private final String holder = "vigil-" + UUID.randomUUID();

	/** The reader of the poll under way, if any. */
	private volatile Upstream polling;

	private volatile boolean stopping;

	MirrorPoller(SourceRepository sources, MirrorPass pass, MirrorProperties properties, DefaultSource defaultSource,
			Clock clock, MeterRegistry meters) {
		super("vigil-mirror", "Mirror poll");
		this.sources = sources;
		this.pass = pass;
		this.properties = properties;
		this.defaultSource = defaultSource;
		this.clock = clock;
		this.meters = meters;
	}

	/** This instance's name as a lease holder. */
	String holder() {
		return this.holder;
	}

	@Override
	protected boolean prepare() {
		this.stopping = false;
		this.defaultSource.register();
		return this.properties.enabled();
	}

	@Override
	protected Duration interval() {
		return this.properties.tick();
	}

	/**
	 * Takes or renews the lease of every source, and polls those it holds that are due.
	 */
	@Override
	protected void round() {
		for (long id : this.sources.ids()) {
			if (!isRunning()) {
				break;
			}
			if (this.sources.lease(id, this.holder, this.properties.lease())) {
				this.sources.find(id).filter(this::due).ifPresent(this::poll);
			}
		}
	}

	private boolean due(MirrorSource source) {
		return source.lastPoll() == null
				|| !source.lastPoll().plus(source.pollInterval()).isAfter(Clocks.now(this.clock));
	}

	private void poll(MirrorSource source) {
		long start = System.nanoTime();
		String outcome;
		Upstream upstream = new Upstream(this.properties, source.url(), source.token());
		this.polling = upstream;
		try (upstream) {
			MirrorPass.Outcome done = this.pass.run(source, upstream, reconcileDue(source),
					() -> this.sources.lease(source.id(), this.holder, this.properties.lease()));
			SourceState before = this.sources.succeeded(source.id(), done.started(), done.highWater(),
					done.reconciled());
			outcome = SourceState.HEALTHY.label();
			if (before != null && before != SourceState.HEALTHY) {
				log.info("Mirror source {} is healthy", LogText.escape(source.name()));
				stateChanges(source, SourceState.HEALTHY).increment();
			}
			if (done.expired() > 0) {
				log.info("Mirror source {}: {} silent statuses disconnected", LogText.escape(source.name()),
						done.expired());
			}
		}
		catch (Upstream.Failure ex) {
			if (this.stopping || !isRunning()) {
				// Interrupted by shutdown: not the source's fault.
				return;
			}
			SourceState before = this.sources.failed(source.id(), Clocks.now(this.clock), ex.state(), ex.getMessage());
			outcome = ex.state().label();
			if (before != null && before != ex.state()) {
				log.warn("Mirror source {} is {}: {}", LogText.escape(source.name()), ex.state().label(),
						ex.getMessage());
				stateChanges(source, ex.state()).increment();
			}
		}
		catch (RuntimeException ex) {
			outcome = "failed";
			log.warn("Mirror source {}: the poll could not be applied: {}", LogText.escape(source.name()),
					LogText.escape(ex.getMessage(), 500));
		}
		finally {
			this.polling = null;
		}
		Timer.builder("vigil.mirror.poll.duration")
			.description("Time of one poll of a mirror source")
			.tag("source", source.name())
			.register(this.meters)
			.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		DistributionSummary.builder("vigil.mirror.poll.requests")
			.description("HTTP requests sent by one poll of a mirror source")
			.tag("source", source.name())
			.register(this.meters)
			.record(upstream.requests());
		Counter.builder("vigil.mirror.polls")
			.description("Polls of mirror sources")
			.tag("source", source.name())
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private boolean reconcileDue(MirrorSource source) {
		Instant last = source.lastReconcile();
		return last == null || source.highWater() == null
				|| source.pollsSinceReconcile() + 1 >= this.properties.reconcileEvery()
				|| !last.plus(this.properties.reconcileInterval()).isAfter(Clocks.now(this.clock));
	}

	private Counter stateChanges(MirrorSource source, SourceState to) {
		return Counter.builder("vigil.mirror.state.changes")
			.description("Mirror sources changing state")
			.tag("source", source.name())
			.tag("to", to.label())
			.register(this.meters);
	}

	/**
	 * Aborts the poll under way, so that the loop ends without waiting for the upstream.
	 */
	@Override
	public void stop() {
		this.stopping = true;
		Upstream upstream = this.polling;
		if (upstream != null) {
			upstream.stop();
		}
		super.stop();
	}

	/** Lets go of the leases at once, so that another instance need not wait them out. */
	@Override
	protected void finish() {
		try {
			this.sources.release(this.holder);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the mirror leases: {}", ex.getMessage());
		}
	}

}
