package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.AlertRows.NewItem;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.ApiTest;
import org.vigil.support.Await;
import org.vigil.support.Instance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Two more Vigil instances dispatching from one table of 200 due notifications at once:
 * the receiver gets every delivery exactly once (by {@code X-Vigil-Delivery}), each
 * notification has one attempt, and both instances took part.
 */
class SeveralDispatchersTest extends ApiTest {

	private static final int NOTIFICATIONS = 200;

	@Autowired
	private Environment environment;

	@Test
	void everyNotificationIsDeliveredOnceThoughTwoInstancesClaimAtOnce() throws Exception {
		Map<String, String> settings = Map.of("spring.datasource.url",
				this.environment.getProperty("spring.datasource.url"), "vigil.notify.dispatch", "true",
				"vigil.notify.poll-interval", "20ms", "vigil.notify.senders", "4");
		AlertRows rows = new AlertRows(this.db);
		String customerUuid = this.fixtures.customer("Acme Research");
		long customer = rows.customerId(customerUuid);
		String offering = this.fixtures.offering(customerUuid, "HPC Cluster");
		long status = rows.status(offering, AgentType.ORDER_PROCESSING, Status.DISCONNECTED);
		NewItem item = new NewItem("disconnected",
				rows.event(status, Status.ACTIVE, Status.DISCONNECTED, "timeout", AlertRows.now()), status);
		try (Receiver receiver = new Receiver();
				Instance second = Instance.start(settings);
				Instance third = Instance.start(settings)) {
			Recipient channel = rows.webhook("Ops", receiver.url(), "secret-0123456789", customer, true);
			// Written in one transaction, so both dispatchers find them due together.
			this.db.transaction((tx) -> {
				AlertRows inTransaction = new AlertRows(tx.dsl());
				Instant now = AlertRows.now();
				for (int i = 0; i < NOTIFICATIONS; i++) {
					inTransaction.notification(channel, customer, now, List.of(item));
				}
			});

			MeterRegistry secondMeters = second.bean(MeterRegistry.class);
			MeterRegistry thirdMeters = third.bean(MeterRegistry.class);
			Await.atMost(Duration.ofSeconds(20))
				.alias("all delivered within 20 s")
				.until(() -> this.db.fetchCount(NOTIFICATION, NOTIFICATION.STATE.eq("sent")) == NOTIFICATIONS);
			// Stopped, both have finished whatever they were sending: a second delivery
			// of any notification would have arrived by now.
			second.close();
			third.close();

			assertThat(receiver.requests()).hasSize(NOTIFICATIONS);
			assertThat(receiver.accepted()).hasSize(NOTIFICATIONS)
				.allSatisfy((delivery, times) -> assertThat(times).as("deliveries of %s", delivery).isEqualTo(1));
			assertThat(this.db.select(NOTIFICATION_ATTEMPT.NOTIFICATION_ID, count())
				.from(NOTIFICATION_ATTEMPT)
				.groupBy(NOTIFICATION_ATTEMPT.NOTIFICATION_ID)
				.having(count().ne(1))
				.fetch()).isEmpty();
			double bySecond = attempts(secondMeters);
			double byThird = attempts(thirdMeters);
			assertThat(bySecond + byThird).isEqualTo(NOTIFICATIONS);
			assertThat(bySecond).as("attempts by the second instance").isPositive();
			assertThat(byThird).as("attempts by the third instance").isPositive();
		}
	}

	private static double attempts(MeterRegistry meters) {
		Counter counter = meters.find("vigil.notifications.attempts").tag("kind", "webhook").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
