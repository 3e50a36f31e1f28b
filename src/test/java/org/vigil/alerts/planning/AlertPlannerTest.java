package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.ALERT_STATE;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.Status;
import org.vigil.status.StatusChanges;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The alert policy, pass by pass: real transitions (check-ins, and expiry through
 * StatusChanges) feed the outbox, and the test runs planner passes at chosen times
 * instead of waiting for them. The planner's own loop is stopped meanwhile. Assertions
 * are on the notification rows the dispatcher sends (group_wait is the default 30 s).
 */
class AlertPlannerTest extends ApiTest {

	static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	static final String PUBLIC_HOOK = "https://93.184.216.34/hook";

	@Autowired
	private AlertPlanner planner;

	@Autowired
	private StatusChanges statuses;

	private String acme;

	private String hpc;

	@BeforeEach
	void acmeWithAnOffering() {
		this.planner.stop();
		this.acme = this.fixtures.customer("Acme Research");
		this.hpc = this.fixtures.offering(this.acme, "HPC");
	}

	@AfterEach
	void restartPlanner() {
		this.planner.start();
	}

	@Test
	void aFlapShorterThanAlertAfterSendsNothing() {
		channel(this.acme, Map.of("alert_after", "PT1M"));
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		assertThat(this.db.fetchCount(ALERT_STATE)).isEqualTo(1);
		checkIn(this.hpc, 1);
		this.planner.plan(down.plusSeconds(2));
		this.planner.plan(down.plusSeconds(200));
		assertThat(this.db.fetchCount(ALERT_STATE)).isZero();
		assertThat(notifications()).isEmpty();
	}

	@Test
	void aFlapWithinGroupWaitSendsNothingEvenWithoutAlertAfter() {
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		checkIn(this.hpc, 1);
		this.planner.plan(down.plusSeconds(5));
		this.planner.plan(down.plusSeconds(60));
		assertThat(notifications()).isEmpty();
	}

