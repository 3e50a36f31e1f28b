package org.vigil.alerts.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.AlertProperties;
import org.vigil.alerts.delivery.DeliveryQueue.Attempted;
import org.vigil.system.Clocks;
import org.vigil.system.LogText;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends due notifications, on every instance, delivering at least once. Every
 * {@code poll-interval} it refreshes the backlog gauges and claims due notifications, up
 * to twice as many as it has senders ({@code vigil.notify.senders}) in flight and queued,
 * so one slow receiver holds up only its own sender. Each is sent outside any
 * transaction; the attempts are then recorded in short batched transactions, by the claim
 * holder only. Delivery is at least once: a dispatcher that dies mid-send leaves a claim
 * that expires after the lease, and another instance sends again. A failing tick is
 * logged and retried on the next.
 * <p>
 * Its loop is its own, not a {@link org.vigil.system.BackgroundLoop}: the planner wakes
 * it the moment it made notifications ({@link #wake}), it starts and stops a pool of
 * senders with it, and stopping must not interrupt its thread (an interrupt inside a
 * database call can break H2's store), where {@code BackgroundLoop} interrupts its thread
 * mid-round.
 */
@Component
public class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final DeliveryQueue deliveries;

	private final MessageSender senders;

	private final DeliveryMetrics metrics;

	private final AlertProperties properties;

	private final Backoff backoff;

	private final Clock clock;

	private final String claimant;

	private final Semaphore free;

	private final Object sleeper = new Object();

	/** Guarded by {@link #sleeper}: a wake that came while the loop was not asleep. */
	private boolean woken;

	private volatile boolean running;

	private Thread thread;

	private ExecutorService pool;

	/** Sends not yet recorded. */
	private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();

	private final ReentrantLock recording = new ReentrantLock();

	Dispatcher(DeliveryQueue deliveries, MessageSender senders, DeliveryMetrics metrics, AlertProperties properties,
			Clock clock) {
		this.deliveries = deliveries;
		this.senders = senders;
		this.metrics = metrics;
		this.properties = properties;
		this.backoff = Backoff.of(properties);
		this.clock = clock;
		this.claimant = claimant();
		// Twice the senders: the next batch is claimed and read while the last one is
		// sent, so the database round trips do not leave senders idle. A queued message
		// waits at most one send (connect + read timeout), well inside its lease.
		this.free = new Semaphore(2 * properties.senders());
	}

	/**
	 * This instance among others: host, process and a random part (tests run several).
	 */
	private static String claimant() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			host = "unknown";
		}
		String id = ProcessHandle.current().pid() + "-"
				+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		return ((host.length() > 40) ? host.substring(0, 40) : host) + "-" + id;
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.dispatch();
	}

	@Override
	public void start() {
		AtomicInteger senders = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.properties.senders(), (task) -> {
			Thread sender = new Thread(task, "vigil-notify-" + senders.incrementAndGet());
			sender.setDaemon(true);
			return sender;
		});
		this.running = true;
		this.thread = new Thread(this::loop, "vigil-notify");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		while (this.running) {
			try {
				this.metrics.backlog(this.deliveries.backlog());
				drain();
			}
			catch (RuntimeException ex) {
				log.warn("Dispatching notifications failed, retrying in {}: {}", this.properties.pollInterval(),
						LogText.escape(ex.getMessage()));
			}
			sleep(this.properties.pollInterval());
		}
	}

	/**
	 * Claims while every free place got work: there may be more due right away. Between
	 * claims it waits until half the places are free (or a poll interval passes), so a
	 * claim takes a batch worth its round trips: claiming for each place as it frees
	 * would make every message pay a claim and a read of its own. A backlog goes out as
	 * fast as the senders can send; the messages of a batch are read in two queries.
	 */
	private void drain() {
		int slots;
		List<Long> claimed;
		do {
			slots = awaitFreePlaces();
			if (slots == 0) {
				return;
			}
			Instant now = Clocks.now(this.clock);
			claimed = this.deliveries.claim(this.claimant, slots, now, now.plus(this.properties.lease()));
			if (claimed.isEmpty()) {
				return;
			}
			// Only this thread acquires: the permits counted above are still free.
			for (Message message : this.deliveries.messages(claimed)) {
				this.free.acquireUninterruptibly();
				this.pool.execute(() -> {
					try {
						deliver(message);
					}
					catch (RuntimeException ex) {
						// Its claim expires and it is tried again then.
						log.warn("Delivering notification {} failed: {}", message.id(),
								LogText.escape(ex.getMessage()));
					}
					finally {
						this.free.release();
					}
				});
			}
		}
		while (claimed.size() == slots && this.running);
	}

	/**
	 * How many places are free once half of them are, or after a poll interval however
	 * many are (a slow receiver may hold the rest that long).
	 */
	private int awaitFreePlaces() {
		int half = this.properties.senders();
		try {
			if (this.free.tryAcquire(half, Math.max(1, this.properties.pollInterval().toMillis()),
					TimeUnit.MILLISECONDS)) {
				this.free.release(half);
			}
			return this.free.availablePermits();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			return 0;
		}
	}

	/**
	 * Claims at once, instead of at the next tick: the planner has just made some due.
	 */
	public void wake() {
		synchronized (this.sleeper) {
			this.woken = true;
			this.sleeper.notifyAll();
		}
	}

	private void deliver(Message message) {
		Instant attempted = Clocks.now(this.clock);
		Outcome outcome = sendable(message);
		boolean canSend = outcome == null;
		if (canSend) {
			outcome = this.senders.send(message);
		}
		Instant now = Clocks.now(this.clock);
		Instant next = (outcome.succeeded() || !canSend) ? null
				: this.backoff.next(message.created(), message.attemptCount() + 1, now);
		this.sent.add(new Sent(message, new Attempted(message.id(), outcome, attempted, now, next)));
		recordSent();
	}

	/**
	 * Records what was sent, in batches: the sender that gets the lock records whatever
	 * the others left meanwhile, and looks again after unlocking, so nothing stays behind
	 * when the last sender stops.
	 */
	private void recordSent() {
		while (!this.sent.isEmpty() && this.recording.tryLock()) {
			try {
				List<Sent> batch = new ArrayList<>();
				for (Sent s = this.sent.poll(); s != null; s = this.sent.poll()) {
					batch.add(s);
				}
				record(batch);
			}
			finally {
				this.recording.unlock();
			}
		}
	}

	private void record(List<Sent> batch) {
		if (batch.isEmpty()) {
			return;
		}
		List<String> states;
		try {
			states = this.deliveries.record(batch.stream().map(Sent::attempt).toList(), this.claimant);
		}
		catch (RuntimeException ex) {
			// Their claims expire and they are sent again then.
			log.warn("Recording {} notification attempts failed: {}", batch.size(), LogText.escape(ex.getMessage()));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			Message message = batch.get(i).message();
			Attempted attempt = batch.get(i).attempt();
			String kind = message.channel().kind();
			String state = states.get(i);
			this.metrics.attempted(kind, attempt.outcome().succeeded());
			if (state == null) {
				log.warn("Notification {} was claimed by another instance while this one sent it ({})",
						message.delivery(), LogText.escape(attempt.outcome().summary()));
			}
			else if (!state.equals(DeliveryQueue.PENDING)) {
				this.metrics.finished(kind, state);
			}
			else {
				log.debug("Notification {} not delivered ({}), next attempt at {}", message.delivery(),
						LogText.escape(attempt.outcome().summary()), attempt.nextAttempt());
			}
		}
	}

	/** Why the message cannot be sent at all (so is not retried), or null. */
	private static Outcome sendable(Message message) {
		if (!message.channel().enabled()) {
			return Outcome.failed("channel disabled", 0, "The channel was disabled before this could be sent.");
		}
		if (message.items().isEmpty() && message.source() == null) {
			return Outcome.failed("nothing to send", 0, "The statuses this notification named were deleted.");
		}
		return null;
	}

	private void sleep(Duration duration) {
		synchronized (this.sleeper) {
			try {
				if (this.running && !this.woken) {
					this.sleeper.wait(Math.max(1, duration.toMillis()));
				}
				this.woken = false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	/**
	 * Stops claiming and gives the sends in flight a moment to finish and be recorded;
	 * any left are sent again by another instance once their claims expire. Nothing is
	 * interrupted: an interrupt inside a database call can break H2's store.
	 */
	@Override
	public void stop() {
		this.running = false;
		if (this.thread == null) {
			return;
		}
		synchronized (this.sleeper) {
			this.sleeper.notifyAll();
		}
		try {
			this.thread.join(10_000);
			this.pool.shutdown();
			this.pool.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Sent(Message message, Attempted attempt) {
	}

}
