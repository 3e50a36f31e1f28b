package org.vigil.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * Visibility as a matrix: who sees which offerings, customers and users, and that
 * anything outside a caller's view is 404 (never 403), while writes by non-staff on what
 * they can see are 403.
 *
 * <p>
 * The directory: customer Acme with offerings {@code acme-hpc} and {@code acme-cloud},
 * customer Beta with offering {@code beta-storage}.
 */
class VisibilityTest extends ApiTest {

	private static final Map<String, Object> NOT_FOUND = Map.of("detail", "Not found.");

	private static final Map<String, Object> FORBIDDEN = Map.of("detail",
			"You do not have permission to perform this action.");

	/** The callers of the matrix, and what each of them should see. */
	enum Who {

		STAFF(Set.of("acme-hpc", "acme-cloud", "beta-storage"), Set.of("Acme", "Beta")),
		SUPPORT(Set.of("acme-hpc", "acme-cloud", "beta-storage"), Set.of("Acme", "Beta")),
		/** CUSTOMER.OWNER on Acme: every offering of Acme. */
		OWNER(Set.of("acme-hpc", "acme-cloud"), Set.of("Acme")),
		/** CUSTOMER.MANAGER (service manager) on Acme: every offering of Acme. */
		SERVICE_MANAGER(Set.of("acme-hpc", "acme-cloud"), Set.of("Acme")),
		/** OFFERING.MANAGER on acme-hpc only: that offering, and its customer. */
		OFFERING_MANAGER(Set.of("acme-hpc"), Set.of("Acme")), NO_ROLE(Set.of(), Set.of()),
		/**
		 * CUSTOMER.OWNER on Beta and OFFERING.MANAGER on beta-storage: nothing of Acme.
		 */
		OTHER_CUSTOMER(Set.of("beta-storage"), Set.of("Beta"));

		final Set<String> offerings;

		final Set<String> customers;

		Who(Set<String> offerings, Set<String> customers) {
			this.offerings = offerings;
			this.customers = customers;
		}

		boolean seesAll() {
			return this == STAFF || this == SUPPORT;
		}

	}

	/** Offering slug to UUID. */
	private final Map<String, String> offerings = new LinkedHashMap<>();

	/** Customer name to UUID. */
	private final Map<String, String> customers = new LinkedHashMap<>();

	private final Map<Who, String> users = new EnumMap<>(Who.class);

	private final Map<Who, String> keys = new EnumMap<>(Who.class);

	@BeforeEach
	void directory() {
		this.customers.put("Acme", this.fixtures.customer("Acme"));
		this.customers.put("Beta", this.fixtures.customer("Beta"));
		offering("Acme", "acme-hpc");
		offering("Acme", "acme-cloud");
		offering("Beta", "beta-storage");

		user(Who.STAFF, Map.of("username", "staff", "is_staff", true));
		user(Who.SUPPORT, Map.of("username", "support", "is_support", true));
		user(Who.OWNER, Map.of("username", "owner"));
		user(Who.SERVICE_MANAGER, Map.of("username", "service-manager"));
		user(Who.OFFERING_MANAGER, Map.of("username", "offering-manager"));
		user(Who.NO_ROLE, Map.of("username", "nobody"));
		user(Who.OTHER_CUSTOMER, Map.of("username", "beta-owner"));

		this.fixtures.grantOnCustomer(customer("Acme"), this.users.get(Who.OWNER), "CUSTOMER.OWNER");
		this.fixtures.grantOnCustomer(customer("Acme"), this.users.get(Who.SERVICE_MANAGER), "CUSTOMER.MANAGER");
		this.fixtures.grantOnOffering(offering("acme-hpc"), this.users.get(Who.OFFERING_MANAGER), "OFFERING.MANAGER");
		this.fixtures.grantOnCustomer(customer("Beta"), this.users.get(Who.OTHER_CUSTOMER), "CUSTOMER.OWNER");
		this.fixtures.grantOnOffering(offering("beta-storage"), this.users.get(Who.OTHER_CUSTOMER), "OFFERING.MANAGER");
	}

