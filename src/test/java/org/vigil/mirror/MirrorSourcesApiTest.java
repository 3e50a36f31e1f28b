package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.MIRROR_SOURCE;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

/**
 * {@code /api/mirror-sources/}: staff only, the token write-only, settings checked with
 * field errors.
 */
class MirrorSourcesApiTest extends ApiTest {

	private static final Map<String, Object> SOURCE = Map.of("name", "waldur", "url", "https://waldur.example.org/api",
			"token", "secret-upstream-token-42");

	@Test
	void staffRegisterChangeAndRemoveSourcesAndNeverSeeTheToken() {
		Response created = this.api.post("/api/mirror-sources/", ADMIN, SOURCE);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).doesNotContain("secret-upstream-token-42");
		Map<String, Object> source = created.json();
		assertThat(source).containsEntry("name", "waldur")
			.containsEntry("url", "https://waldur.example.org/api/")
			.containsEntry("has_token", true)
			.containsEntry("poll_interval", "PT1M")
			.containsEntry("state", "new")
			.doesNotContainKey("token");
		assertThat(source.get("timeouts")).isEqualTo(Map.of("Order processing", "PT45M", "Usage reporting", "PT1H15M",
				"Glauth sync", "PT1H", "Resource sync", "PT1H", "Event processing", "PT45M"));
		String path = "/api/mirror-sources/" + source.get("uuid") + "/";

		Response list = this.api.get("/api/mirror-sources/", ADMIN);
		assertThat(list.header("X-Result-Count")).isEqualTo("1");
		assertThat(list.body()).doesNotContain("secret-upstream-token-42");

		Response changed = this.api.patch(path, ADMIN, Map.of("poll_interval", "PT30S", "token", "another-token",
				"timeouts", Map.of("Order processing", "PT10M")));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json()).containsEntry("poll_interval", "PT30S");
		assertThat(((Map<?, ?>) changed.json().get("timeouts")).get("Order processing")).isEqualTo("PT10M");
		assertThat(((Map<?, ?>) changed.json().get("timeouts")).get("Usage reporting")).isEqualTo("PT1H15M");
		assertThat(changed.body()).doesNotContain("another-token");

		assertThat(this.api.delete(path, ADMIN).status()).isEqualTo(204);
		assertThat(this.api.get(path, ADMIN).status()).isEqualTo(404);
	}

	@Test
	void aUrlMovedToAnotherOriginNeedsTheTokenAgain() {
		Response created = this.api.post("/api/mirror-sources/", ADMIN, SOURCE);
		String path = "/api/mirror-sources/" + created.field("uuid") + "/";
		UUID uuid = Uuids.parse(created.field("uuid")).orElseThrow();

		for (String elsewhere : new String[] { "https://attacker.example.net/api/", "http://waldur.example.org/api/",
				"https://waldur.example.org:8443/api/", "https://waldur.example.org.attacker.example.net/api/" }) {
			Response moved = this.api.patch(path, ADMIN, Map.of("url", elsewhere, "poll_interval", "PT5M"));
			assertThat(moved.status()).as(elsewhere).isEqualTo(400);
			assertThat(moved.json()).as(elsewhere)
				.isEqualTo(Map.of("token", List.of("Give the token again when the URL changes.")));
			assertThat(stored(uuid)).as(elsewhere)
				.isEqualTo(List.of("https://waldur.example.org/api/", "secret-upstream-token-42", 60_000L));
		}

		// The same origin spelled otherwise, a path of its own: the token stays with it.
		Response samePlace = this.api.patch(path, ADMIN, Map.of("url", "HTTPS://WALDUR.Example.org:443/v2/api/"));
		assertThat(samePlace.status()).as(samePlace.body()).isEqualTo(200);
		assertThat(stored(uuid))
			.isEqualTo(List.of("HTTPS://WALDUR.Example.org:443/v2/api/", "secret-upstream-token-42", 60_000L));

		Response withToken = this.api.patch(path, ADMIN,
				Map.of("url", "https://waldur.other.example.org/api/", "token", "token-of-the-other"));
		assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
		assertThat(withToken.json()).containsEntry("url", "https://waldur.other.example.org/api/");
		assertThat(stored(uuid))
			.isEqualTo(List.of("https://waldur.other.example.org/api/", "token-of-the-other", 60_000L));
	}

	private List<Object> stored(UUID uuid) {
		return this.db.select(MIRROR_SOURCE.URL, MIRROR_SOURCE.TOKEN, MIRROR_SOURCE.POLL_INTERVAL_MS)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.UUID.eq(uuid))
			.fetchSingle()
			.intoList();
	}

	@Test
	void othersSeeNoSourcesAndMayNotRegisterOne() {
		String path = "/api/mirror-sources/" + this.api.post("/api/mirror-sources/", ADMIN, SOURCE).field("uuid") + "/";
		for (String token : new String[] { this.fixtures.userWithToken("someone"),
				this.fixtures.token(this.fixtures.user(Map.of("username", "helper", "is_support", true))) }) {
			Response list = this.api.get("/api/mirror-sources/", token);
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.list()).isEmpty();
			assertThat(this.api.get(path, token).status()).isEqualTo(404);
			assertThat(this.api.patch(path, token, Map.of("name", "mine")).status()).isEqualTo(404);
			assertThat(this.api.delete(path, token).status()).isEqualTo(404);
			assertThat(this.api
				.post("/api/mirror-sources/", token, Map.of("name", "x", "url", "https://h/api/", "token", "t"))
				.status()).isEqualTo(403);
		}
		assertThat(this.api.get("/api/mirror-sources/", null).status()).isEqualTo(401);
		assertThat(this.api.get(path, ADMIN).json()).containsEntry("name", "waldur");
	}

	@Test
	void badSettingsAreFieldErrors() {
		this.api.post("/api/mirror-sources/", ADMIN, SOURCE);
		Response bad = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "waldur", "url", "ftp://user:pw@host/api/", "token", "has space", "poll_interval",
						"soon", "timeouts", Map.of("Coffee making", "PT1M", "Order processing", "-PT1M")));
		assertThat(bad.status()).isEqualTo(400);
		Map<String, Object> errors = bad.json();
		assertThat(errors).containsOnlyKeys("name", "url", "token", "poll_interval", "timeouts");
		assertThat(bad.body()).contains("already exists").contains("Coffee making").doesNotContain("has space");
		Response missing = this.api.post("/api/mirror-sources/", ADMIN, Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json()).containsKeys("name", "url", "token");
		Response credentials = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "x", "url", "https://user:pw@waldur.example.org/api/", "token", "t"));
		assertThat(credentials.status()).isEqualTo(400);
		assertThat(credentials.body()).doesNotContain("pw@");
	}

}
