package org.vigil.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.liveness.LivenessProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The simulated site agents. Each checks in every {@code vigil.demo-interval} (default 5
 * s) through the real check-in endpoint with its own agent token; flaky ones fall silent
 * for longer than their timeout, so the sweeper marks them Disconnected, and then come
 * back. They stop with the server.
 */
@Component
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoAgents implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DemoAgents.class);

	private final LivenessProperties liveness;

	private final Duration interval;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "demo-agent");
		thread.setDaemon(true);
		return thread;
	});

	DemoAgents(LivenessProperties liveness, DemoProperties properties) {
		this.liveness = liveness;
		this.interval = properties.demoInterval();
	}

	record Agent(DemoCatalogue.DemoOffering offering, String offeringUuid, String token) {
	}

	void start(DemoClient client, List<Agent> agents) {
		// A first round right away, so every status is on the board when the URL is
		// printed.
		agents.forEach((agent) -> checkIn(client, agent));
		long period = this.interval.toMillis();
		for (int i = 0; i < agents.size(); i++) {
			Agent agent = agents.get(i);
			Schedule schedule = schedule(agent.offering(), i);
			long[] tick = { 1 };
			this.scheduler.scheduleAtFixedRate(() -> {
				try {
					if (schedule.alive(tick[0]++)) {
						checkIn(client, agent);
					}
				}
				catch (RuntimeException ex) {
					// An exception would cancel this agent's schedule for good; a real
					// agent retries.
					log.debug("Demo agent of {} failed to check in: {}", agent.offering().name(), ex.toString());
				}
			}, (period * i) / agents.size(), period, TimeUnit.MILLISECONDS);
		}
	}

	private void checkIn(DemoClient client, Agent agent) {
		List<String> types = new ArrayList<>();
		agent.offering().agentTypes().forEach((type) -> types.add(type.label()));
		int status = client.checkIn(agent.token(), Map.of("offering_uuid", agent.offeringUuid(), "agent_type", types),
				agent.offering().serviceName());
		if (status != 200) {
			log.debug("Demo agent of {} got {} for its check-in", agent.offering().name(), status);
		}
	}

	/**
	 * When an agent checks in, in ticks: silences last one and a half of its longest
	 * timeout plus two ticks, so each of its statuses times out before it returns; agents
	 * are staggered.
	 */
	private Schedule schedule(DemoCatalogue.DemoOffering offering, int index) {
		Duration longest = offering.agentTypes()
			.stream()
			.map(this.liveness::timeout)
			.max(Duration::compareTo)
			.orElse(this.liveness.defaultTimeout());
		long timeoutTicks = Math.max(1, (longest.toMillis() + this.interval.toMillis() - 1) / this.interval.toMillis());
		long silence = timeoutTicks * 3 / 2 + 2;
		return switch (offering.behaviour()) {
			case STEADY -> (tick) -> true;
			case FLAKY -> {
				long up = timeoutTicks * 2 + 2;
				long offset = up - 1 - (index % up); // the first silences start within
														// seconds, staggered
				yield (tick) -> (tick + offset) % (up + silence) < up;
			}
			case OUTAGE -> (tick) -> tick % (2 + silence * 3) < 2;
		};
	}

	@FunctionalInterface
	interface Schedule {

		boolean alive(long tick);

	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
