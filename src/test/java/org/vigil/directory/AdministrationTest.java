package org.vigil.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * The administration API creates what it is asked to, and answers every invalid input
 * with 400 naming the field (never a 5xx), too large a body with 413.
 */
class AdministrationTest extends ApiTest {

	private static final String REQUIRED = "This field is required.";

	private static final String BLANK = "This field may not be blank.";

	private static final String NOT_A_STRING = "Not a valid string.";

	private static final int LIMIT = 64 * 1024;

	// Customers

	@Test
	void customerIsCreatedWithItsNameTrimmed() {
		Response response = this.api.post("/api/customers/", ADMIN, Map.of("name", "  Acme Research  "));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json()).containsEntry("name", "Acme Research").containsKeys("uuid", "url", "created");
		assertThat(this.api.get(response.field("url"), ADMIN).json()).containsEntry("name", "Acme Research");
	}

	@Test
	void customerNameIsRequiredNotBlankAndAtMost150Characters() {
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of()), "name", REQUIRED);
		assertInvalid(this.api.post("/api/customers/", ADMIN, "{\"name\": null}"), "name");
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of("name", "")), "name", BLANK);
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of("name", " \t ")), "name", BLANK);
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of("name", "x".repeat(151))), "name",
				"Ensure this field has no more than 150 characters.");
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
		assertThat(this.api.post("/api/customers/", ADMIN, Map.of("name", "x".repeat(150))).status()).isEqualTo(201);
	}

	// Offerings

	@Test
	void offeringIsCreatedWithDefaultsAndTheCustomerItNames() {
		String customer = this.fixtures.customer("Acme");
		Response response = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "HPC Cluster", "customer", customer));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json()).containsEntry("name", "HPC Cluster")
			.containsEntry("slug", "hpc-cluster")
			.containsEntry("type", "Marketplace.Basic")
			.containsEntry("customer_uuid", customer)
			.containsEntry("customer_name", "Acme")
			.containsEntry("parent_uuid", null)
			.containsEntry("integration_status", List.of());
	}

	@Test
	void offeringNameAndCustomerAreRequired() {
		Response response = this.api.post("/api/marketplace-provider-offerings/", ADMIN, Map.of());
		assertInvalid(response, "name", REQUIRED);
		assertInvalid(response, "customer", REQUIRED);
		assertInvalid(this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", " ", "customer", this.fixtures.customer("Acme"))), "name", BLANK);
	}

	@Test
	void unknownCustomerIsInvalidByUuidAndByUrl() {
		String missing = "0123456789abcdef0123456789abcdef";
		for (String reference : List.of(missing, "01234567-89ab-cdef-0123-456789abcdef", "not-a-uuid",
				this.api.base() + "/api/customers/" + missing + "/", "/api/customers/" + missing + "/",
				this.api.base() + "/api/customers/not-a-uuid/")) {
			assertInvalid(
					this.api.post("/api/marketplace-provider-offerings/", ADMIN,
							Map.of("name", "HPC", "customer", reference)),
					"customer", "Customer \"" + reference + "\" does not exist.");
		}
	}

	/**
	 * A URL of something else (here an offering) with the UUID of a customer is not that
	 * customer.
	 */
	@Test
	void customerUrlMustBeACustomerUrl() {
		String customer = this.fixtures.customer("Acme");
		assertInvalid(
				this.api.post("/api/marketplace-provider-offerings/", ADMIN,
						Map.of("name", "HPC", "customer",
								this.api.base() + "/api/marketplace-provider-offerings/" + customer + "/")),
				"customer");
	}

	@Test
	void customerAndParentMayBeGivenAsUrls() {
		Response customer = this.api.post("/api/customers/", ADMIN, Map.of("name", "Acme"));
		Response parent = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Parent", "customer", customer.field("url")));
		assertThat(parent.status()).as(parent.toString()).isEqualTo(201);
		assertThat(parent.json()).containsEntry("customer_uuid", customer.field("uuid"));

		Response child = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Child", "customer", customer.field("url"), "parent", parent.field("url")));
		assertThat(child.status()).as(child.toString()).isEqualTo(201);
		assertThat(child.json()).containsEntry("parent_uuid", parent.field("uuid"));

		Response byUuid = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Grandchild", "customer", customer.field("uuid"), "parent", child.field("uuid")));
		assertThat(byUuid.json()).containsEntry("parent_uuid", child.field("uuid"));
	}

	@Test
	void unknownParentIsInvalid() {
		String customer = this.fixtures.customer("Acme");
		String missing = "0123456789abcdef0123456789abcdef";
		for (String reference : List.of(missing, "nonsense",
				this.api.base() + "/api/marketplace-provider-offerings/" + missing + "/",
				this.api.base() + "/api/customers/" + customer + "/")) {
			assertInvalid(
					this.api.post("/api/marketplace-provider-offerings/", ADMIN,
							Map.of("name", "Child", "customer", customer, "parent", reference)),
					"parent", "Offering \"" + reference + "\" does not exist.");
		}
	}

	@Test
	void slugMustBeUniqueAndWellFormed() {
		String customer = this.fixtures.customer("Acme");
		this.fixtures.offering(Map.of("name", "HPC", "customer", customer, "slug", "hpc"));
		assertInvalid(
				this.api.post("/api/marketplace-provider-offerings/", ADMIN,
						Map.of("name", "Other", "customer", customer, "slug", "hpc")),
				"slug", "Offering with this slug already exists.");
		for (String slug : List.of("Upper", "with space", "under_score", "dot.ted", "ümlaut", "slash/ed")) {
			assertInvalid(
					this.api.post("/api/marketplace-provider-offerings/", ADMIN,
							Map.of("name", "Other", "customer", customer, "slug", slug)),
					"slug", "Enter a valid slug consisting of lower-case letters, numbers or hyphens.");
		}
		assertInvalid(this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Other", "customer", customer, "slug", "")), "slug", BLANK);
		assertInvalid(this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Other", "customer", customer, "slug", "a".repeat(151))), "slug");
		assertThat(this.api.get("/api/marketplace-provider-offerings/", ADMIN).header("X-Result-Count")).isEqualTo("1");
	}

	@Test
	void slugIsMadeFromTheNameAndNumberedWhenTaken() {
		String customer = this.fixtures.customer("Acme");
		assertThat(slugOf(Map.of("name", "HPC Cluster", "customer", customer))).isEqualTo("hpc-cluster");
		assertThat(slugOf(Map.of("name", "hpc  cluster!", "customer", customer))).isEqualTo("hpc-cluster-2");
		assertThat(slugOf(Map.of("name", "HPC-Cluster", "customer", customer))).isEqualTo("hpc-cluster-3");
		assertThat(slugOf(Map.of("name", "Café Überrechner", "customer", customer))).isEqualTo("cafe-uberrechner");
		assertThat(slugOf(Map.of("name", "!!!", "customer", customer))).isEqualTo("offering");
		// A slug given explicitly is kept as it is, and counts as taken for the generated
		// ones.
		assertThat(slugOf(Map.of("name", "Storage", "customer", customer, "slug", "storage-2"))).isEqualTo("storage-2");
		assertThat(slugOf(Map.of("name", "Storage", "customer", customer))).isEqualTo("storage");
		assertThat(slugOf(Map.of("name", "Storage", "customer", customer))).isEqualTo("storage-3");
	}

	@Test
	void everyInvalidFieldIsNamedInOneAnswer() {
		String customer = this.fixtures.customer("Acme");
		this.fixtures.offering(Map.of("name", "HPC", "customer", customer, "slug", "hpc"));
		Response response = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "", "customer", "nope", "parent", "nope", "slug", "hpc", "type", " "));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsOnlyKeys("name", "customer", "parent", "slug", "type");
	}

	// Users

	@Test
	void listParametersAreReadAsOnTheStatusList() {
		String acme = this.fixtures.customer("Acme");
		this.fixtures.offering(acme, "HPC");
		this.fixtures.offering(this.fixtures.customer("Globex"), "Cloud");
		assertThat(this.api.get("/api/marketplace-provider-offerings/?customer_uuid=" + acme, ADMIN).list()).hasSize(1);
		assertThat(this.api.get("/api/marketplace-provider-offerings/?customer_uuid=%20&name=", ADMIN).list())
			.as("blank means not given")
			.hasSize(2);
		assertInvalid(this.api.get("/api/marketplace-provider-offerings/?customer_uuid=acme", ADMIN), "customer_uuid",
				"Enter a valid UUID.");
		assertThat(this.api.get("/api/customers/?name=%20", ADMIN).list()).hasSize(2);
		assertThat(this.api.get("/api/users/?username=%20", ADMIN).list()).hasSize(1);
	}

	@Test
	void userIsCreatedWithItsFlags() {
		Response response = this.api.post("/api/users/", ADMIN, Map.of("username", "alice", "is_support", true));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json()).containsEntry("username", "alice")
			.containsEntry("is_staff", false)
			.containsEntry("is_support", true)
			.containsEntry("is_active", true);
	}

	@Test
	void usernameIsRequiredWellFormedAndUnique() {
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of()), "username", REQUIRED);
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "  ")), "username", BLANK);
		for (String username : List.of("with space", "semi;colon", "slash/ed", "quote\"d")) {
			assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", username)), "username",
					"Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
		}
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "a".repeat(151))), "username");
		this.fixtures.user("alice.smith+ops@example.org");
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "alice.smith+ops@example.org")),
				"username", "A user with that username already exists.");
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "admin")), "username",
				"A user with that username already exists.");
	}

	/** Two operators creating the same user at once: one wins, the other is told why. */
	@Test
	void concurrentDuplicatesAreInvalidNotServerErrors() throws Exception {
		String customer = this.fixtures.customer("Acme");
		List<Response> users = concurrently(8, () -> this.api.post("/api/users/", ADMIN, Map.of("username", "twin")));
		assertThat(users).extracting(Response::status).containsOnly(201, 400).containsOnlyOnce(201);
		users.stream().filter((r) -> r.status() == 400).forEach((r) -> assertInvalid(r, "username"));

		List<Response> offerings = concurrently(8, () -> this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Twin", "customer", customer, "slug", "twin")));
		assertThat(offerings).extracting(Response::status).containsOnly(201, 400).containsOnlyOnce(201);
		offerings.stream().filter((r) -> r.status() == 400).forEach((r) -> assertInvalid(r, "slug"));
	}

	// Roles

	@Test
	void addUserGrantsOnceAndDeleteUserRemoves() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		Response user = this.api.post("/api/users/", ADMIN, Map.of("username", "alice"));
		for (String[] scope : new String[][] { { "/api/customers/" + customer, "CUSTOMER.OWNER" },
				{ "/api/customers/" + customer, "CUSTOMER.MANAGER" },
				{ "/api/marketplace-provider-offerings/" + offering, "OFFERING.MANAGER" } }) {
			// The user as a UUID the first time, as a URL the second.
			Response first = this.api.post(scope[0] + "/add_user/", ADMIN,
					Map.of("user", user.field("uuid"), "role", scope[1]));
			assertThat(first.status()).as(first.toString()).isEqualTo(201);
			assertThat(first.json()).containsEntry("role", scope[1]).containsEntry("user_uuid", user.field("uuid"));
			Response again = this.api.post(scope[0] + "/add_user/", ADMIN,
					Map.of("user", user.field("url"), "role", scope[1]));
			assertThat(again.status()).as(again.toString()).isEqualTo(200);
			Response removed = this.api.post(scope[0] + "/delete_user/", ADMIN,
					Map.of("user", user.field("url"), "role", scope[1]));
			assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		}
	}

	@Test
	void roleRequestsNameTheInvalidField() {
		String customer = this.fixtures.customer("Acme");
		String offering = this.fixtures.offering(customer, "HPC");
		String user = this.fixtures.user("alice");
		String missing = "0123456789abcdef0123456789abcdef";
		for (String action : List.of("add_user", "delete_user")) {
			for (String[] scope : new String[][] {
					{ "/api/customers/" + customer, "CUSTOMER.OWNER", "OFFERING.MANAGER" },
					{ "/api/marketplace-provider-offerings/" + offering, "OFFERING.MANAGER", "CUSTOMER.OWNER" } }) {
				String path = scope[0] + "/" + action + "/";
				String what = path + " ";
				Response empty = this.api.post(path, ADMIN, Map.of());
				assertInvalid(empty, "user", REQUIRED);
				assertInvalid(empty, "role", REQUIRED);
				assertInvalid(this.api.post(path, ADMIN, Map.of("role", scope[1])), "user", REQUIRED);
				assertInvalid(this.api.post(path, ADMIN, Map.of("user", missing, "role", scope[1])), "user",
						"User \"" + missing + "\" does not exist.");
				assertInvalid(
						this.api.post(path, ADMIN,
								Map.of("user", this.api.base() + "/api/users/" + missing + "/", "role", scope[1])),
						"user");
				assertInvalid(this.api.post(path, ADMIN, Map.of("user", "nobody", "role", scope[1])), "user");
				// A role of the other scope, a made-up one, and the right one in the
				// wrong case.
				for (String role : List.of(scope[2], "CUSTOMER.ADMIN", scope[1].toLowerCase())) {
					Response response = this.api.post(path, ADMIN, Map.of("user", user, "role", role));
					assertInvalid(response, "role");
					assertThat(response.json()).as(what + role).containsOnlyKeys("role");
				}
			}
		}
		assertThat(this.db.fetchCount(org.vigil.db.Tables.CUSTOMER_ROLE)).isZero();
		assertThat(this.db.fetchCount(org.vigil.db.Tables.OFFERING_ROLE)).isZero();
	}

	@Test
	void addUserOnAMissingObjectIsNotFound() {
		String user = this.fixtures.user("alice");
		String missing = "0123456789abcdef0123456789abcdef";
		assertThat(this.api
			.post("/api/customers/" + missing + "/add_user/", ADMIN, Map.of("user", user, "role", "CUSTOMER.OWNER"))
			.status()).isEqualTo(404);
		assertThat(this.api
			.post("/api/marketplace-provider-offerings/" + missing + "/add_user/", ADMIN,
					Map.of("user", user, "role", "OFFERING.MANAGER"))
			.status()).isEqualTo(404);
	}

	// Tokens

	@Test
	void tokenExpiryMustBeAFutureTime() {
		String user = this.fixtures.user("alice");
		assertInvalid(
				this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("expires_at", "2001-01-01T00:00:00Z")),
				"expires_at", "Expiry must be in the future.");
		assertInvalid(this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("expires_at", "tomorrow")),
				"expires_at");
		assertInvalid(this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("expires_at", List.of())),
				"expires_at");
		assertThat(this.api.get("/api/users/" + user + "/tokens/", ADMIN).list()).isEmpty();
	}

	@Test
	void tokenOfferingsMustBeKnownUuids() {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		String user = this.fixtures.user("agent");
		String missing = "0123456789abcdef0123456789abcdef";
		assertInvalid(
				this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("offering_uuids", List.of("nope"))),
				"offering_uuids", "\u201cnope\u201d is not a valid UUID.");
		assertInvalid(
				this.api.post("/api/users/" + user + "/tokens/", ADMIN,
						Map.of("offering_uuids", List.of(offering, missing))),
				"offering_uuids", "Offering " + missing + " does not exist.");
		assertInvalid(this.api.post("/api/users/" + user + "/tokens/", ADMIN, Map.of("offering_uuids", offering)),
				"offering_uuids", "Expected a list of items.");
		assertThat(this.api.get("/api/users/" + user + "/tokens/", ADMIN).list()).isEmpty();

		Response created = this.api.post("/api/users/" + user + "/tokens/", ADMIN,
				Map.of("offering_uuids",
						List.of(offering.substring(0, 8) + "-" + offering.substring(8, 12) + "-"
								+ offering.substring(12, 16) + "-" + offering.substring(16, 20) + "-"
								+ offering.substring(20))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json()).containsEntry("offering_uuids", List.of(offering));
	}

	// Bodies

	@Test
	void wrongJsonTypesNameTheField() {
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of("name", List.of("Acme"))), "name", NOT_A_STRING);
		assertInvalid(this.api.post("/api/customers/", ADMIN, Map.of("name", Map.of("a", "b"))), "name", NOT_A_STRING);
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", List.of())), "username", NOT_A_STRING);
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "alice", "is_staff", "maybe")), "is_staff",
				"Must be a valid boolean.");
		assertInvalid(this.api.post("/api/users/", ADMIN, Map.of("username", "alice", "is_staff", List.of(true))),
				"is_staff");
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
		assertThat(this.api.get("/api/users/?username=alice", ADMIN).list()).isEmpty();
	}

	@Test
	void malformedJsonIs400WithDetail() {
		for (String body : List.of("{\"name\": ", "{name: 'Acme'}", "{\"name\": \"Acme\",}", "not json at all",
				"{\"name\": \"Acme\"} trailing")) {
			Response response = this.api.post("/api/customers/", ADMIN, body);
			assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
			assertThat(response.json()).as(body).containsKey("detail");
		}
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
	}

	@Test
	void bodyThatIsNotAnObjectIs400() {
		for (String body : List.of("[]", "[{\"name\": \"Acme\"}]", "\"Acme\"", "42", "true", "null", "")) {
			Response response = this.api.post("/api/customers/", ADMIN, body);
			assertThat(response.status()).as("<" + body + "> -> " + response).isEqualTo(400);
		}
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
	}

	@Test
	void unknownFieldsAreIgnored() {
		Response response = this.api.post("/api/customers/", ADMIN, Map.of("name", "Acme", "uuid", "ignored", "x", 1));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.field("uuid")).isNotEqualTo("ignored");
	}

	@Test
	void otherContentTypesAreRefusedWithoutAServerError() {
		Response response = this.api.send("POST", "/api/customers/", ADMIN, "name=Acme",
				Map.of("Content-Type", "application/x-www-form-urlencoded"));
		assertThat(response.status()).as(response.toString()).isEqualTo(415);
		assertThat(response.json()).containsKey("detail");
	}

	@Test
	void bodyOfExactly64KiBIsAccepted() {
		Response response = this.api.post("/api/customers/", ADMIN, padded(LIMIT));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	@Test
	void bodyOver64KiBIs413WithContentLength() {
		for (int size : new int[] { LIMIT + 1, 10 * LIMIT }) {
			Response response = this.api.post("/api/customers/", ADMIN, padded(size));
			assertThat(response.status()).as(size + " bytes: " + response).isEqualTo(413);
			assertThat(response.json()).containsKey("detail");
		}
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
	}

	/** A body of unknown length is sent chunked: the limit holds while it is read. */
	@Test
	void bodyOver64KiBIs413WhenChunked() {
		String object = "{\"name\": \"Acme\"}";
		for (String text : List.of(padded(LIMIT + 1), padded(10 * LIMIT), object + " ".repeat(LIMIT))) {
			byte[] body = text.getBytes(StandardCharsets.UTF_8);
			Response response = this.api.sendBody("POST", "/api/customers/", ADMIN,
					BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), Map.of());
			assertThat(response.status()).as(body.length + " bytes chunked: " + response).isEqualTo(413);
			assertThat(response.json()).containsKey("detail");
		}
		assertThat(this.api.get("/api/customers/", ADMIN).list()).isEmpty();
	}

	@Test
	void chunkedBodyUnderTheLimitIsAccepted() {
		byte[] body = padded(LIMIT).getBytes(StandardCharsets.UTF_8);
		Response response = this.api.sendBody("POST", "/api/customers/", ADMIN,
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	/** {@code {"name": "Acme"}} padded with spaces to exactly {@code size} bytes. */
	private static String padded(int size) {
		String json = "{\"name\": \"Acme\"}";
		return json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "}";
	}

	private String slugOf(Map<String, Object> body) {
		Response response = this.api.post("/api/marketplace-provider-offerings/", ADMIN, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.field("slug");
	}

	private static List<Response> concurrently(int n, java.util.function.Supplier<Response> request) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return request.get();
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void assertInvalid(Response response, String field) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json()).as(response.toString()).containsKey(field);
		assertThat(response.json().get(field)).as(response.toString()).isInstanceOf(List.class);
	}

	private static void assertInvalid(Response response, String field, String message) {
		assertInvalid(response, field);
		assertThat(new HashMap<>(response.json()).get(field)).as(response.toString())
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(message);
	}

}