	@ParameterizedTest
	@EnumSource(Who.class)
	void offeringListShowsExactlyTheOfferingsInView(Who who) {
		Response response = this.api.get("/api/marketplace-provider-offerings/", key(who));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(uuids(response)).containsExactlyInAnyOrderElementsOf(offeringUuids(who.offerings));
		assertThat(response.header("X-Result-Count")).isEqualTo(Integer.toString(who.offerings.size()));
	}

	@ParameterizedTest
	@EnumSource(Who.class)
	void offeringDetailIsFoundOnlyInView(Who who) {
		for (String slug : this.offerings.keySet()) {
			Response response = this.api.get("/api/marketplace-provider-offerings/" + offering(slug) + "/", key(who));
			if (who.offerings.contains(slug)) {
				assertThat(response.status()).as(slug + ": " + response).isEqualTo(200);
				assertThat(response.json()).containsEntry("uuid", offering(slug)).containsEntry("slug", slug);
			}
			else {
				assertThat(response.status()).as(slug + ": " + response).isEqualTo(404);
				assertThat(response.json()).as(slug).isEqualTo(NOT_FOUND);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Who.class)
	void offeringListFiltersStayInsideTheView(Who who) {
		Response response = this.api.get("/api/marketplace-provider-offerings/?customer_uuid=" + customer("Acme"),
				key(who));
		assertThat(response.status()).isEqualTo(200);
		assertThat(uuids(response)).containsExactlyInAnyOrderElementsOf(
				offeringUuids(who.offerings.stream().filter((slug) -> slug.startsWith("acme-")).toList()));
	}

	@ParameterizedTest
	@EnumSource(Who.class)
	void customerListAndDetailShowTheCustomersInView(Who who) {
		Response list = this.api.get("/api/customers/", key(who));
		assertThat(list.status()).isEqualTo(200);
		assertThat(uuids(list))
			.containsExactlyInAnyOrderElementsOf(who.customers.stream().map(this::customer).toList());
		assertThat(list.header("X-Result-Count")).isEqualTo(Integer.toString(who.customers.size()));

		for (String name : this.customers.keySet()) {
			Response detail = this.api.get("/api/customers/" + customer(name) + "/", key(who));
			if (who.customers.contains(name)) {
				assertThat(detail.status()).as(name + ": " + detail).isEqualTo(200);
				assertThat(detail.json()).containsEntry("name", name);
			}
			else {
				assertThat(detail.status()).as(name + ": " + detail).isEqualTo(404);
				assertThat(detail.json()).isEqualTo(NOT_FOUND);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Who.class)
	void usersSeeOnlyThemselvesUnlessStaffOrSupport(Who who) {
		for (Who other : Who.values()) {
			Response detail = this.api.get("/api/users/" + this.users.get(other) + "/", key(who));
			if (who.seesAll() || other == who) {
				assertThat(detail.status()).as(other + ": " + detail).isEqualTo(200);
				assertThat(detail.json()).containsEntry("uuid", this.users.get(other));
			}
			else {
				assertThat(detail.status()).as(other + ": " + detail).isEqualTo(404);
				assertThat(detail.json()).isEqualTo(NOT_FOUND);
			}
		}
		Response list = this.api.get("/api/users/", key(who));
		assertThat(list.status()).isEqualTo(200);
		if (who.seesAll()) {
			// Everybody of the matrix, and the bootstrap admin.
			assertThat(uuids(list)).containsAll(this.users.values()).hasSize(Who.values().length + 1);
		}
		else {
			assertThat(uuids(list)).containsExactly(this.users.get(who));
			assertThat(list.header("X-Result-Count")).isEqualTo("1");
		}
		assertThat(this.api.get("/api/users/me/", key(who)).json()).containsEntry("uuid", this.users.get(who));
	}

	@ParameterizedTest
	@EnumSource(value = Who.class, names = "STAFF", mode = EnumSource.Mode.EXCLUDE)
	void nonStaffMayNotCreate(Who who) {
		assertForbidden(this.api.post("/api/customers/", key(who), Map.of("name", "Gamma")));
		assertForbidden(this.api.post("/api/marketplace-provider-offerings/", key(who),
				Map.of("name", "New", "customer", customer("Acme"))));
		assertForbidden(this.api.post("/api/users/", key(who), Map.of("username", "mallory")));
		assertThat(this.api.get("/api/customers/?name=Gamma", ADMIN).header("X-Result-Count")).isEqualTo("0");
		assertThat(this.api.get("/api/users/?username=mallory", ADMIN).header("X-Result-Count")).isEqualTo("0");
	}

	/**
	 * Visible objects: 403, and no change. Invisible ones: 404, as if they did not exist.
	 */
	@ParameterizedTest
	@EnumSource(value = Who.class, names = "STAFF", mode = EnumSource.Mode.EXCLUDE)
	void nonStaffWritesAreForbiddenOnVisibleObjectsAndNotFoundOnOthers(Who who) {
		String nobody = this.users.get(Who.NO_ROLE);
		for (String slug : this.offerings.keySet()) {
			for (String action : List.of("add_user", "delete_user")) {
				Response response = this.api.post(
						"/api/marketplace-provider-offerings/" + offering(slug) + "/" + action + "/", key(who),
						Map.of("user", nobody, "role", "OFFERING.MANAGER"));
				assertForbiddenOrNotFound(response, who.offerings.contains(slug), slug + " " + action);
			}
		}
		for (String name : this.customers.keySet()) {
			for (String action : List.of("add_user", "delete_user")) {
				Response response = this.api.post("/api/customers/" + customer(name) + "/" + action + "/", key(who),
						Map.of("user", nobody, "role", "CUSTOMER.OWNER"));
				assertForbiddenOrNotFound(response, who.customers.contains(name), name + " " + action);
			}
		}
		for (Who other : Who.values()) {
			String user = this.users.get(other);
			boolean visible = who.seesAll() || other == who;
			assertForbiddenOrNotFound(this.api.patch("/api/users/" + user + "/", key(who), Map.of("is_staff", true)),
					visible, "PATCH " + other);
			assertForbiddenOrNotFound(this.api.post("/api/users/" + user + "/tokens/", key(who), Map.of()), visible,
					"token for " + other);
			assertForbiddenOrNotFound(this.api.get("/api/users/" + user + "/tokens/", key(who)), visible,
					"tokens of " + other);
		}
		// Nothing changed: nobody still sees nothing, and nobody became staff.
		assertThat(this.api.get("/api/marketplace-provider-offerings/", key(Who.NO_ROLE)).list()).isEmpty();
		assertThat(this.api.get("/api/users/me/", key(who)).json()).containsEntry("is_staff", false);
	}

	@Test
	void offeringRoleRemovalTakesEffectOnTheNextRequest() {
		String key = key(Who.OFFERING_MANAGER);
		String path = "/api/marketplace-provider-offerings/" + offering("acme-hpc") + "/";
		assertThat(this.api.get(path, key).status()).isEqualTo(200);

		Response removed = this.api.post(path + "delete_user/", ADMIN,
				Map.of("user", this.users.get(Who.OFFERING_MANAGER), "role", "OFFERING.MANAGER"));
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);

		assertThat(this.api.get(path, key).json()).isEqualTo(NOT_FOUND);
		assertThat(this.api.get("/api/marketplace-provider-offerings/", key).list()).isEmpty();
		assertThat(this.api.get("/api/customers/" + customer("Acme") + "/", key).status()).isEqualTo(404);
	}

	@Test
	void customerRoleRemovalTakesEffectOnTheNextRequest() {
		String key = key(Who.OWNER);
		assertThat(uuids(this.api.get("/api/marketplace-provider-offerings/", key))).hasSize(2);

		Response removed = this.api.post("/api/customers/" + customer("Acme") + "/delete_user/", ADMIN,
				Map.of("user", this.users.get(Who.OWNER), "role", "CUSTOMER.OWNER"));
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);

		assertThat(this.api.get("/api/marketplace-provider-offerings/", key).list()).isEmpty();
		assertThat(this.api.get("/api/marketplace-provider-offerings/" + offering("acme-cloud") + "/", key).json())
			.isEqualTo(NOT_FOUND);
		assertThat(this.api.get("/api/customers/", key).list()).isEmpty();
	}

	/**
	 * Removing one role leaves the others in place: the service manager of Acme still
	 * sees it.
	 */
	@Test
	void removingOneRoleKeepsTheOthers() {
		String user = this.users.get(Who.SERVICE_MANAGER);
		this.fixtures.grantOnOffering(offering("acme-hpc"), user, "OFFERING.MANAGER");
		this.api.post("/api/customers/" + customer("Acme") + "/delete_user/", ADMIN,
				Map.of("user", user, "role", "CUSTOMER.MANAGER"));
		assertThat(uuids(this.api.get("/api/marketplace-provider-offerings/", key(Who.SERVICE_MANAGER))))
			.containsExactly(offering("acme-hpc"));
	}

	@Test
	void grantTakesEffectOnTheNextRequest() {
		String key = key(Who.NO_ROLE);
		assertThat(this.api.get("/api/marketplace-provider-offerings/", key).list()).isEmpty();
		this.fixtures.grantOnCustomer(customer("Beta"), this.users.get(Who.NO_ROLE), "CUSTOMER.MANAGER");
		assertThat(uuids(this.api.get("/api/marketplace-provider-offerings/", key)))
			.containsExactly(offering("beta-storage"));
	}

	@Test
	void becomingSupportShowsEverythingFromTheNextRequest() {
		String key = key(Who.NO_ROLE);
		assertThat(this.api.patch("/api/users/" + this.users.get(Who.NO_ROLE) + "/", ADMIN, Map.of("is_support", true))
			.status()).isEqualTo(200);
		assertThat(uuids(this.api.get("/api/marketplace-provider-offerings/", key)))
			.containsExactlyInAnyOrderElementsOf(this.offerings.values());
		// Support sees, but does not administer.
		assertForbidden(this.api.post("/api/customers/", key, Map.of("name", "Gamma")));
	}

	private static void assertForbidden(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.json()).isEqualTo(FORBIDDEN);
	}

	private static void assertForbiddenOrNotFound(Response response, boolean visible, String what) {
		assertThat(response.status()).as(what + ": " + response).isEqualTo(visible ? 403 : 404);
		assertThat(response.json()).as(what).isEqualTo(visible ? FORBIDDEN : NOT_FOUND);
	}

	private void offering(String customer, String slug) {
		this.offerings.put(slug,
				this.fixtures.offering(Map.of("name", slug, "slug", slug, "customer", customer(customer))));
	}

	private void user(Who who, Map<String, Object> body) {
		String uuid = this.fixtures.user(body);
		this.users.put(who, uuid);
		this.keys.put(who, this.fixtures.token(uuid));
	}

	private String key(Who who) {
		return this.keys.get(who);
	}

	private String offering(String slug) {
		return this.offerings.get(slug);
	}

	private String customer(String name) {
		return this.customers.get(name);
	}

	private List<String> offeringUuids(java.util.Collection<String> slugs) {
		return slugs.stream().map(this::offering).toList();
	}

	private static List<String> uuids(Response response) {
		return response.list().stream().map((item) -> (String) item.get("uuid")).toList();
	}

}
