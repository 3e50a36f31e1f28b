package org.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.AUDIT_EVENT;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.TOKEN;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.auth.TokenKeys;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

/**
 * {@code /api/audit-events/}: every administrative write leaves one event naming who did
 * what, with the changed fields; secrets never in clear; staff see all, an owner its
 * customer's objects, anybody else nothing; a change that fails leaves no event.
 */
class AuditLogTest extends ApiTest {

	private static final String EVENTS = "/api/audit-events/";

	private static final String PUBLIC_HOOK = "https://93.184.216.34/hook";

	private static final String SLACK_SECRET_PATH = "/services/T0001/B0002/slack-path-secret-xyz";

	@Test
	void everyAdministrativeWriteLeavesAnEventWithWhoWhatAndTheChangedFields() {
		String admin = this.api.get("/api/users/me/", ADMIN).field("uuid");
		String adminToken = Uuids.hex(this.db.select(TOKEN.UUID)
			.from(TOKEN)
			.join(ACCOUNT)
			.on(ACCOUNT.ID.eq(TOKEN.ACCOUNT_ID))
			.where(ACCOUNT.USERNAME.eq("admin"))
			.fetchSingle()
			.value1());
		List<String> expected = new ArrayList<>();

		String alice = created(this.api.post("/api/users/", ADMIN, Map.of("username", "alice")));
		assertEvent(expected, "create", "user", alice).containsEntry("username", Arrays.asList(null, "alice"))
			.containsEntry("is_staff", Arrays.asList(null, false))
			.containsEntry("is_active", Arrays.asList(null, true));
		ok(this.api.patch("/api/users/" + alice + "/", ADMIN, Map.of("is_support", true, "is_active", true)));
		assertEvent(expected, "update", "user", alice).containsOnlyKeys("is_support")
			.containsEntry("is_support", List.of(false, true));
		// Nothing changed, nothing to tell.
		ok(this.api.patch("/api/users/" + alice + "/", ADMIN, Map.of("is_support", true)));

		String acme = created(this.api.post("/api/customers/", ADMIN, Map.of("name", "Acme")));
		assertEvent(expected, "create", "customer", acme).containsEntry("name", Arrays.asList(null, "Acme"));
		String hpc = created(this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "HPC", "customer", acme, "slug", "hpc")));
		assertEvent(expected, "create", "offering", hpc).containsEntry("slug", Arrays.asList(null, "hpc"))
			.containsEntry("customer", Arrays.asList(null, acme));

		Response token = this.api.post("/api/users/" + alice + "/tokens/", ADMIN,
				Map.of("label", "laptop", "offering_uuids", List.of(hpc)));
		String tokenUuid = created(token);
		assertEvent(expected, "create", "token", tokenUuid).containsEntry("user", Arrays.asList(null, alice))
			.containsEntry("label", Arrays.asList(null, "laptop"))
			.containsEntry("offering_uuids", Arrays.asList(null, List.of(hpc)))
			.doesNotContainKey("key");
		assertThat(this.api.delete("/api/users/" + alice + "/tokens/" + tokenUuid + "/", ADMIN).status())
			.isEqualTo(204);
		assertEvent(expected, "revoke", "token", tokenUuid).containsEntry("label", Arrays.asList("laptop", null));

		Map<String, Object> owner = Map.of("user", alice, "role", "CUSTOMER.OWNER");
		assertThat(this.api.post("/api/customers/" + acme + "/add_user/", ADMIN, owner).status()).isEqualTo(201);
		assertEvent(expected, "add_role", "role", acme).containsEntry("user", Arrays.asList(null, alice))
			.containsEntry("username", Arrays.asList(null, "alice"))
			.containsEntry("role", Arrays.asList(null, "CUSTOMER.OWNER"));
		// Held already: nothing changed.
		assertThat(this.api.post("/api/customers/" + acme + "/add_user/", ADMIN, owner).status()).isEqualTo(200);
		assertThat(this.api.post("/api/customers/" + acme + "/delete_user/", ADMIN, owner).status()).isEqualTo(204);
		assertEvent(expected, "remove_role", "role", acme).containsEntry("role", Arrays.asList("CUSTOMER.OWNER", null));
		assertThat(this.api.post("/api/customers/" + acme + "/delete_user/", ADMIN, owner).status()).isEqualTo(204);
		Map<String, Object> manager = Map.of("user", alice, "role", "OFFERING.MANAGER");
		assertThat(this.api.post("/api/marketplace-provider-offerings/" + hpc + "/add_user/", ADMIN, manager).status())
			.isEqualTo(201);
		assertEvent(expected, "add_role", "role", hpc).containsEntry("role", Arrays.asList(null, "OFFERING.MANAGER"));
		assertThat(
				this.api.post("/api/marketplace-provider-offerings/" + hpc + "/delete_user/", ADMIN, manager).status())
			.isEqualTo(204);
		assertEvent(expected, "remove_role", "role", hpc);

		String channel = created(this.api.post("/api/notification-channels/", ADMIN, Map.of("name", "Ops", "kind",
				"webhook", "url", PUBLIC_HOOK, "secret", "hmac-1", "customer", acme, "alert_after", "PT5M")));
		assertEvent(expected, "create", "channel", channel).containsEntry("name", Arrays.asList(null, "Ops"))
			.containsEntry("url", Arrays.asList(null, "https://93.184.216.34/hook"))
			.containsEntry("secret", Arrays.asList(null, "***"))
			.containsEntry("alert_after", Arrays.asList(null, "PT5M"));
		ok(this.api.patch("/api/notification-channels/" + channel + "/", ADMIN,
				Map.of("name", "Ops on-call", "secret", "hmac-2")));
		assertEvent(expected, "update", "channel", channel).containsOnlyKeys("name", "secret")
			.containsEntry("name", List.of("Ops", "Ops on-call"))
			.containsEntry("secret", List.of("***", "***"));
		assertThat(this.api.delete("/api/notification-channels/" + channel + "/", ADMIN).status()).isEqualTo(204);
		assertEvent(expected, "delete", "channel", channel).containsEntry("name", Arrays.asList("Ops on-call", null))
			.containsEntry("secret", Arrays.asList("***", null));

		Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String window = created(this.api.post("/api/maintenance-windows/", ADMIN, Map.of("customer", acme, "start",
				start.toString(), "end", start.plusSeconds(3600).toString(), "reason", "Upgrade")));
		assertEvent(expected, "create", "maintenance_window", window).containsEntry("reason",
				Arrays.asList(null, "Upgrade"));
		ok(this.api.patch("/api/maintenance-windows/" + window + "/", ADMIN, Map.of("reason", "Kernel upgrade")));
		assertEvent(expected, "update", "maintenance_window", window).containsOnlyKeys("reason");
		assertThat(this.api.delete("/api/maintenance-windows/" + window + "/", ADMIN).status()).isEqualTo(204);
		assertEvent(expected, "delete", "maintenance_window", window);

		String source = created(this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "upstream", "url", "https://waldur.example.org/api/", "token", "upstream-1")));
		assertEvent(expected, "create", "mirror_source", source)
			.containsEntry("url", Arrays.asList(null, "https://waldur.example.org/api/"))
			.containsEntry("poll_interval", Arrays.asList(null, "PT1M"))
			.containsEntry("token", Arrays.asList(null, "***"));
		ok(this.api.patch("/api/mirror-sources/" + source + "/", ADMIN,
				Map.of("poll_interval", "PT30S", "token", "upstream-2")));
		assertEvent(expected, "update", "mirror_source", source).containsOnlyKeys("poll_interval", "token")
			.containsEntry("poll_interval", List.of("PT1M", "PT30S"))
			.containsEntry("token", List.of("***", "***"));
		assertThat(this.api.delete("/api/mirror-sources/" + source + "/", ADMIN).status()).isEqualTo(204);
		assertEvent(expected, "delete", "mirror_source", source).containsEntry("name", Arrays.asList("upstream", null));

		List<Map<String, Object>> events = events(ADMIN, "page_size=300");
		assertThat(events).extracting((e) -> e.get("action") + " " + e.get("object_type") + " " + e.get("object_uuid"))
			.containsExactlyElementsOf(newestFirst(expected));
		assertThat(events).allSatisfy((event) -> {
			assertThat(event).containsEntry("user_uuid", admin)
				.containsEntry("username", "admin")
				.containsEntry("token_uuid", adminToken);
			assertThat(event.get("client_address")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
			assertThat(event.get("uuid")).asString().matches("[0-9a-f]{32}");
			assertThat(event.get("created")).asString().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
		});
	}

	@Test
	void theClientAddressIsTheOneTheFailedAuthenticationLimitCounts() {
		// From a proxy on the same machine, as nginx in front of Vigil sends it.
		Response created = this.api.send("POST", "/api/customers/", ADMIN, "{\"name\": \"Proxied\"}",
				Map.of("X-Forwarded-For", "203.0.113.7"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(latest(ADMIN)).containsEntry("client_address", "203.0.113.7");
	}

	@Test
	void keysSecretsTokensAndTheSecretPartOfChannelUrlsAreNeverInTheLog() {
		String alice = this.fixtures.user("alice");
		String key = this.fixtures.token(alice);
		String acme = this.fixtures.customer("Acme");
		String webhook = created(this.api.post("/api/notification-channels/", ADMIN,
				Map.of("name", "Hook", "kind", "webhook", "url",
						"https://hook-user:hook-password@93.184.216.34/hook?sig=query-secret", "secret",
						"hmac-secret-1", "customer", acme)));
		ok(this.api.patch("/api/notification-channels/" + webhook + "/", ADMIN,
				Map.of("secret", "hmac-secret-2", "url", "https://93.184.216.34/hook?sig=query-secret-2")));
		String slack = created(this.api.post("/api/notification-channels/", ADMIN, Map.of("name", "Team room", "kind",
				"slack", "url", "https://93.184.216.34" + SLACK_SECRET_PATH, "customer", acme)));
		ok(this.api.patch("/api/notification-channels/" + slack + "/", ADMIN,
				Map.of("url", "https://93.184.216.34" + SLACK_SECRET_PATH + "-2")));
		// The shown form stays the same, yet the change of URL is told.
		assertThat(changes(latest(ADMIN))).containsOnlyKeys("url")
			.containsEntry("url", List.of("https://93.184.216.34/\u2026", "https://93.184.216.34/\u2026"));
		String source = created(this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "upstream", "url", "https://waldur.example.org/api/", "token", "upstream-token-1")));
		ok(this.api.patch("/api/mirror-sources/" + source + "/", ADMIN, Map.of("token", "upstream-token-2")));
		assertThat(this.api.delete("/api/notification-channels/" + slack + "/", ADMIN).status()).isEqualTo(204);
		assertThat(this.api.delete("/api/mirror-sources/" + source + "/", ADMIN).status()).isEqualTo(204);

		Response list = this.api.get(EVENTS + "?page_size=300", ADMIN);
		assertThat(list.list()).hasSizeGreaterThanOrEqualTo(10);
		List<String> stored = this.db.select(AUDIT_EVENT.CHANGES).from(AUDIT_EVENT).fetch(AUDIT_EVENT.CHANGES);
		for (String raw : concat(list.body(), stored)) {
			assertThat(raw).doesNotContain(key, TokenKeys.digest(key), "hmac-secret", "hook-user", "hook-password",
					"query-secret", "slack-path-secret", "services/T0001", "upstream-token");
		}
	}

	@Test
	void staffSeeEveryEventAnOwnerThoseOfItsCustomersObjectsAndAnybodyElseNone() {
		String acme = this.fixtures.customer("Acme");
		String beta = this.fixtures.customer("Beta");
		String acmeHpc = this.fixtures.offering(acme, "Acme HPC");
		String betaHpc = this.fixtures.offering(beta, "Beta HPC");
		String owner = this.fixtures.user("owner");
		String manager = this.fixtures.user("manager");
		String offeringManager = this.fixtures.user("offering-manager");
		this.fixtures.grantOnCustomer(acme, owner, "CUSTOMER.OWNER");
		this.fixtures.grantOnCustomer(acme, manager, "CUSTOMER.MANAGER");
		this.fixtures.grantOnOffering(acmeHpc, offeringManager, "OFFERING.MANAGER");
		String ownerKey = this.fixtures.token(owner);
		String managerKey = this.fixtures.token(manager);
		String offeringManagerKey = this.fixtures.token(offeringManager);
		String supportKey = this.fixtures.token(this.fixtures.user(Map.of("username", "helper", "is_support", true)));
		String agentKey = this.fixtures.agentToken(this.fixtures.user("agent"), acmeHpc);
		// The owner changes its own customer's alerts; staff a global channel and Beta's.
		String acmeChannel = created(this.api.post("/api/notification-channels/", ownerKey,
				Map.of("name", "Acme ops", "kind", "slack", "url", PUBLIC_HOOK, "customer", acme)));
		String global = created(this.api.post("/api/notification-channels/", ADMIN,
				Map.of("name", "Everything", "kind", "slack", "url", PUBLIC_HOOK)));
		String betaChannel = created(this.api.post("/api/notification-channels/", ADMIN,
				Map.of("name", "Beta ops", "kind", "slack", "url", PUBLIC_HOOK, "customer", beta)));

		List<Map<String, Object>> all = events(ADMIN, "page_size=300");
		assertThat(all).extracting((e) -> e.get("object_uuid"))
			.contains(acme, beta, acmeHpc, betaHpc, owner, acmeChannel, global, betaChannel);

		List<Map<String, Object>> owners = events(ownerKey, "page_size=300");
		assertThat(owners).extracting((e) -> e.get("action") + " " + e.get("object_type") + " " + e.get("object_uuid"))
			.containsExactlyInAnyOrder("create customer " + acme, "create offering " + acmeHpc, "add_role role " + acme,
					"add_role role " + acme, "add_role role " + acmeHpc, "create channel " + acmeChannel);
		assertThat(owners).filteredOn((e) -> e.get("object_uuid").equals(acmeChannel))
			.singleElement()
			.satisfies((e) -> assertThat(e).containsEntry("username", "owner").containsEntry("user_uuid", owner));
		Response ofBeta = this.api.get(EVENTS + "?object_uuid=" + beta, ownerKey);
		assertThat(ofBeta.status()).isEqualTo(200);
		assertThat(ofBeta.list()).isEmpty();
		assertThat(ofBeta.header("X-Result-Count")).isEqualTo("0");

		for (String key : List.of(managerKey, offeringManagerKey, supportKey)) {
			Response none = this.api.get(EVENTS, key);
			assertThat(none.status()).isEqualTo(200);
			assertThat(none.list()).isEmpty();
			assertThat(none.header("X-Result-Count")).isEqualTo("0");
		}
		assertThat(this.api.get(EVENTS, agentKey).status()).isEqualTo(403);
		assertThat(this.api.get(EVENTS, null).status()).isEqualTo(401);
	}

	@Test
	void aChangeThatFailsLeavesNoEventAndAnEventThatCannotBeWrittenFailsTheChange() {
		String acme = this.fixtures.customer("Acme");
		this.fixtures.offering(Map.of("name", "HPC", "customer", acme, "slug", "hpc"));
		this.fixtures.user("alice");
		String someone = this.fixtures.userWithToken("someone");
		int before = events(ADMIN, "page_size=300").size();

		assertThat(this.api
			.post("/api/marketplace-provider-offerings/", ADMIN,
					Map.of("name", "Other", "customer", acme, "slug", "hpc"))
			.status()).isEqualTo(400);
		assertThat(this.api.post("/api/users/", ADMIN, Map.of("username", "alice")).status()).isEqualTo(400);
		assertThat(this.api.post("/api/customers/", someone, Map.of("name", "Mine")).status()).isEqualTo(403);
		assertThat(this.api
			.post("/api/notification-channels/", ADMIN, Map.of("name", "Bad", "kind", "pigeon", "customer", acme))
			.status()).isEqualTo(400);
		assertThat(events(ADMIN, "page_size=300")).hasSize(before);

		// The database refuses this one event: the customer it tells of must not exist.
		this.db.execute("ALTER TABLE audit_event ADD CONSTRAINT audit_event_refuses_customers "
				+ "CHECK (changes NOT LIKE '%Unrecorded%')");
		try {
			Response refused = this.api.post("/api/customers/", ADMIN, Map.of("name", "Unrecorded"));
			assertThat(refused.status()).as(refused.toString()).isGreaterThanOrEqualTo(500);
			assertThat(refused.json()).containsKey("detail");
		}
		finally {
			this.db.execute("ALTER TABLE audit_event DROP CONSTRAINT audit_event_refuses_customers");
		}
		assertThat(this.db.fetchCount(CUSTOMER, CUSTOMER.NAME.eq("Unrecorded"))).isZero();
		assertThat(events(ADMIN, "page_size=300")).hasSize(before);
	}

	@Test
	void eventsAreFilteredAndPagedNewestFirst() {
		String acme = this.fixtures.customer("Acme");
		String alice = this.fixtures.user(Map.of("username", "alice", "is_staff", true));
		String aliceKey = this.fixtures.token(alice);
		String hpc = created(this.api.post("/api/marketplace-provider-offerings/", aliceKey,
				Map.of("name", "HPC", "customer", acme)));
		String channel = created(this.api.post("/api/notification-channels/", aliceKey,
				Map.of("name", "Ops", "kind", "slack", "url", PUBLIC_HOOK, "customer", acme)));
		ok(this.api.patch("/api/notification-channels/" + channel + "/", ADMIN, Map.of("name", "Ops 2")));
		List<Map<String, Object>> all = events(ADMIN, "page_size=300");
		assertThat(all).hasSize(6);
		List<String> created = all.stream().map((e) -> (String) e.get("created")).toList();
		assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));

		assertThat(events(ADMIN, "object_type=channel")).extracting((e) -> e.get("action"))
			.containsExactly("update", "create");
		assertThat(events(ADMIN, "object_type=offering,customer")).extracting((e) -> e.get("object_uuid"))
			.containsExactly(hpc, acme);
		assertThat(events(ADMIN, "object_uuid=" + channel + "&action=create")).singleElement()
			.satisfies((e) -> assertThat(e).containsEntry("username", "alice"));
		assertThat(events(ADMIN, "user_uuid=" + alice)).extracting((e) -> e.get("object_uuid"))
			.containsExactly(channel, hpc);
		String middle = created.get(2);
		assertThat(events(ADMIN, "created_after=" + middle)).extracting((e) -> e.get("created"))
			.containsExactlyElementsOf(created.stream().filter((c) -> c.compareTo(middle) >= 0).toList());
		assertThat(events(ADMIN, "created_before=" + middle)).extracting((e) -> e.get("created"))
			.containsExactlyElementsOf(created.stream().filter((c) -> c.compareTo(middle) <= 0).toList());
		assertThat(events(ADMIN, "created_after=2000-01-01&created_before=2000-01-02")).isEmpty();

		Response first = this.api.get(EVENTS + "?page_size=4", ADMIN);
		assertThat(first.header("X-Result-Count")).isEqualTo("6");
		assertThat(first.header("Link")).contains("page=2&page_size=4>; rel=\"next\"");
		Response second = this.api.get(EVENTS + "?page_size=4&page=2", ADMIN);
		List<Map<String, Object>> paged = new ArrayList<>(first.list());
		paged.addAll(second.list());
		assertThat(paged).isEqualTo(all);
		assertThat(this.api.get(EVENTS + "?page_size=4&page=3", ADMIN).status()).isEqualTo(404);
		assertThat(this.api.head(EVENTS + "?object_type=channel", ADMIN).header("X-Result-Count")).isEqualTo("2");

		for (String bad : List.of("object_type=planet", "action=explode", "object_uuid=nope", "user_uuid=1",
				"created_after=yesterday")) {
			Response refused = this.api.get(EVENTS + "?" + bad, ADMIN);
			assertThat(refused.status()).as(bad).isEqualTo(400);
			assertThat(refused.json()).as(bad).containsKey(bad.substring(0, bad.indexOf('=')));
		}
	}

	private List<Map<String, Object>> events(String key, String query) {
		Response response = this.api.get(EVENTS + "?" + query, key);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list();
	}

	private Map<String, Object> latest(String key) {
		return events(key, "page_size=1").get(0);
	}

	/** Checks the newest event and returns its changes for more checks. */
	private org.assertj.core.api.MapAssert<String, Object> assertEvent(List<String> expected, String action,
			String objectType, String objectUuid) {
		expected.add(action + " " + objectType + " " + objectUuid);
		Map<String, Object> event = latest(ADMIN);
		assertThat(event).containsEntry("action", action)
			.containsEntry("object_type", objectType)
			.containsEntry("object_uuid", objectUuid);
		return assertThat(changes(event));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> changes(Map<String, Object> event) {
		return new HashMap<>((Map<String, Object>) event.get("changes"));
	}

	private static String created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("uuid");
	}

	private static void ok(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static List<String> newestFirst(List<String> events) {
		List<String> reversed = new ArrayList<>(events);
		Collections.reverse(reversed);
		return reversed;
	}

	private static List<String> concat(String first, List<String> rest) {
		List<String> all = new ArrayList<>(rest);
		all.add(first);
		return all;
	}

}
