package org.vigil.checkin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.status.StatusChanges;
import org.vigil.status.StatusChanges.CheckedIn;
import org.vigil.status.StatusKey;
import org.vigil.system.LogText;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit. Request threads queue their check-in and wait for its future; a writer
 * thread takes everything queued (up to {@code max-batch}) and commits it in one
 * transaction ({@link StatusChanges#checkIn}), then completes the futures. While it
 * commits, the next batch gathers, and with several writers
 * ({@code vigil.checkin.writers}) the next batch is written while the last one commits.
 * On shutdown the writer stops after the web server has finished its requests, and writes
 * what is still queued.
 */
@Component
class GroupCommit implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final StatusChanges statuses;

	private final CheckInProperties properties;

	private final BlockingQueue<Pending> queue;

	private final DistributionSummary batchSizes;

	private final Timer commits;

	private final Counter splits;

	private volatile boolean running;

	private final List<Thread> threads = new ArrayList<>();

	GroupCommit(StatusChanges statuses, CheckInProperties properties, MeterRegistry meters) {
		this.statuses = statuses;
		this.properties = properties;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.batchSizes = DistributionSummary.builder("vigil.checkin.batch.size")
			.description("Check-ins committed together in one transaction")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.commits = Timer.builder("vigil.checkin.commit")
			.description("Time to write and commit one batch of check-ins")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.splits = Counter.builder("vigil.checkin.batch.splits")
			.description("Batches the database refused that were written again in halves")
			.register(meters);
	}

	/** Completes once the check-in is committed, or exceptionally if it could not be. */
	CompletableFuture<List<CheckIn.Written>> submit(CheckIn checkIn) {
		Pending pending = new Pending(checkIn, new CompletableFuture<>());
		if (!this.properties.groupCommit()) {
			write(List.of(pending));
		}
		else if (!this.running) {
			pending.done().completeExceptionally(new Unavailable("Vigil is shutting down."));
		}
		else if (!this.queue.offer(pending)) {
			pending.done().completeExceptionally(new Unavailable("Too many check-ins are waiting."));
		}
		return pending.done();
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(this.properties.maxBatch());
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				gather(batch);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void gather(List<Pending> batch) throws InterruptedException {
		int max = this.properties.maxBatch();
		this.queue.drainTo(batch, max - batch.size());
		long deadline = System.nanoTime() + this.properties.maxWait().toNanos();
		while (batch.size() < max && System.nanoTime() < deadline) {
			Pending next = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next != null) {
				batch.add(next);
				this.queue.drainTo(batch, max - batch.size());
			}
		}
	}

	/**
	 * Writes the batch. If the database refuses it for a reason other than being away,
	 * one of its check-ins may be to blame (its offering was deleted a moment ago, say):
	 * the batch is split in halves and each written on its own, down to single check-ins,
	 * so that every check-in gets its own answer and one bad check-in never fails the
	 * others.
	 */
	private void write(List<Pending> batch) {
		long start = System.nanoTime();
		RuntimeException failure = null;
		try {
			Map<StatusKey, String> serviceNames = CheckIn.serviceNames(batch.stream().map(Pending::checkIn).toList());
			Map<StatusKey, CheckedIn> written = this.statuses.checkIn(serviceNames);
			for (Pending pending : batch) {
				pending.done().complete(pending.checkIn().written(written, serviceNames));
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			this.commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			this.batchSizes.record(batch.size());
		}
		if (failure == null) {
			return;
		}
		if (batch.size() > 1 && !WriteFailure.databaseUnavailable(failure)) {
			log.debug("Check-in batch of {} failed, writing it in halves: {}", batch.size(),
					LogText.escape(failure.getMessage(), 500));
			this.splits.increment();
			write(batch.subList(0, batch.size() / 2));
			write(batch.subList(batch.size() / 2, batch.size()));
			return;
		}
		log.debug("Check-in batch of {} failed: {}", batch.size(), LogText.escape(failure.getMessage(), 500));
		for (Pending pending : batch) {
			pending.done().completeExceptionally(failure);
		}
	}

	@Override
	public void start() {
		this.running = true;
		if (this.properties.groupCommit()) {
			for (int i = 1; i <= this.properties.writers(); i++) {
				Thread thread = new Thread(this::run, "vigil-checkin-writer-" + i);
				thread.start();
				this.threads.add(thread);
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Below the web server's graceful shutdown, so in-flight check-ins are written first.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Pending(CheckIn checkIn, CompletableFuture<List<CheckIn.Written>> done) {
	}

	/** The check-in cannot be taken now; the client should retry shortly. */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message, null, false, false);
		}

	}

}
