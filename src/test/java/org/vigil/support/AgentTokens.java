package org.vigil.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jooq.DSLContext;
import org.vigil.auth.TokenKeys;
import org.vigil.web.Uuids;

/** Agent tokens whose offerings went away, and what every path answers them. */
public final class AgentTokens {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private AgentTokens() {
	}

	/**
	 * An agent token of the user {@code admin} for these offerings (mirrored ones too),
	 * written as a token created before agent tokens for mirrored offerings were refused
	 * is left by the migration that stored the kinds; returns its key.
	 */
	public static String existingAgentToken(DSLContext db, String... offeringUuids) {
		String key = TokenKeys.generate();
		long account = db.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq("admin")).fetchSingle().value1();
		long token = db.insertInto(TOKEN)
			.set(TOKEN.UUID, UUID.randomUUID())
			.set(TOKEN.ACCOUNT_ID, account)
			.set(TOKEN.KEY_DIGEST, TokenKeys.digest(key))
			.set(TOKEN.LABEL, "agent from before")
			.set(TOKEN.KIND, "agent")
			.set(TOKEN.CREATED, Instant.now())
			.returningResult(TOKEN.ID)
			.fetchSingle()
			.value1();
		for (String offering : offeringUuids) {
			db.insertInto(TOKEN_OFFERING)
				.set(TOKEN_OFFERING.TOKEN_ID, token)
				.set(TOKEN_OFFERING.OFFERING_ID,
						db.select(OFFERING.ID)
							.from(OFFERING)
							.where(OFFERING.UUID.eq(Uuids.parse(offering).orElseThrow()))
							.fetchSingle()
							.value1())
				.execute();
		}
		return key;
	}

	/**
	 * Every kind of request, read and write, staff-only and anyone's, is 401
	 * {@code {"detail": "Invalid token."}} for this key: it is nobody's key any more.
	 */
	public static void assertInvalidEverywhere(Api api, String key, String offering) {
		// Each refusal counts as a failed authentication of the client's address: these
		// come from an address of their own, so that they leave the test's own address
		// under the limit.
		Map<String, String> from = Map.of("X-Forwarded-For",
				"198.51.100." + ThreadLocalRandom.current().nextInt(1, 255));
		Map<String, String> requests = new LinkedHashMap<>();
		requests.put("GET /api/users/", null);
		requests.put("GET /api/users/me/", null);
		requests.put("POST /api/users/", "{\"username\": \"intruder\", \"is_staff\": true}");
		requests.put("POST /api/customers/", "{\"name\": \"Taken Over\"}");
		requests.put("GET /api/marketplace-integration-statuses/", null);
		requests.put("GET /api/marketplace-provider-offerings/", null);
		requests.put("GET /api/marketplace-integration-status-events/stream/", null);
		requests.put("GET /api/mirror-sources/", null);
		requests.put("GET /actuator/prometheus", null);
		requests.put("POST " + CHECK_IN,
				"{\"offering_uuid\": \"" + offering + "\", \"agent_type\": \"Order processing\"}");
		requests.forEach((request, body) -> {
			String[] parts = request.split(" ");
			Api.Response answer = api.send(parts[0], parts[1], key, body, from);
			assertThat(answer.status()).as(request + ": " + answer).isEqualTo(401);
			assertThat(answer.json()).as(request).isEqualTo(Map.of("detail", "Invalid token."));
		});
	}

	/** Whatever it answers, this key is never let in beyond a check-in. */
	public static void assertNotAdmitted(Api api, String key) {
		for (Api.Response answer : new Api.Response[] { api.get("/api/users/", key),
				api.post("/api/customers/", key, Map.of("name", "Taken Over")) }) {
			assertThat(answer.status()).as(answer.toString()).isIn(401, 403);
		}
	}

}
