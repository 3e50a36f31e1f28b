package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.TOKEN;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.auth.TokenKeys;
import org.vigil.support.Api.Response;
import org.vigil.support.AgentTokens;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

class AuthenticationTest extends ApiTest {

	private static final String NOT_PROVIDED = "Authentication credentials were not provided.";

	private static final String INVALID = "Invalid token.";

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	@Test
	void noHeaderIs401AskingForAToken() {
		Response response = this.api.get("/api/customers/", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("detail", NOT_PROVIDED);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Token");
	}

	@Test
	void everyApiEndpointNeedsCredentials() {
		for (String path : new String[] { "/api/marketplace-provider-offerings/", "/api/users/", "/api/users/me/",
				"/api/customers/0123456789abcdef0123456789abcdef/", "/actuator/prometheus", "/api/no-such-thing/" }) {
			assertThat(this.api.get(path, null).status()).as(path).isEqualTo(401);
		}
	}

	@Test
	void healthNeedsNoCredentials() {
		assertThat(this.api.get("/actuator/health", null).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/liveness", null).json()).containsEntry("status", "UP");
		assertThat(this.api.get("/actuator/health/readiness", null).json()).containsEntry("status", "UP");
	}

	@Test
	void malformedHeadersAre401() {
		assertThat(withHeader("Basic YWRtaW46YWRtaW4=").json()).containsEntry("detail", NOT_PROVIDED);
		assertThat(withHeader("Token").status()).isEqualTo(401);
		assertThat(withHeader("Token a b").status()).isEqualTo(401);
		assertThat(withHeader("Bearer Token").status()).isEqualTo(401);
		assertThat(withHeader("").status()).isEqualTo(401);
		assertThat(withHeader("Token " + ADMIN + " extra").header("WWW-Authenticate")).isEqualTo("Token");
	}

	@Test
	void unknownKeyIsInvalid() {
		Response response = withHeader("Token " + TokenKeys.generate());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("detail", INVALID);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Token");
	}

	@Test
	void everyAcceptedHeaderFormWorks() {
		String key = this.fixtures.userWithToken("alice");
		for (String header : new String[] { "Token " + key, "Bearer " + key, "Bearer Token " + key, "token " + key,
				"bearer  " + key }) {
			Response response = withHeader(header);
			assertThat(response.status()).as(header).isEqualTo(200);
			assertThat(response.json()).as(header).containsEntry("username", "alice");
		}
	}

	@Test
	void revokedKeyStopsWorkingAtOnce() {
		String user = this.fixtures.user("bob");
		Response created = this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of());
		String key = created.field("key");
		assertThat(this.api.get("/api/users/me/", key).status()).isEqualTo(200);

		Response revoked = this.api.delete("/api/users/" + user + "/tokens/" + created.field("uuid") + "/", ADMIN);
		assertThat(revoked.status()).isEqualTo(204);

		Response after = this.api.get("/api/users/me/", key);
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.json()).containsEntry("detail", INVALID);
	}

	@Test
	void expiredKeyIsInvalid() {
		String key = this.fixtures.userWithToken("carol");
		this.db.update(TOKEN)
			.set(TOKEN.EXPIRES_AT, Instant.now().minus(1, ChronoUnit.MINUTES))
			.where(TOKEN.KEY_DIGEST.eq(TokenKeys.digest(key)))
			.execute();
		Response response = this.api.get("/api/users/me/", key);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("detail", INVALID);
	}

	@Test
	void keyWithFutureExpiryWorksAndShowsIt() {
		String user = this.fixtures.user("dave");
		Response created = this.api.post("/api/users/" + user + "/tokens/", ADMIN,
				Map.of("expires_at", "2099-01-01T00:00:00Z"));
		assertThat(created.json()).containsEntry("expires_at", "2099-01-01T00:00:00.000000Z");
		assertThat(this.api.get("/api/users/me/", created.field("key")).status()).isEqualTo(200);
	}

