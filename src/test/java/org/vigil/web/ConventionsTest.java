package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jooq.InsertValuesStep6;
import org.junit.jupiter.api.Test;
import org.vigil.db.tables.records.OfferingRecord;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * Waldur's conventions, which every endpoint follows, shown on the directory endpoints.
 */
class ConventionsTest extends ApiTest {

	private static final Pattern HEX_UUID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

	private static final Map<String, Object> NOT_FOUND = Map.of("detail", "Not found.");

	private static final Map<String, Object> INVALID_PAGE = Map.of("detail", "Invalid page.");

	private static final String OFFERINGS = "/api/marketplace-provider-offerings/";

	// UUIDs

	@Test
	void uuidsRenderAs32LowerCaseHexDigits() {
		String customer = this.fixtures.customer("Acme");
		Response offering = this.api.get(OFFERINGS + this.fixtures.offering(customer, "HPC") + "/", ADMIN);
		String user = this.fixtures.user("alice");
		Response token = this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of());

		assertThat(
				List.of(customer, user, offering.field("uuid"), offering.field("customer_uuid"), token.field("uuid")))
			.allSatisfy((uuid) -> assertThat(uuid).matches(HEX_UUID));
		assertThat(offering.field("url")).endsWith("/" + offering.field("uuid") + "/");
		assertThat(offering.field("customer")).endsWith("/" + customer + "/");
	}

	@Test
	void pathsAndQueryParametersAcceptTheHyphenatedForm() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String user = this.fixtures.user("alice");
		for (String form : List.of(hyphenated(offering), hyphenated(offering).toUpperCase(Locale.ROOT),
				offering.toUpperCase(Locale.ROOT))) {
			Response response = this.api.get(OFFERINGS + form + "/", ADMIN);
			assertThat(response.status()).as(form).isEqualTo(200);
			assertThat(response.json()).containsEntry("uuid", offering);
		}
		assertThat(this.api.get("/api/customers/" + hyphenated(customer) + "/", ADMIN).json()).containsEntry("uuid",
				customer);
		assertThat(this.api.get("/api/users/" + hyphenated(user) + "/", ADMIN).json()).containsEntry("uuid", user);
		assertThat(this.api.get(OFFERINGS + "?customer_uuid=" + hyphenated(customer), ADMIN).list())
			.extracting((item) -> item.get("uuid"))
			.containsExactly(offering);
	}

	@Test
	void pathParameterThatIsNotAUuidIsNotFound() {
		String user = this.fixtures.user("alice");
		for (String path : List.of(OFFERINGS + "not-a-uuid/", OFFERINGS + "0123/", "/api/customers/xyz/",
				"/api/users/123/", "/api/users/" + user + "/tokens/not-a-uuid/",
				"/api/users/" + UUID.randomUUID().toString().replace("-", "") + "/",
				OFFERINGS + "0123456789abcdef0123456789abcdeg/")) {
			Response response = path.contains("/tokens/") ? this.api.delete(path, ADMIN) : this.api.get(path, ADMIN);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.json()).as(path).isEqualTo(NOT_FOUND);
		}
		Response action = this.api.post("/api/customers/nope/add_user/", ADMIN,
				Map.of("user", user, "role", "CUSTOMER.OWNER"));
		assertThat(action.status()).isEqualTo(404);
		assertThat(action.json()).isEqualTo(NOT_FOUND);
	}

	// Paths

	@Test
	void pathsWorkWithAndWithoutTheTrailingSlash() {
		Response created = this.api.post("/api/customers", ADMIN, Map.of("name", "Acme"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String customer = created.field("uuid");
		assertThat(this.api.post("/api/customers/", ADMIN, Map.of("name", "Beta")).status()).isEqualTo(201);

		for (String path : List.of("/api/customers", "/api/customers/")) {
			assertThat(this.api.get(path, ADMIN).list()).as(path).hasSize(2);
		}
		for (String path : List.of("/api/customers/" + customer, "/api/customers/" + customer + "/")) {
			assertThat(this.api.get(path, ADMIN).json()).as(path).containsEntry("uuid", customer);
		}
		for (String path : List.of("/api/users/me", "/api/users/me/")) {
			assertThat(this.api.get(path, ADMIN).json()).as(path).containsEntry("username", "admin");
		}
		String offering = this.fixtures.offering(customer, "HPC");
		String user = this.fixtures.user("alice");
		assertThat(this.api
			.post(OFFERINGS + offering + "/add_user", ADMIN, Map.of("user", user, "role", "OFFERING.MANAGER"))
			.status()).isEqualTo(201);
		assertThat(this.api
			.post(OFFERINGS + offering + "/delete_user", ADMIN, Map.of("user", user, "role", "OFFERING.MANAGER"))
			.status()).isEqualTo(204);
	}

	@Test
	void unknownPathIsNotFoundAsJson() {
		for (String path : List.of("/api/no-such-thing/", "/api/no-such-thing", "/nothing",
				"/api/customers/" + UUID.randomUUID().toString().replace("-", "") + "/nothing/")) {
			Response response = this.api.get(path, ADMIN);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
			assertThat(response.json()).as(path).isEqualTo(NOT_FOUND);
		}
		Response post = this.api.post("/api/no-such-thing/", ADMIN, Map.of("name", "x"));
		assertThat(post.status()).isEqualTo(404);
		assertThat(post.json()).isEqualTo(NOT_FOUND);
		Response delete = this.api.delete("/api/no-such-thing/", ADMIN);
		assertThat(delete.status()).isEqualTo(404);
		assertThat(delete.json()).isEqualTo(NOT_FOUND);
	}

	@Test
	void otherMethodsAre405WithAllow() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");

		Response delete = this.api.delete("/api/customers/", ADMIN);
		assertThat(delete.status()).isEqualTo(405);
		assertThat(delete.json()).isEqualTo(Map.of("detail", "Method \"DELETE\" not allowed."));
		assertThat(allowed(delete)).contains("GET", "POST").doesNotContain("DELETE");

		Response detail = this.api.delete(OFFERINGS + offering + "/", ADMIN);
		assertThat(detail.status()).isEqualTo(405);
		assertThat(detail.json()).isEqualTo(Map.of("detail", "Method \"DELETE\" not allowed."));
		assertThat(allowed(detail)).contains("GET").doesNotContain("DELETE", "POST");

		Response put = this.api.send("PUT", "/api/customers/" + customer, ADMIN, "{\"name\": \"Beta\"}", Map.of());
		assertThat(put.status()).isEqualTo(405);
		assertThat(put.json()).isEqualTo(Map.of("detail", "Method \"PUT\" not allowed."));
		assertThat(put.header("Allow")).isNotBlank();
		assertThat(this.api.get("/api/customers/" + customer + "/", ADMIN).json()).containsEntry("name", "Acme");

		Response get = this.api.get(OFFERINGS + offering + "/add_user/", ADMIN);
		assertThat(get.status()).isEqualTo(405);
		assertThat(get.json()).isEqualTo(Map.of("detail", "Method \"GET\" not allowed."));
		assertThat(allowed(get)).contains("POST");
	}

	// Links and times

	@Test
	void linksAreAbsoluteAndResolve() {
		String customer = this.fixtures.customer("Acme");
		Response offering = this.api.get(OFFERINGS + this.fixtures.offering(customer, "HPC") + "/", ADMIN);
		assertThat(offering.field("url")).isEqualTo(this.api.base() + OFFERINGS + offering.field("uuid") + "/");
		assertThat(offering.field("customer")).isEqualTo(this.api.base() + "/api/customers/" + customer + "/");
		assertThat(this.api.get(offering.field("url"), ADMIN).json()).containsEntry("uuid", offering.field("uuid"));
		assertThat(this.api.get(offering.field("customer"), ADMIN).json()).containsEntry("uuid", customer);
		String user = this.fixtures.user("alice");
		assertThat(this.api.get("/api/users/" + user + "/", ADMIN).field("url"))
			.isEqualTo(this.api.base() + "/api/users/" + user + "/");
	}

	@Test
	void linksHonourForwardedProtoAndHost() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		Map<String, String> proxy = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "vigil.example.org");

		Response detail = this.api.send("GET", OFFERINGS + offering + "/", ADMIN, null, proxy);
		assertThat(detail.field("url")).isEqualTo("https://vigil.example.org" + OFFERINGS + offering + "/");
		assertThat(detail.field("customer")).isEqualTo("https://vigil.example.org/api/customers/" + customer + "/");

		Response list = this.api.send("GET", OFFERINGS + "?page_size=5", ADMIN, null, proxy);
		assertThat(list.list()).extracting((item) -> item.get("url"))
			.containsExactly("https://vigil.example.org" + OFFERINGS + offering + "/");
		assertThat(list.header("Link")).isEqualTo(
				"<https://vigil.example.org" + OFFERINGS + "?page_size=5>; rel=\"first\", <https://vigil.example.org"
						+ OFFERINGS + "?page_size=5>; rel=\"last\"");

		Response created = this.api.send("POST", "/api/customers/", ADMIN, "{\"name\": \"Beta\"}", proxy);
		assertThat(created.field("url")).startsWith("https://vigil.example.org/api/customers/");

		Response withPort = this.api.send("GET", "/api/customers/" + customer + "/", ADMIN, null, Map
			.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "vigil.example.org", "X-Forwarded-Port", "8443"));
		assertThat(withPort.field("url")).isEqualTo("https://vigil.example.org:8443/api/customers/" + customer + "/");
	}

	@Test
	void timestampsAreUtcWithMicroseconds() {
		String customer = this.fixtures.customer("Acme");
		String user = this.fixtures.user("alice");
		Response token = this.api.post("/api/users/" + user + "/tokens/", ADMIN,
				Map.of("expires_at", "2099-06-30T12:00:00.5+02:00"));
		List<String> times = List.of(this.api.get("/api/customers/" + customer + "/", ADMIN).field("created"),
				this.api.get(OFFERINGS + this.fixtures.offering(customer, "HPC") + "/", ADMIN).field("created"),
				this.api.get("/api/users/" + user + "/", ADMIN).field("created"), token.field("created"),
				token.field("expires_at"));
		assertThat(times).allSatisfy((time) -> assertThat(time).matches(TIMESTAMP));
		assertThat(token.field("expires_at")).isEqualTo("2099-06-30T10:00:00.500000Z");
	}

	// Pagination

	@Test
	void listIsPagedWithWaldursLinkHeader() {
		List<String> offerings = offerings(25);
		String base = this.api.base() + OFFERINGS;

		Response first = this.api.get(OFFERINGS, ADMIN);
		assertThat(uuids(first)).isEqualTo(offerings.subList(0, 10));
		assertThat(first.header("X-Result-Count")).isEqualTo("25");
		assertThat(first.header("Link")).isEqualTo(String.join(", ", "<" + base + ">; rel=\"first\"",
				"<" + base + "?page=2>; rel=\"next\"", "<" + base + "?page=3>; rel=\"last\""));

		Response second = this.api.get(OFFERINGS + "?page=2", ADMIN);
		assertThat(uuids(second)).isEqualTo(offerings.subList(10, 20));
		assertThat(second.header("X-Result-Count")).isEqualTo("25");
		assertThat(second.header("Link"))
			.isEqualTo(String.join(", ", "<" + base + ">; rel=\"first\"", "<" + base + ">; rel=\"prev\"",
					"<" + base + "?page=3>; rel=\"next\"", "<" + base + "?page=3>; rel=\"last\""));

		Response third = this.api.get(OFFERINGS + "?page=3", ADMIN);
		assertThat(uuids(third)).isEqualTo(offerings.subList(20, 25));
		assertThat(third.header("Link")).isEqualTo(String.join(", ", "<" + base + ">; rel=\"first\"",
				"<" + base + "?page=2>; rel=\"prev\"", "<" + base + "?page=3>; rel=\"last\""));
	}

	@Test
	void linksKeepTheOtherParametersWithKeysSorted() {
		offerings(25);
		String base = this.api.base() + OFFERINGS;
		Response response = this.api.get(OFFERINGS + "?page_size=5&name=Offering&page=3&zeta=1&alpha=a%2Fb", ADMIN);
		assertThat(response.list()).hasSize(5);
		String kept = "alpha=a%2Fb&name=Offering";
		assertThat(response.header("Link"))
			.isEqualTo(String.join(", ", "<" + base + "?" + kept + "&page_size=5&zeta=1>; rel=\"first\"",
					"<" + base + "?" + kept + "&page=2&page_size=5&zeta=1>; rel=\"prev\"",
					"<" + base + "?" + kept + "&page=4&page_size=5&zeta=1>; rel=\"next\"",
					"<" + base + "?" + kept + "&page=5&page_size=5&zeta=1>; rel=\"last\""));

		// Values are written as Python's urlencode writes them: a space is '+'.
		Response spaced = this.api.get(OFFERINGS + "?name=Offering%200&page_size=5", ADMIN);
		assertThat(spaced.header("X-Result-Count")).isEqualTo("9");
		assertThat(spaced.header("Link")).startsWith("<" + base + "?name=Offering+0&page_size=5>; rel=\"first\", ")
			.contains("<" + base + "?name=Offering+0&page=2&page_size=5>; rel=\"next\"");
	}

	@Test
	void onePageHasOnlyFirstAndLastWithoutPage() {
		List<String> offerings = offerings(3);
		String base = this.api.base() + OFFERINGS;
		Response response = this.api.get(OFFERINGS + "?page=1&page_size=3", ADMIN);
		assertThat(uuids(response)).isEqualTo(offerings);
		assertThat(response.header("Link"))
			.isEqualTo("<" + base + "?page_size=3>; rel=\"first\", <" + base + "?page_size=3>; rel=\"last\"");
	}

	@Test
	void pageLastIsTheLastPage() {
		List<String> offerings = offerings(25);
		String base = this.api.base() + OFFERINGS;
		Response response = this.api.get(OFFERINGS + "?page=last", ADMIN);
		assertThat(uuids(response)).isEqualTo(offerings.subList(20, 25));
		assertThat(response.header("Link")).isEqualTo(String.join(", ", "<" + base + ">; rel=\"first\"",
				"<" + base + "?page=2>; rel=\"prev\"", "<" + base + "?page=3>; rel=\"last\""));
	}

	@Test
	void pageThatDoesNotExistIsInvalid() {
		offerings(25);
		for (String page : List.of("4", "100", "0", "-1", "abc", "1.5", "2147483648")) {
			Response response = this.api.get(OFFERINGS + "?page=" + page, ADMIN);
			assertThat(response.status()).as("page=" + page).isEqualTo(404);
			assertThat(response.json()).as("page=" + page).isEqualTo(INVALID_PAGE);
		}
		assertThat(this.api.get(OFFERINGS + "?page=3", ADMIN).status()).isEqualTo(200);
		// Django REST framework reads a blank page as page 1 (`query_params.get('page')
		// or 1`).
		assertThat(this.api.get(OFFERINGS + "?page=", ADMIN).body())
			.isEqualTo(this.api.get(OFFERINGS + "?page=1", ADMIN).body());
	}

	@Test
	void firstPageOfAnEmptyListIsEmpty() {
		String base = this.api.base() + OFFERINGS;
		for (String query : List.of("", "?page=1", "?page=last")) {
			Response response = this.api.get(OFFERINGS + query, ADMIN);
			assertThat(response.status()).as(query).isEqualTo(200);
			assertThat(response.body()).as(query).isEqualTo("[]");
			assertThat(response.header("X-Result-Count")).as(query).isEqualTo("0");
		}
		assertThat(this.api.get(OFFERINGS, ADMIN).header("Link"))
			.isEqualTo("<" + base + ">; rel=\"first\", <" + base + ">; rel=\"last\"");
		assertThat(this.api.get(OFFERINGS + "?page=2", ADMIN).json()).isEqualTo(INVALID_PAGE);
		assertThat(this.api.get("/api/customers/?name=nobody", ADMIN).list()).isEmpty();
	}

	@Test
	void pageSizeIsCappedAt300() {
		insertOfferings(301);
		String base = this.api.base() + OFFERINGS;
		Response response = this.api.get(OFFERINGS + "?page_size=1000", ADMIN);
		assertThat(response.list()).hasSize(300);
		assertThat(response.header("X-Result-Count")).isEqualTo("301");
		assertThat(response.header("Link")).contains("<" + base + "?page=2&page_size=1000>; rel=\"next\"",
				"<" + base + "?page=2&page_size=1000>; rel=\"last\"");
		assertThat(this.api.get(OFFERINGS + "?page_size=1000&page=2", ADMIN).list()).hasSize(1);
		assertThat(this.api.get(OFFERINGS + "?page_size=300", ADMIN).list()).hasSize(300);
		assertThat(this.api.get(OFFERINGS + "?page_size=299", ADMIN).list()).hasSize(299);
	}

	@Test
	void pageSizeThatIsNotPositiveOrNotANumberIsTheDefault() {
		offerings(12);
		for (String size : List.of("0", "-5", "abc", "", "1e2", "5.5")) {
			Response response = this.api.get(OFFERINGS + "?page_size=" + size, ADMIN);
			assertThat(response.status()).as("page_size=" + size).isEqualTo(200);
			assertThat(response.list()).as("page_size=" + size).hasSize(10);
		}
		assertThat(this.api.get(OFFERINGS + "?page_size=3", ADMIN).list()).hasSize(3);
		assertThat(this.api.get(OFFERINGS + "?page_size=%2B3", ADMIN).list()).hasSize(3);
		// A number too large for an int is still a number: capped like any other (DRF's
		// _positive_int).
		assertThat(this.api.get(OFFERINGS + "?page_size=99999999999", ADMIN).list()).hasSize(12);
	}

	@Test
	void otherListsArePagedTheSameWay() {
		for (int i = 0; i < 3; i++) {
			this.fixtures.customer("Customer " + i);
			this.fixtures.user("user" + i);
		}
		Response customers = this.api.get("/api/customers/?page_size=2&page=2", ADMIN);
		assertThat(customers.list()).hasSize(1);
		assertThat(customers.header("X-Result-Count")).isEqualTo("3");
		assertThat(customers.header("Link")).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
		Response users = this.api.get("/api/users/?page_size=2&page=3", ADMIN);
		assertThat(users.json()).isEqualTo(INVALID_PAGE);
	}

	/**
	 * Offerings "Offering 01".. of one customer, created over the API; their UUIDs in
	 * creation order.
	 */
	private List<String> offerings(int n) {
		String customer = this.fixtures.customer("Acme");
		List<String> uuids = new ArrayList<>();
		for (int i = 1; i <= n; i++) {
			uuids.add(this.fixtures.offering(customer, String.format("Offering %02d", i)));
		}
		return uuids;
	}

	/**
	 * Many offerings at once, straight into the database: the API would take too long.
	 */
	private void insertOfferings(int n) {
		long customer = this.db.select(CUSTOMER.ID)
			.from(CUSTOMER)
			.where(CUSTOMER.UUID.eq(Uuids.parse(this.fixtures.customer("Acme")).orElseThrow()))
			.fetchSingle()
			.value1();
		InsertValuesStep6<OfferingRecord, UUID, String, String, String, Long, Instant> insert = this.db.insertInto(
				OFFERING, OFFERING.UUID, OFFERING.NAME, OFFERING.SLUG, OFFERING.TYPE, OFFERING.CUSTOMER_ID,
				OFFERING.CREATED);
		for (int i = 0; i < n; i++) {
			insert = insert.values(UUID.randomUUID(), "Bulk " + i, "bulk-" + i, "Marketplace.Basic", customer,
					Instant.now());
		}
		insert.execute();
	}

	private static List<String> allowed(Response response) {
		assertThat(response.header("Allow")).as(response.toString()).isNotNull();
		return List.of(response.header("Allow").split("\\s*,\\s*"));
	}

	private static String hyphenated(String hex) {
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

	private static List<String> uuids(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list().stream().map((item) -> (String) item.get("uuid")).toList();
	}

}
