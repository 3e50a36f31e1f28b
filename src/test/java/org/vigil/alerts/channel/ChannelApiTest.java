package org.vigil.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * /api/notification-channels/: what a channel shows (never its secret), what it may be,
 * and who sees and changes it.
 */
class ChannelApiTest extends ApiTest {

	private static final String CHANNELS = "/api/notification-channels/";

	private static final String PUBLIC_HOOK = "https://93.184.216.34/hook";

	private String acme;

	private String beta;

	private String acmeOwner;

	private String acmeManager;

	@BeforeEach
	void customersWithAnOwnerAndAManager() {
		this.acme = this.fixtures.customer("Acme Research");
		this.beta = this.fixtures.customer("Beta Labs");
		String owner = this.fixtures.user("owner");
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnCustomer(this.acme, owner, "CUSTOMER.OWNER");
		this.fixtures.grantOnCustomer(this.acme, manager, "CUSTOMER.MANAGER");
		this.acmeOwner = this.fixtures.token(owner);
		this.acmeManager = this.fixtures.token(manager);
	}

	@Test
	void aWebhookChannelShowsItsSettingsButNeverItsSecretNorTheCredentialsInItsUrl() {
		String hpc = this.fixtures.offering(this.acme, "HPC");
		Response created = this.api.post(CHANNELS, ADMIN,
				Map.of("name", "Acme ops", "kind", "webhook", "url", "https://hook:s3cret@93.184.216.34/hook?x=1",
						"secret", "hmac-key-123", "customer", this.acme, "offering_uuids", List.of(hpc), "agent_types",
						List.of("order processing", "2"), "alert_after", "PT5M", "repeat_every", "PT1H"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String uuid = created.field("uuid");
		for (Response shown : List.of(created, this.api.get(CHANNELS + uuid + "/", ADMIN),
				this.api.patch(CHANNELS + uuid + "/", ADMIN, Map.of("name", "Acme on-call")))) {
			assertThat(shown.status()).isEqualTo(200 + ((shown == created) ? 1 : 0));
			assertThat(shown.body()).doesNotContain("hmac-key-123").doesNotContain("s3cret");
			assertThat(shown.json()).doesNotContainKey("secret")
				.containsEntry("kind", "webhook")
				.containsEntry("url", "https://93.184.216.34/hook")
				.containsEntry("has_url_secret", true)
				.containsEntry("has_secret", true)
				.containsEntry("customer", this.acme)
				.containsEntry("customer_name", "Acme Research")
				.containsEntry("offering_uuids", List.of(hpc))
				.containsEntry("agent_types", List.of("Order processing", "Usage reporting"))
				.containsEntry("alert_after", "PT5M")
				.containsEntry("repeat_every", "PT1H")
				.containsEntry("enabled", true);
		}
		assertThat(this.api.get(CHANNELS, ADMIN).body()).doesNotContain("hmac-key-123")
			.doesNotContain("s3cret")
			.doesNotContain("x=1");
		assertThat(this.db.select(NOTIFICATION_CHANNEL.SECRET).from(NOTIFICATION_CHANNEL).fetchSingle().value1())
			.isEqualTo("hmac-key-123");
		Response cleared = this.api.patch(CHANNELS + uuid + "/", ADMIN,
				nulls("secret", "repeat_every", "offering_uuids", "agent_types"));
		assertThat(cleared.json()).containsEntry("has_secret", false)
			.containsEntry("repeat_every", null)
			.containsEntry("offering_uuids", List.of())
			.containsEntry("agent_types", List.of())
			.containsEntry("name", "Acme on-call");
	}

	@Test
	void anIncomingWebhookShowsOnlyItsOriginToEveryoneAndASentBackMaskKeepsIt() {
		String secretUrl = "https://hooks.slack.com/services/T0SECRET/B0SECRET/XXXXSECRET";
		Response created = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "Acme chat", "kind", "slack", "url", secretUrl, "customer", this.acme));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String uuid = created.field("uuid");
		for (Response shown : List.of(created, this.api.get(CHANNELS + uuid + "/", ADMIN),
				this.api.get(CHANNELS + uuid + "/", this.acmeManager), this.api.get(CHANNELS, ADMIN),
				this.api.get(CHANNELS, this.acmeOwner),
				this.api.patch(CHANNELS + uuid + "/", this.acmeOwner, Map.of("name", "Acme on-call chat")))) {
			assertThat(shown.body()).contains("\"url\":\"https://hooks.slack.com/\u2026\"")
				.contains("\"has_url_secret\":true")
				.doesNotContain("SECRET");
		}
		Response sentBack = this.api.patch(CHANNELS + uuid + "/", this.acmeOwner,
				Map.of("url", "https://hooks.slack.com/\u2026", "enabled", false));
		assertThat(sentBack.status()).as(sentBack.toString()).isEqualTo(200);
		assertThat(sentBack.json()).containsEntry("enabled", false);
		assertThat(this.db.select(NOTIFICATION_CHANNEL.URL).from(NOTIFICATION_CHANNEL).fetchSingle().value1())
			.isEqualTo(secretUrl);
		String newUrl = "https://hooks.slack.com/services/T1/B1/NEWKEY";
		Response changed = this.api.patch(CHANNELS + uuid + "/", this.acmeOwner, Map.of("url", newUrl));
		assertThat(changed.json()).containsEntry("url", "https://hooks.slack.com/\u2026");
		assertThat(this.db.select(NOTIFICATION_CHANNEL.URL).from(NOTIFICATION_CHANNEL).fetchSingle().value1())
			.isEqualTo(newUrl);

		Response plain = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "Plain", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.acme));
		assertThat(plain.json()).containsEntry("url", PUBLIC_HOOK).containsEntry("has_url_secret", false);
	}

	@Test
	void defaultsAreNoDelayNoRemindersEnabled() {
		Response created = this.api.post(CHANNELS, ADMIN,
				Map.of("name", "Mail", "kind", "email", "emails", List.of("ops@example.org", "oncall@example.org")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json()).containsEntry("alert_after", "PT0S")
			.containsEntry("repeat_every", null)
			.containsEntry("enabled", true)
			.containsEntry("customer", null)
			.containsEntry("url", null)
			.containsEntry("has_secret", false)
			.containsEntry("emails", List.of("ops@example.org", "oncall@example.org"));
	}

	@Test
	void invalidSettingsAreNamedFieldByField() {
		Response missing = this.api.post(CHANNELS, ADMIN, Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json()).containsKeys("name", "kind");
		Response bad = this.api.post(CHANNELS, ADMIN,
				Map.of("name", "x", "kind", "webhook", "url", "ftp://93.184.216.34/", "alert_after", "5 minutes",
						"repeat_every", "PT10S", "agent_types", List.of("Coffee making"), "offering_uuids",
						List.of("not-a-uuid"), "emails", List.of("a@example.org")));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json()).containsOnlyKeys("url", "alert_after", "repeat_every", "agent_types", "offering_uuids",
				"emails");
		assertThat(bad.json().get("alert_after").toString()).contains("ISO-8601");
		assertThat(this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "pager")).json()).containsKey("kind");
		assertThat(this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "slack")).json()).containsKey("url");
		assertThat(this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "email")).json()).containsKey("emails");
		assertThat(this.api
			.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "email", "emails", List.of("Bob <bob@example.org>")))
			.json()).containsKey("emails");
		assertThat(this.api
			.post(CHANNELS, ADMIN,
					Map.of("name", "x", "kind", "slack", "url", PUBLIC_HOOK, "alert_after", "-PT1M", "secret", "k"))
			.json()).containsOnlyKeys("alert_after", "secret");
		String betaOffering = this.fixtures.offering(this.beta, "Cloud");
		Response foreign = this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "webhook", "url", PUBLIC_HOOK,
				"customer", this.acme, "offering_uuids", List.of(betaOffering)));
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.json()).containsOnlyKeys("offering_uuids");
		Response wrongType = this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "email", "emails", "a@b.org"));
		assertThat(wrongType.status()).isEqualTo(400);
		String uuid = this.api.post(CHANNELS, ADMIN, Map.of("name", "x", "kind", "webhook", "url", PUBLIC_HOOK))
			.field("uuid");
		Response kindChange = this.api.patch(CHANNELS + uuid + "/", ADMIN, Map.of("kind", "slack"));
		assertThat(kindChange.status()).isEqualTo(400);
		assertThat(kindChange.json()).containsOnlyKeys("kind");
	}

	@Test
	void nonStaffChannelsMayNotTargetPrivateAddressesButStaffMay() {
		for (String url : List.of("http://127.0.0.1:8080/hook", "https://10.1.2.3/hook", "http://169.254.169.254/",
				"http://[::1]/hook", "http://192.168.0.10/")) {
			Response refused = this.api.post(CHANNELS, this.acmeOwner,
					Map.of("name", "x", "kind", "webhook", "url", url, "customer", this.acme));
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.json().get("url").toString()).contains("private address");
		}
		Response staff = this.api.post(CHANNELS, ADMIN,
				Map.of("name", "x", "kind", "webhook", "url", "http://127.0.0.1:8080/hook", "customer", this.acme));
		assertThat(staff.status()).as(staff.toString()).isEqualTo(201);
		Response owner = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "y", "kind", "slack", "url", PUBLIC_HOOK, "customer", this.acme));
		assertThat(owner.status()).as(owner.toString()).isEqualTo(201);
		assertThat(this.db.select(NOTIFICATION_CHANNEL.NAME, NOTIFICATION_CHANNEL.SAVED_BY_STAFF)
			.from(NOTIFICATION_CHANNEL)
			.orderBy(NOTIFICATION_CHANNEL.ID)
			.fetch((r) -> r.value1() + "=" + r.value2())).containsExactly("x=true", "y=false");
		// An owner renaming the staff's channel keeps its address allowed; moving it
		// elsewhere is checked as theirs.
		String staffChannel = staff.field("uuid");
		assertThat(this.api.patch(CHANNELS + staffChannel + "/", this.acmeOwner, Map.of("name", "z")).status())
			.isEqualTo(200);
		assertThat(this.api.patch(CHANNELS + staffChannel + "/", this.acmeOwner, Map.of("url", "http://10.0.0.1/"))
			.status()).isEqualTo(400);
	}

	@Test
	void ownersManageTheirCustomersChannelsAndNoOneElses() {
		Response ownChannel = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "Acme", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.acme));
		assertThat(ownChannel.status()).as(ownChannel.toString()).isEqualTo(201);
		String acmeChannel = ownChannel.field("uuid");
		Response forBeta = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "Beta", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.beta));
		assertThat(forBeta.status()).isEqualTo(400);
		assertThat(forBeta.json().get("customer").toString()).contains("does not exist");
		Response global = this.api.post(CHANNELS, this.acmeOwner,
				Map.of("name", "All", "kind", "webhook", "url", PUBLIC_HOOK));
		assertThat(global.status()).isEqualTo(400);
		assertThat(global.json()).containsKey("customer");
		String betaChannel = this.api
			.post(CHANNELS, ADMIN, Map.of("name", "Beta", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.beta))
			.field("uuid");
		String globalChannel = this.api
			.post(CHANNELS, ADMIN, Map.of("name", "All", "kind", "webhook", "url", PUBLIC_HOOK))
			.field("uuid");
		for (String other : List.of(betaChannel, globalChannel)) {
			assertThat(this.api.get(CHANNELS + other + "/", this.acmeOwner).status()).isEqualTo(404);
			assertThat(this.api.patch(CHANNELS + other + "/", this.acmeOwner, Map.of("name", "mine")).status())
				.isEqualTo(404);
			assertThat(this.api.delete(CHANNELS + other + "/", this.acmeOwner).status()).isEqualTo(404);
		}
		Response list = this.api.get(CHANNELS, this.acmeOwner);
		assertThat(list.header("X-Result-Count")).isEqualTo("1");
		assertThat(list.list()).extracting((c) -> c.get("uuid")).containsExactly(acmeChannel);
		assertThat(this.api.get(CHANNELS, ADMIN).header("X-Result-Count")).isEqualTo("3");
		assertThat(this.api.patch(CHANNELS + acmeChannel + "/", this.acmeOwner, Map.of("enabled", false)).json())
			.containsEntry("enabled", false);
		assertThat(this.api.delete(CHANNELS + acmeChannel + "/", this.acmeOwner).status()).isEqualTo(204);
		assertThat(this.api.get(CHANNELS + acmeChannel + "/", this.acmeOwner).status()).isEqualTo(404);
	}

	@Test
	void managersSeeTheirCustomersChannelsButDoNotChangeThem() {
		String channel = this.api
			.post(CHANNELS, ADMIN, Map.of("name", "Acme", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.acme))
			.field("uuid");
		assertThat(this.api.get(CHANNELS + channel + "/", this.acmeManager).status()).isEqualTo(200);
		assertThat(this.api.get(CHANNELS, this.acmeManager).list()).hasSize(1);
		assertThat(this.api.patch(CHANNELS + channel + "/", this.acmeManager, Map.of("name", "x")).status())
			.isEqualTo(403);
		assertThat(this.api.delete(CHANNELS + channel + "/", this.acmeManager).status()).isEqualTo(403);
		assertThat(this.api
			.post(CHANNELS, this.acmeManager,
					Map.of("name", "x", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.acme))
			.status()).isEqualTo(403);
		String stranger = this.fixtures.userWithToken("stranger");
		assertThat(this.api.get(CHANNELS + channel + "/", stranger).status()).isEqualTo(404);
		assertThat(this.api.get(CHANNELS, stranger).list()).isEmpty();
	}

	@Test
	void theListFiltersByCustomerAndKindAndPages() {
		this.api.post(CHANNELS, ADMIN,
				Map.of("name", "a", "kind", "webhook", "url", PUBLIC_HOOK, "customer", this.acme));
		this.api.post(CHANNELS, ADMIN, Map.of("name", "b", "kind", "slack", "url", PUBLIC_HOOK, "customer", this.acme));
		this.api.post(CHANNELS, ADMIN, Map.of("name", "c", "kind", "slack", "url", PUBLIC_HOOK, "customer", this.beta));
		assertThat(this.api.get(CHANNELS + "?customer_uuid=" + this.acme, ADMIN).list())
			.extracting((c) -> c.get("name"))
			.containsExactly("a", "b");
		assertThat(this.api.get(CHANNELS + "?kind=slack", ADMIN).list()).extracting((c) -> c.get("name"))
			.containsExactly("b", "c");
		Response page = this.api.get(CHANNELS + "?page_size=2&page=2", ADMIN);
		assertThat(page.header("X-Result-Count")).isEqualTo("3");
		assertThat(page.list()).extracting((c) -> c.get("name")).containsExactly("c");
		assertThat(page.header("Link")).contains("rel=\"prev\"");
		assertThat(this.api.get(CHANNELS + "?kind=pager", ADMIN).status()).isEqualTo(400);
		assertThat(this.api.get(CHANNELS + "?customer_uuid=nope", ADMIN).status()).isEqualTo(400);
		assertThat(this.api.get(CHANNELS + "nope/", ADMIN).status()).isEqualTo(404);
	}

	private static Map<String, Object> nulls(String... fields) {
		Map<String, Object> body = new HashMap<>();
		for (String field : fields) {
			body.put(field, null);
		}
		return body;
	}

}
