package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

/** What each kind of malformed input is told, in the caller's terms, never a 5xx. */
@OneStore
class MalformedInputTest extends ApiTest {

	private static final List<String> LISTS = List.of("/api/marketplace-integration-statuses/",
			"/api/marketplace-integration-status-events/", "/api/customers/", "/api/marketplace-provider-offerings/",
			"/api/users/");

	private static final Map<String, Object> NUL = Map.of("name", List.of("Null characters are not allowed."));

	@Test
	void malformedQueryStringsAre400NamingTheParameterOnEveryList() {
		for (String list : LISTS) {
			assertThat(get(list + "?page=%zz")).as(list)
				.isEqualTo(Map.of("detail",
						"Query parameter \"page\" has a malformed percent-encoding: \"%zz\" is not % followed by two hex digits."));
			assertThat(get(list + "?status=%FF")).as(list)
				.isEqualTo(Map.of("detail", "Query parameter \"status\" is not valid UTF-8 once percent-decoded."));
			// Unknown parameters are ignored only when the container can read them: it
			// reads all or none.
			assertThat(get(list + "?foo=%%%").get("detail")).as(list).asString().startsWith("Query parameter \"foo\"");
			assertThat(this.api.get(list + "?foo=bar", ADMIN).status()).as(list).isEqualTo(200);
		}
		assertThat(get("/api/customers/?" + "a&".repeat(1001)))
			.isEqualTo(Map.of("detail", "The query string has more than 1000 parameters."));
	}

	@Test
	void nulInAFilterOrATextFieldIs400NamingIt() {
		assertThat(get("/api/customers/?name=a%00b")).isEqualTo(NUL);
		assertThat(get("/api/marketplace-provider-offerings/?name=%00")).isEqualTo(NUL);
		assertThat(get("/api/users/?username=%00"))
			.isEqualTo(Map.of("username", List.of("Null characters are not allowed.")));
		assertThat(get("/api/marketplace-integration-statuses/?whatever=%00"))
			.isEqualTo(Map.of("whatever", List.of("Null characters are not allowed.")));

		Response customer = this.api.post("/api/customers/", ADMIN, "{\"name\": \"Ac\\u0000me\"}");
		assertThat(customer.status()).isEqualTo(400);
		assertThat(customer.json()).isEqualTo(NUL);
		Response user = this.api.post("/api/users/", ADMIN, "{\"username\": \"al\\u0000ice\"}");
		assertThat(user.json()).isEqualTo(Map.of("username", List.of("Null characters are not allowed.")));
		String alice = this.fixtures.user("alice");
		Response token = this.api.post("/api/users/" + alice + "/tokens/", ADMIN, "{\"label\": \"\\u0000\"}");
		assertThat(token.json()).isEqualTo(Map.of("label", List.of("Null characters are not allowed.")));
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
	}

	@Test
	void timesOutsideTheDatabasesRangeAre400() {
		String range = "Enter a date/time between 0001-01-01 and 9999-12-31.";
		String events = "/api/marketplace-integration-status-events/";
		assertThat(get(events + "?created_after=%2B294277-01-01T00:00:00Z"))
			.isEqualTo(Map.of("created_after", List.of(range)));
		assertThat(get(events + "?created_before=-4714-01-01")).isEqualTo(Map.of("created_before", List.of(range)));
		assertThat(this.api.get(events + "?created_after=9999-12-31T00:00:00Z", ADMIN).status()).isEqualTo(200);

		String alice = this.fixtures.user("alice");
		Response token = this.api.post("/api/users/" + alice + "/tokens/", ADMIN,
				Map.of("expires_at", "+294277-01-01T00:00:00Z"));
		assertThat(token.status()).isEqualTo(400);
		assertThat(token.json()).isEqualTo(Map.of("expires_at", List.of(range)));
	}

