package org.vigil.system;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A background job that runs on every instance: one daemon thread that does a round of
 * work, sleeps for the interval, and goes again until stopped. A failed round is logged
 * in one line and the next comes after the interval, so a database that is away for a
 * while costs log lines, not the thread. Stopping interrupts the sleep and waits up to 10
 * s for the round under way. The sweeper, the alert planner and the mirror's poller are
 * such loops; they must be safe to run on several instances at once.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String threadName;

	private final String what;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param threadName the thread's name, as thread dumps show it
	 * @param what what a round does, for the log line of a failed one ("Sweep")
	 */
	protected BackgroundLoop(String threadName, String what) {
		this.threadName = threadName;
		this.what = what;
	}

	/** One round of work. */
	protected abstract void round();

	/** The pause between two rounds. */
	protected abstract Duration interval();

	/**
	 * What comes before the first round, in the thread that starts the loop; false keeps
	 * this instance from running rounds at all.
	 */
	protected boolean prepare() {
		return true;
	}

	/** What comes after the last round, once the thread has ended. */
	protected void finish() {
	}

	@Override
	public void start() {
		this.running = true;
		if (!prepare()) {
			return;
		}
		this.thread = new Thread(this::loop, this.threadName);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		while (this.running) {
			try {
				round();
			}
			catch (RuntimeException ex) {
				this.log.warn("{} failed, retrying in {}: {}", this.what, interval(),
						LogText.escape(ex.getMessage(), 500));
			}
			try {
				Thread.sleep(interval().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		finish();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
