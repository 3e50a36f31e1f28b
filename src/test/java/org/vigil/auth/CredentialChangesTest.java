package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A change to what a token may do, made on one instance, is honoured by another instance
 * on the same database within the documented poll ({@code vigil.auth.epoch-poll}),
 * although that instance had the credentials cached.
 */
class CredentialChangesTest extends ApiTest {

	private static final Duration POLL = Duration.ofMillis(300);

	/** The poll, plus room for a busy machine. */
	private static final Duration WITHIN = POLL.plusSeconds(2);

	@Autowired
	private Environment environment;

	@Test
	void aRevocationOnOneInstanceIsHonouredByAnotherWithinThePoll() throws Exception {
		String user = this.fixtures.user("alice");
		var created = this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of());
		String key = created.field("key");
		try (Instance other = startOther()) {
			Api second = other.api();
			assertThat(second.get("/api/users/me/", key).status()).isEqualTo(200);

			assertThat(this.api.delete("/api/users/" + user + "/tokens/" + created.field("uuid") + "/", ADMIN).status())
				.isEqualTo(204);
			assertThat(this.api.get("/api/users/me/", key).status()).as("on the instance that revoked").isEqualTo(401);
			awaitWithin(() -> second.get("/api/users/me/", key).status(), 401);
		}
	}

	@Test
	void aRemovedRoleAndADeactivatedUserAreHonouredByAnotherInstance() throws Exception {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String user = this.fixtures.user("bob");
		this.fixtures.grantOnCustomer(customer, user, "CUSTOMER.OWNER");
		String key = this.fixtures.token(user);
		String checkIn = "/api/marketplace-integration-statuses/check_in/";
		Map<String, Object> body = Map.of("offering_uuid", offering, "agent_type", 1);
		try (Instance other = startOther()) {
			Api second = other.api();
			assertThat(second.post(checkIn, key, body).status()).isEqualTo(200);

			assertThat(this.api
				.post("/api/customers/" + customer + "/delete_user/", ADMIN,
						Map.of("user", user, "role", "CUSTOMER.OWNER"))
				.status()).isEqualTo(204);
			awaitWithin(() -> second.post(checkIn, key, body).status(), 404);

			assertThat(this.api.patch("/api/users/" + user + "/", ADMIN, Map.of("is_active", false)).status())
				.isEqualTo(200);
			awaitWithin(() -> second.get("/api/users/me/", key).status(), 401);
		}
	}

	private Instance startOther() {
		return Instance.start(Map.of("spring.datasource.url", this.environment.getProperty("spring.datasource.url"),
				"vigil.auth.epoch-poll", POLL.toMillis() + "ms"));
	}

	private static void awaitWithin(IntSupplier status, int expected) {
		Await.atMost(WITHIN)
			.untilAsserted(() -> assertThat(status.getAsInt()).as("answer within %s", WITHIN).isEqualTo(expected));
	}

}