	@Test
	void jsonParseErrorsSayWhatAndWhereWithoutTheParsersSettings() {
		assertThat(post("{\"name\": }")).isEqualTo(
				Map.of("detail", "JSON parse error: unexpected character '}': expected a value at line 1, column 10."));
		assertThat(post("{\"name\": \"x\"")).isEqualTo(Map.of("detail",
				"JSON parse error: unexpected end-of-input: expected close marker for Object at line 1, column 13."));
		for (String body : List.of("{'name': 'x'}", "/* c */ {\"name\": \"x\"}", "{\"name\": NaN}", "{\"name\": 0012}",
				"{\"name\": \"\\x\"}", "{\"name\": \"x\",}", "[".repeat(2000) + "]".repeat(2000),
				"{\"a\":".repeat(2000) + "1" + "}".repeat(2000))) {
			Map<String, Object> answer = post(body);
			String shown = body.substring(0, Math.min(body.length(), 40));
			assertThat(answer.values()).as(shown).hasSize(1);
			assertThat(answer.toString()).as(shown)
				.doesNotContainIgnoringCase("feature")
				.doesNotContain("enable", "Constraints", "Source", "REDACTED", "`");
		}
	}

	@Test
	void oddContentTypesAre415() {
		for (String type : List.of("*/*", "garbage", "application/json; charset=bogus", "text/plain")) {
			Response response = this.api.send("POST", "/api/customers/", ADMIN, "{\"name\": \"Acme\"}",
					Map.of("Content-Type", type));
			assertThat(response.status()).as(type).isEqualTo(415);
			assertThat(response.json().get("detail")).as(type).asString().startsWith("Unsupported media type");
		}
	}

	@Test
	void forwardingHeadersThatMakeNoUrlAre400FromATrustedProxy() {
		// The test's requests come from loopback, a trusted proxy by default.
		for (Map.Entry<String, String> header : List.of(Map.entry("X-Forwarded-Host", "a b"),
				Map.entry("X-Forwarded-Host", "[::1"), Map.entry("X-Forwarded-Port", "abc"),
				Map.entry("X-Forwarded-Port", "99999"), Map.entry("X-Forwarded-Proto", "gopher"))) {
			Response response = this.api.send("GET", "/api/customers/", ADMIN, null,
					Map.of(header.getKey(), header.getValue()));
			assertThat(response.status()).as(header.toString()).isEqualTo(400);
			assertThat(response.json().get("detail")).as(header.toString())
				.asString()
				.startsWith("The forwarding headers");
		}
	}

	@Test
	void longButLegalQueriesWorkWithTheWholeLinkHeader() {
		String customer = this.fixtures.customer("Acme");
		for (int i = 0; i < 3; i++) {
			this.fixtures.offering(customer, "Offering " + i);
		}
		List<String> uuids = IntStream.range(0, 130)
			.mapToObj((i) -> UUID.randomUUID().toString().replace("-", ""))
			.collect(Collectors.toList());
		String repeated = uuids.stream().map((uuid) -> "offering_uuid=" + uuid).collect(Collectors.joining("&"));
		Response statuses = this.api.get("/api/marketplace-integration-statuses/?" + repeated, ADMIN);
		assertThat(statuses.status()).isEqualTo(200);
		assertThat(statuses.header("Link")).contains(uuids.get(129)).endsWith("rel=\"last\"");

		// Close to the request limit, and in the form re-encoding makes three times
		// longer: '/' is %2F.
		String slashes = "/".repeat(7000);
		Response offerings = this.api.get("/api/marketplace-provider-offerings/?page_size=1&page=2&zeta=" + slashes,
				ADMIN);
		assertThat(offerings.status()).isEqualTo(200);
		assertThat(offerings.list()).hasSize(1);
		assertThat(offerings.header("Link")).hasSizeGreaterThan(4 * 3 * 7000).endsWith("rel=\"last\"");
	}

	private Map<String, Object> get(String path) {
		Response response = this.raw.send("GET", path, Map.of("Authorization", "Token " + ADMIN), null);
		assertThat(response.status()).as(path).isEqualTo(400);
		return response.json();
	}

	private Map<String, Object> post(String body) {
		Response response = this.api.post("/api/customers/", ADMIN, body);
		assertThat(response.status()).as(body).isEqualTo(400);
		return response.json();
	}

}
