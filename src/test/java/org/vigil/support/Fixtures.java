package org.vigil.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a directory through the administration API, as an operator would, checking each
 * step.
 */
public final class Fixtures {

	private final Api api;

	private final String admin;

	public Fixtures(Api api, String admin) {
		this.api = api;
		this.admin = admin;
	}

	/** Creates a customer; returns its UUID (32 hex digits). */
	public String customer(String name) {
		return created(this.api.post("/api/customers/", this.admin, Map.of("name", name))).field("uuid");
	}

	/** Creates an offering of the customer; returns its UUID. */
	public String offering(String customerUuid, String name) {
		return offering(Map.of("name", name, "customer", customerUuid));
	}

	public String offering(Map<String, Object> body) {
		return created(this.api.post("/api/marketplace-provider-offerings/", this.admin, body)).field("uuid");
	}

	/** Creates a user; returns its UUID. */
	public String user(String username) {
		return user(Map.of("username", username));
	}

	public String user(Map<String, Object> body) {
		return created(this.api.post("/api/users/", this.admin, body)).field("uuid");
	}

	/** A new token for the user; returns its key. */
	public String token(String userUuid) {
		return created(this.api.post("/api/users/" + userUuid + "/tokens/", this.admin, Map.of())).field("key");
	}

	/**
	 * A new agent token, valid only for check-ins of these offerings; returns its key.
	 */
	public String agentToken(String userUuid, String... offeringUuids) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("offering_uuids", List.of(offeringUuids));
		return created(this.api.post("/api/users/" + userUuid + "/tokens/", this.admin, body)).field("key");
	}

	/** A user with a token of their own; returns the key. */
	public String userWithToken(String username) {
		return token(user(username));
	}

	public void grantOnCustomer(String customerUuid, String userUuid, String role) {
		Api.Response response = this.api.post("/api/customers/" + customerUuid + "/add_user/", this.admin,
				Map.of("user", userUuid, "role", role));
		assertThat(response.status()).as(response.toString()).isIn(200, 201);
	}

	public void grantOnOffering(String offeringUuid, String userUuid, String role) {
		Api.Response response = this.api.post("/api/marketplace-provider-offerings/" + offeringUuid + "/add_user/",
				this.admin, Map.of("user", userUuid, "role", role));
		assertThat(response.status()).as(response.toString()).isIn(200, 201);
	}

	private static Api.Response created(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response;
	}

}
