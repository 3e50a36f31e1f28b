package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.uuid;
import static org.jooq.impl.DSL.values;
import static org.vigil.db.Tables.ALERT_OUTBOX;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.planning.PlannerPass.Planned;
import org.vigil.status.Status;
import org.vigil.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The planner is set-based and works in bounded steps: a site of ten thousand statuses
 * going dark at once (a thousand customers, two offerings each, every agent type, a
 * channel per customer) is planned in a few passes of a fixed number of statements each,
 * every one inside the production statement timeout (3 s) on either store. Logs the time;
 * fails only if it is far off.
 */
class PlannerBenchmarkTest extends ApiTest {

	private static final Logger log = LoggerFactory.getLogger(PlannerBenchmarkTest.class);

	private static final int CUSTOMERS = 1000;

	@Autowired
	private AlertPlanner planner;

	@Test
	void tenThousandDisconnectionsArePlannedInAboutASecond() {
		this.planner.stop();
		try {
			Instant down = Instant.now().truncatedTo(ChronoUnit.MICROS);
			load(down);
			Passes taken = passes(down.plusSeconds(1));
			Passes grouped = passes(down.plusSeconds(31));
			log.info(
					"Alert planner, 10,000 statuses of {} customers disconnected at once: {} ms in {} passes (longest "
							+ "{} ms) to take the outbox and queue them, {} ms in {} passes (longest {} ms) to group "
							+ "them into {} notifications",
					CUSTOMERS, taken.millis(), taken.count(), taken.longest(), grouped.millis(), grouped.count(),
					grouped.longest(), grouped.notifications());
			assertThat(taken.events()).isEqualTo(10_000);
			assertThat(grouped.notifications()).isEqualTo(CUSTOMERS);
			assertThat(this.db.fetchCount(NOTIFICATION_ITEM)).isEqualTo(10_000);
			assertThat(taken.millis() + grouped.millis()).isLessThan(60_000);
		}
		finally {
			// Emptied before the planner's loop comes back, so that it has nothing to
			// race
			// the next test's clean-up for.
			this.db.deleteFrom(NOTIFICATION_CHANNEL).execute();
			this.db.deleteFrom(INTEGRATION_STATUS).execute();
			this.planner.start();
		}
	}

	/**
	 * Passes as of {@code now} until one leaves nothing for the next, as the planner's
	 * loop runs them. A statement past the timeout fails its pass, and with it the test.
	 */
	private Passes passes(Instant now) {
		int count = 0;
		int events = 0;
		int notifications = 0;
		long millis = 0;
		long longest = 0;
		Planned planned;
		do {
			long start = System.nanoTime();
			planned = this.planner.plan(now);
			long took = (System.nanoTime() - start) / 1_000_000;
			count++;
			events += planned.events();
			notifications += planned.notifications();
			millis += took;
			longest = Math.max(longest, took);
		}
		while (planned.more());
		return new Passes(count, events, notifications, millis, longest);
	}

	private record Passes(int count, int events, int notifications, long millis, long longest) {
	}

	/**
	 * Customers, offerings, statuses, channels and outbox rows, each in one statement.
	 */
	private void load(Instant down) {
		var customers = this.db.insertInto(CUSTOMER, CUSTOMER.UUID, CUSTOMER.NAME, CUSTOMER.CREATED);
		for (int i = 0; i < CUSTOMERS; i++) {
			customers = customers.values(UUID.randomUUID(), "Customer " + i, down);
		}
		customers.execute();
		Table<Record1<Integer>> two = values(DSL.row(1), DSL.row(2)).as("n", "i");
		this.db
			.insertInto(OFFERING, OFFERING.UUID, OFFERING.NAME, OFFERING.SLUG, OFFERING.TYPE, OFFERING.CUSTOMER_ID,
					OFFERING.CREATED)
			.select(select(uuid(), concat(CUSTOMER.NAME, inline(" offering"), two.field(0).cast(String.class)),
					concat(inline("bench-"), CUSTOMER.ID.cast(String.class), inline("-"),
							two.field(0).cast(String.class)),
					inline("Marketplace.Slurm"), CUSTOMER.ID, DSL.val(down))
				.from(CUSTOMER)
				.crossJoin(two))
			.execute();
		Table<Record1<Short>> types = values(DSL.row((short) 1), DSL.row((short) 2), DSL.row((short) 3),
				DSL.row((short) 4), DSL.row((short) 5))
			.as("t", "code");
		this.db
			.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.SERVICE_NAME,
					INTEGRATION_STATUS.CREATED)
			.select(select(uuid(), OFFERING.ID, types.field(0, Short.class), inline(Status.DISCONNECTED.code()),
					inline(""), DSL.val(down))
				.from(OFFERING)
				.crossJoin(types))
			.execute();
		this.db
			.insertInto(NOTIFICATION_CHANNEL, NOTIFICATION_CHANNEL.UUID, NOTIFICATION_CHANNEL.NAME,
					NOTIFICATION_CHANNEL.KIND, NOTIFICATION_CHANNEL.URL, NOTIFICATION_CHANNEL.CUSTOMER_ID,
					NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS, NOTIFICATION_CHANNEL.ENABLED,
					NOTIFICATION_CHANNEL.SAVED_BY_STAFF, NOTIFICATION_CHANNEL.CREATED)
			.select(select(uuid(), inline("ops"), inline("webhook"), inline(AlertPlannerTest.PUBLIC_HOOK), CUSTOMER.ID,
					inline(0L), inline(true), inline(false), DSL.val(down))
				.from(CUSTOMER))
			.execute();
		this.db
			.insertInto(ALERT_OUTBOX, ALERT_OUTBOX.EVENT_UUID, ALERT_OUTBOX.INTEGRATION_STATUS_ID,
					ALERT_OUTBOX.FROM_STATUS, ALERT_OUTBOX.TO_STATUS, ALERT_OUTBOX.CREATED)
			.select(select(uuid(), INTEGRATION_STATUS.ID, inline(Status.ACTIVE.code()),
					inline(Status.DISCONNECTED.code()), DSL.val(down))
				.from(INTEGRATION_STATUS))
			.execute();
	}

}