	@Test
	void inactiveUserIsInvalidFromTheNextRequest() {
		String user = this.fixtures.user("erin");
		String key = this.fixtures.token(user);
		assertThat(this.api.get("/api/users/me/", key).status()).isEqualTo(200);

		assertThat(this.api.patch("/api/users/" + user + "/", ADMIN, Map.of("is_active", false)).status())
			.isEqualTo(200);

		Response response = this.api.get("/api/users/me/", key);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("detail", INVALID);
	}

	@Test
	void keysAreRandom40HexDigitsAndOnlyTheirDigestIsStored() {
		String user = this.fixtures.user("frank");
		String key = this.fixtures.token(user);
		assertThat(key).matches("[0-9a-f]{40}");
		assertThat(this.fixtures.token(user)).isNotEqualTo(key);
		assertThat(this.db.fetchExists(TOKEN, TOKEN.KEY_DIGEST.eq(key))).isFalse();
		assertThat(this.db.fetchExists(TOKEN, TOKEN.KEY_DIGEST.eq(TokenKeys.digest(key)))).isTrue();
	}

	@Test
	void keyIsShownOnlyAtCreation() {
		String user = this.fixtures.user("gina");
		this.fixtures.token(user);
		Response listed = this.api.get("/api/users/" + user + "/tokens/", ADMIN);
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.list()).hasSize(1).allSatisfy((token) -> assertThat(token).doesNotContainKey("key"));
	}

	@Test
	void agentTokenMayOnlyCheckIn() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String key = this.fixtures.agentToken(this.fixtures.user("agent"), offering);
		Response response = this.api.get("/api/marketplace-provider-offerings/", key);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("detail").toString()).contains("check-in");
	}

	@Test
	void agentTokensAreMadeWithAtLeastOneOfferingAndSayWhatTheyAre() {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		String user = this.fixtures.user("agent");
		Response empty = this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("offering_uuids", List.of()));
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json()).containsOnlyKeys("offering_uuids");
		Response twice = this.api.post("/api/users/" + user + "/tokens/", ADMIN,
				Map.of("offering_uuids", List.of(offering, offering.toUpperCase())));
		assertThat(twice.status()).as(twice.body()).isEqualTo(201);
		assertThat(twice.json()).containsEntry("kind", "agent").containsEntry("offering_uuids", List.of(offering));
		assertThat(this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of()).json()).containsEntry("kind",
				"user");
	}

	@Test
	void anAgentTokenWhoseOfferingWasDeletedBehindVigilsBackIsNeverWidened() {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		String admin = this.api.get("/api/users/me/", ADMIN).field("uuid");
		String key = this.fixtures.agentToken(admin, offering);
		Map<String, Object> checkIn = Map.of("offering_uuid", offering, "agent_type", "Order processing");
		assertThat(this.api.post(CHECK_IN, key, checkIn).status()).isEqualTo(200);

		// An operator deletes the offering in SQL (its token_offering rows go in the
		// cascade); Vigil is not told, so its cached credentials stay: those of an agent
		// token for an offering that is no more.
		long id = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(Uuids.parse(offering).orElseThrow()))
			.fetchSingle()
			.value1();
		this.db.execute("DELETE FROM offering WHERE id = " + id);
		AgentTokens.assertNotAdmitted(this.api, key);
		assertThat(this.api.post(CHECK_IN, key, checkIn).status()).isIn(401, 404);

		// Once the credentials are looked up again, it is nobody's key.
		this.fixtures.user("someone");
		AgentTokens.assertInvalidEverywhere(this.api, key, offering);
		assertThat(this.api.get("/api/users/" + admin + "/tokens/", ADMIN).list())
			.filteredOn((token) -> "agent".equals(token.get("kind")))
			.singleElement()
			.satisfies((token) -> assertThat(token).containsEntry("offering_uuids", List.of()));
	}

	private Response withHeader(String header) {
		return this.api.send("GET", "/api/users/me/", null, null, Map.of("Authorization", header));
	}

}