	@Test
	void aStillDisconnectedStatusIsSentOnceAlertAfterAndGroupWaitHavePassed() {
		channel(this.acme, Map.of("alert_after", "PT1M"));
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(59));
		// group_wait counts from when the alert became due (down + alert_after), not from
		// the pass that saw it.
		this.planner.plan(down.plusSeconds(61));
		this.planner.plan(down.plusSeconds(89));
		assertThat(notifications()).isEmpty();
		this.planner.plan(down.plusSeconds(90));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
	}

	@Test
	void groupWaitPutsACustomersTransitionsIntoOneNotificationNamingEveryStatus() {
		String channel = channel(this.acme, Map.of());
		List<Long> ids = new ArrayList<>();
		for (int type = 1; type <= 5; type++) {
			ids.add(checkIn(this.hpc, type));
		}
		Instant down = disconnect(ids.toArray(Long[]::new));
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(20));
		assertThat(notifications()).isEmpty();
		this.planner.plan(down.plusSeconds(32));
		assertThat(notifications()).containsExactly(ids.stream().map((id) -> "disconnected " + id).toList());
		var notification = this.db.selectFrom(NOTIFICATION).fetchSingle();
		assertThat(notification.getState()).isEqualTo("pending");
		assertThat(notification.getAttemptCount()).isZero();
		assertThat(notification.getNextAttemptAt()).isEqualTo(down.plusSeconds(32));
		assertThat(notification.getChannelId()).isEqualTo(channelId(channel));
		// Each item names the disconnection event of its status.
		Map<Long, UUID> events = this.db.select(NOTIFICATION_ITEM.INTEGRATION_STATUS_ID, NOTIFICATION_ITEM.EVENT_UUID)
			.from(NOTIFICATION_ITEM)
			.fetchMap(NOTIFICATION_ITEM.INTEGRATION_STATUS_ID, NOTIFICATION_ITEM.EVENT_UUID);
		for (long id : ids) {
			assertThat(events.get(id)).isEqualTo(lastEvent(id));
		}
		this.planner.plan(down.plusSeconds(120));
		assertThat(notifications()).hasSize(1);
	}

	@Test
	void groupWaitCountsFromTheDisconnectionNotFromWhenThePlannerSawIt() {
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		// A planner busy with a mass outage takes this disconnection 10 s late.
		this.planner.plan(down.plusSeconds(10));
		this.planner.plan(down.plusSeconds(29));
		assertThat(notifications()).isEmpty();
		this.planner.plan(down.plusSeconds(30));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
	}

	@Test
	void twoCustomersGetTwoNotificationsOnAGlobalChannelAndOneEachOnTheirOwn() {
		String beta = this.fixtures.customer("Beta Labs");
		String betaOffering = this.fixtures.offering(beta, "Cloud");
		channel(null, Map.of());
		channel(this.acme, Map.of());
		channel(beta, Map.of());
		long a = checkIn(this.hpc, 1);
		long b = checkIn(betaOffering, 1);
		Instant down = disconnect(a, b);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		assertThat(notifications()).containsExactlyInAnyOrder(List.of("disconnected " + a),
				List.of("disconnected " + a), List.of("disconnected " + b), List.of("disconnected " + b));
		assertThat(this.db.selectDistinct(NOTIFICATION.CHANNEL_ID, NOTIFICATION.CUSTOMER_ID).from(NOTIFICATION).fetch())
			.hasSize(4);
	}

	@Test
	void channelsNarrowedToOfferingsAndAgentTypesSeeOnlyThose() {
		String other = this.fixtures.offering(this.acme, "Storage");
		channel(this.acme, Map.of("offering_uuids", List.of(this.hpc), "agent_types", List.of("Usage reporting")));
		long covered = checkIn(this.hpc, 2);
		long otherType = checkIn(this.hpc, 1);
		long otherOffering = checkIn(other, 2);
		Instant down = disconnect(covered, otherType, otherOffering);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		assertThat(notifications()).containsExactly(List.of("disconnected " + covered));
	}

	@Test
	void aRecoveryIsSentOnlyAfterASentDisconnection() {
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		checkIn(this.hpc, 1);
		UUID recovery = lastEvent(status);
		this.planner.plan(down.plusSeconds(40));
		this.planner.plan(down.plusSeconds(71));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status), List.of("recovered " + status));
		assertThat(this.db.select(NOTIFICATION_ITEM.EVENT_UUID)
			.from(NOTIFICATION_ITEM)
			.where(NOTIFICATION_ITEM.WHAT.eq("recovered"))
			.fetchSingle()
			.value1()).isEqualTo(recovery);
		assertThat(this.db.fetchCount(ALERT_STATE)).isZero();
	}

	@Test
	void aReminderRepeatsWhileStillDisconnected() {
		channel(this.acme, Map.of("repeat_every", "PT10M"));
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		UUID disconnection = lastEvent(status);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		this.planner.plan(down.plusSeconds(600));
		this.planner.plan(down.plusSeconds(640));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
		this.planner.plan(down.plusSeconds(633));
		this.planner.plan(down.plusSeconds(670));
		this.planner.plan(down.plusSeconds(1240));
		this.planner.plan(down.plusSeconds(1280));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status), List.of("reminder " + status),
				List.of("reminder " + status));
		assertThat(this.db.selectDistinct(NOTIFICATION_ITEM.EVENT_UUID).from(NOTIFICATION_ITEM).fetch()).singleElement()
			.satisfies((r) -> assertThat(r.value1()).isEqualTo(disconnection));
	}

	@Test
	void aMaintenanceWindowHoldsAlertsAndReleasesWhatIsStillDownWhenItEnds() {
		channel(this.acme, Map.of());
		long stays = checkIn(this.hpc, 1);
		long returns = checkIn(this.hpc, 2);
		Instant down = disconnect(stays, returns);
		Instant end = down.plusSeconds(300);
		window(Map.of("customer", this.acme, "start", down.minusSeconds(60).toString(), "end", end.toString(), "reason",
				"Upgrade"));
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(40));
		checkIn(this.hpc, 2);
		this.planner.plan(down.plusSeconds(100));
		this.planner.plan(end.minusSeconds(1));
		assertThat(notifications()).isEmpty();
		this.planner.plan(end.plusSeconds(1));
		this.planner.plan(end.plusSeconds(32));
		assertThat(notifications()).containsExactly(List.of("disconnected " + stays));
	}

	@Test
	void aRecoveryDuringAWindowOfADisconnectionSentBeforeItGoesOutAfterIt() {
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		Instant start = down.plusSeconds(100);
		Instant end = down.plusSeconds(400);
		window(Map.of("offering_uuids", List.of(this.hpc), "start", start.toString(), "end", end.toString(), "reason",
				"Upgrade"));
		checkIn(this.hpc, 1);
		this.planner.plan(down.plusSeconds(150));
		this.planner.plan(end.minusSeconds(1));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
		this.planner.plan(end.plusSeconds(1));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status), List.of("recovered " + status));
	}

	@Test
	void aWindowForOtherOfferingsDoesNotHold() {
		String other = this.fixtures.offering(this.acme, "Storage");
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		window(Map.of("offering_uuids", List.of(other), "start", down.minusSeconds(60).toString(), "end",
				down.plusSeconds(600).toString(), "reason", "Storage upgrade"));
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
	}

	@Test
	void deletingAChannelDropsItsStateAndDisablingStopsNewItems() {
		String deleted = channel(this.acme, Map.of());
		String disabled = channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		this.planner.plan(down.plusSeconds(1));
		assertThat(this.db.fetchCount(ALERT_STATE)).isEqualTo(2);
		assertThat(this.api.delete("/api/notification-channels/" + deleted + "/", ADMIN).status()).isEqualTo(204);
		assertThat(this.api.patch("/api/notification-channels/" + disabled + "/", ADMIN, Map.of("enabled", false))
			.status()).isEqualTo(200);
		assertThat(this.db.fetchCount(ALERT_STATE)).isZero();
		this.planner.plan(down.plusSeconds(32));
		checkIn(this.hpc, 1);
		long again = checkIn(this.hpc, 1);
		Instant downAgain = disconnect(again);
		this.planner.plan(downAgain.plusSeconds(1));
		this.planner.plan(downAgain.plusSeconds(32));
		assertThat(notifications()).isEmpty();
		assertThat(this.db.fetchCount(ALERT_STATE)).isZero();
	}

	@Test
	void statusesOfSeveralChangesSinceTheLastPassAreFollowedChangeByChange() {
		channel(this.acme, Map.of());
		long status = checkIn(this.hpc, 1);
		disconnect(status);
		checkIn(this.hpc, 1);
		Instant down = disconnect(status);
		// One pass sees down, up, down: the first disconnection was never sent, the
		// second
		// is.
		this.planner.plan(down.plusSeconds(1));
		this.planner.plan(down.plusSeconds(32));
		assertThat(notifications()).containsExactly(List.of("disconnected " + status));
		assertThat(this.db.select(NOTIFICATION_ITEM.EVENT_UUID).from(NOTIFICATION_ITEM).fetchSingle().value1())
			.isEqualTo(lastEvent(status));
	}

	/** A channel to a public address; returns its UUID. */
	String channel(String customer, Map<String, Object> settings) {
		Map<String, Object> body = new LinkedHashMap<>(
				Map.of("name", "Ops " + UUID.randomUUID(), "kind", "webhook", "url", PUBLIC_HOOK));
		if (customer != null) {
			body.put("customer", customer);
		}
		body.putAll(settings);
		var response = this.api.post("/api/notification-channels/", ADMIN, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("uuid");
	}

	void window(Map<String, Object> body) {
		var response = this.api.post("/api/maintenance-windows/", ADMIN, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	long channelId(String uuid) {
		return this.db.select(org.vigil.db.Tables.NOTIFICATION_CHANNEL.ID)
			.from(org.vigil.db.Tables.NOTIFICATION_CHANNEL)
			.where(org.vigil.db.Tables.NOTIFICATION_CHANNEL.UUID.eq(Uuids.parse(uuid).orElseThrow()))
			.fetchSingle()
			.value1();
	}

	/** Checks in one agent type of the offering; returns the status's row id. */
	long checkIn(String offering, int agentType) {
		var response = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", offering, "agent_type", agentType));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(Uuids.parse(response.field("uuid")).orElseThrow()))
			.fetchSingle()
			.value1();
	}

	/** Lets the statuses time out now, as the sweeper would; returns the event time. */
	Instant disconnect(Long... ids) {
		this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, Instant.now().minusSeconds(10))
			.set(INTEGRATION_STATUS.SWEEP_AFTER, Instant.now().minusSeconds(10))
			.where(INTEGRATION_STATUS.ID.in(ids))
			.execute();
		this.statuses.expire(1000);
		assertThat(this.db.fetchCount(INTEGRATION_STATUS,
				INTEGRATION_STATUS.ID.in(ids).and(INTEGRATION_STATUS.STATUS.eq(Status.DISCONNECTED.code()))))
			.isEqualTo(ids.length);
		return this.db.select(org.jooq.impl.DSL.max(STATUS_EVENT.CREATED))
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.INTEGRATION_STATUS_ID.in(ids))
			.fetchSingle()
			.value1();
	}

	UUID lastEvent(long status) {
		return this.db.select(STATUS_EVENT.UUID)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.INTEGRATION_STATUS_ID.eq(status))
			.orderBy(STATUS_EVENT.ID.desc())
			.limit(1)
			.fetchSingle()
			.value1();
	}

	/**
	 * Every notification in creation order, as its items ("disconnected 12") in position
	 * order.
	 */
	List<List<String>> notifications() {
		Map<Long, List<String>> byNotification = new LinkedHashMap<>();
		this.db.select(NOTIFICATION.ID, NOTIFICATION_ITEM.WHAT, NOTIFICATION_ITEM.INTEGRATION_STATUS_ID)
			.from(NOTIFICATION)
			.leftJoin(NOTIFICATION_ITEM)
			.on(NOTIFICATION_ITEM.NOTIFICATION_ID.eq(NOTIFICATION.ID))
			.orderBy(NOTIFICATION.ID, NOTIFICATION_ITEM.POSITION)
			.forEach((r) -> byNotification.computeIfAbsent(r.value1(), (k) -> new ArrayList<>())
				.add(r.value2() + " " + r.value3()));
		return new ArrayList<>(byNotification.values());
	}

}
