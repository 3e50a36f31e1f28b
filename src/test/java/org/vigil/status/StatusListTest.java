package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.status.AgentType.GLAUTH_SYNC;
import static org.vigil.status.AgentType.ORDER_PROCESSING;
import static org.vigil.status.AgentType.USAGE_REPORTING;
import static org.vigil.status.Status.ACTIVE;
import static org.vigil.status.Status.DISCONNECTED;
import static org.vigil.status.Status.UNKNOWN;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;

/** Every query parameter of Waldur's status list, against a small known fleet. */
class StatusListTest extends ApiTest {

	private static final String LIST = "/api/marketplace-integration-statuses/";

	private static final Instant T0 = Instant.parse("2026-11-28T10:00:00.123456Z");

	private String acme;

	private String hpc;

	private String hpcChild;

	private String cloud;

	private String other;

	private String hpcOrders;

	private String hpcUsage;

	private String childOrders;

	private String cloudGlauth;

	private String otherOrders;

	@BeforeEach
	void fleet() {
		StatusRows rows = new StatusRows(this.db);
		this.acme = this.fixtures.customer("Acme");
		String globex = this.fixtures.customer("Globex");
		this.hpc = this.fixtures.offering(Map.of("name", "HPC", "customer", this.acme, "slug", "hpc"));
		this.hpcChild = this.fixtures
			.offering(Map.of("name", "HPC GPU", "customer", this.acme, "slug", "hpc-gpu", "parent", this.hpc));
		this.cloud = this.fixtures.offering(Map.of("name", "Cloud", "customer", this.acme, "slug", "cloud"));
		this.other = this.fixtures.offering(Map.of("name", "Other", "customer", globex, "slug", "other"));
		this.hpcOrders = rows.insert(this.hpc, ORDER_PROCESSING, ACTIVE, T0.plusSeconds(30), "site-agent/1.0");
		this.hpcUsage = rows.insert(this.hpc, USAGE_REPORTING, DISCONNECTED, T0.plusSeconds(10));
		this.childOrders = rows.insert(this.hpcChild, ORDER_PROCESSING, UNKNOWN, null);
		this.cloudGlauth = rows.insert(this.cloud, GLAUTH_SYNC, ACTIVE, T0.plusSeconds(20));
		this.otherOrders = rows.insert(this.other, ORDER_PROCESSING, UNKNOWN, null);
	}

	@Test
	void listsEveryStatusForStaffInCreationOrderWithWaldursFields() {
		Response response = this.api.get(LIST, ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("X-Result-Count")).isEqualTo("5");
		assertThat(uuids(response)).containsExactly(this.hpcOrders, this.hpcUsage, this.childOrders, this.cloudGlauth,
				this.otherOrders);
		Map<String, Object> first = response.list().get(0);
		assertThat(first).containsEntry("agent_type", "Order processing")
			.containsEntry("status", "Active")
			.containsEntry("last_request_timestamp", "2026-11-28T10:00:30.123456Z")
			.containsEntry("offering", this.api.base() + "/api/marketplace-provider-offerings/" + this.hpc + "/")
			.containsEntry("url", this.api.base() + LIST + this.hpcOrders + "/")
			.containsEntry("offering_uuid", this.hpc)
			.containsEntry("offering_name", "HPC")
			.containsEntry("customer_uuid", this.acme)
			.containsEntry("customer_name", "Acme")
			.containsEntry("service_name", "site-agent/1.0");
		assertThat(response.list().get(2)).containsEntry("last_request_timestamp", null);
		assertThat(response.body()).startsWith("[{\"agent_type\":");
	}

	@Test
	void agentTypeByLabelInAnyCaseOrByCode() {
		assertThat(uuids(get("agent_type=Order processing"))).containsExactly(this.hpcOrders, this.childOrders,
				this.otherOrders);
		assertThat(uuids(get("agent_type=order%20PROCESSING"))).hasSize(3);
		assertThat(uuids(get("agent_type=2"))).containsExactly(this.hpcUsage);
		assertThat(uuids(get("agent_type=Glauth+sync"))).containsExactly(this.cloudGlauth);
	}

	@Test
	void agentTypeUnknownMatchesNothingAndAnythingElseIs400() {
		Response unknown = get("agent_type=unknown");
		assertThat(unknown.status()).isEqualTo(200);
		assertThat(unknown.list()).isEmpty();
		assertThat(unknown.header("X-Result-Count")).isEqualTo("0");
		assertBadRequest(get("agent_type=Foo"), "agent_type",
				"Select a valid choice. Foo is not one of the available choices.");
		assertBadRequest(get("agent_type=6"), "agent_type",
				"Select a valid choice. 6 is not one of the available choices.");
	}

	@Test
	void customerUuid() {
		assertThat(uuids(get("customer_uuid=" + this.acme))).containsExactly(this.hpcOrders, this.hpcUsage,
				this.childOrders, this.cloudGlauth);
		assertThat(uuids(get("customer_uuid=" + hyphenated(this.acme)))).hasSize(4);
		assertBadRequest(get("customer_uuid=acme"), "customer_uuid", "Enter a valid UUID.");
	}

	@Test
	void offeringUrlAbsoluteOrPath() {
		String path = "/api/marketplace-provider-offerings/" + this.hpc + "/";
		assertThat(uuids(get("offering=" + this.api.base() + path))).containsExactly(this.hpcOrders, this.hpcUsage);
		assertThat(uuids(get("offering=" + path))).containsExactly(this.hpcOrders, this.hpcUsage);
		assertThat(uuids(get("offering=/api/customers/" + this.acme + "/"))).isEmpty();
		assertThat(get("offering=nonsense").list()).isEmpty();
	}

	@Test
	void offeringUuidRepeatedCommaSeparatedOrMixed() {
		assertThat(uuids(get("offering_uuid=" + this.hpc + "&offering_uuid=" + this.cloud)))
			.containsExactly(this.hpcOrders, this.hpcUsage, this.cloudGlauth);
		assertThat(uuids(get("offering_uuid=" + this.hpc + "," + hyphenated(this.cloud)))).hasSize(3);
		assertThat(uuids(get("offering_uuid=" + this.hpc + "," + this.cloud + "&offering_uuid=" + this.other)))
			.hasSize(4);
		assertBadRequest(get("offering_uuid=" + this.hpc + ",nope"), "offering_uuid",
				"\u201cnope\u201d is not a valid UUID.");
	}

	@Test
	void offeringSlugRepeatedOrCommaSeparated() {
		assertThat(uuids(get("offering_slug=hpc&offering_slug=other"))).containsExactly(this.hpcOrders, this.hpcUsage,
				this.otherOrders);
		assertThat(uuids(get("offering_slug=hpc-gpu,cloud"))).containsExactly(this.childOrders, this.cloudGlauth);
		assertThat(get("offering_slug=missing").list()).isEmpty();
	}

	@Test
	void offeringNameSearchIsACaseInsensitiveSubstring() {
		assertThat(uuids(get("offering_name=hpc"))).containsExactly(this.hpcOrders, this.hpcUsage, this.childOrders);
		assertThat(uuids(get("offering_name=GPU"))).containsExactly(this.childOrders);
		assertThat(get("offering_name=nothing-like-it").list()).isEmpty();
	}

	@Test
	void parentOfferingUuid() {
		assertThat(uuids(get("parent_offering_uuid=" + this.hpc))).containsExactly(this.childOrders);
		assertThat(get("parent_offering_uuid=" + this.cloud).list()).isEmpty();
		assertBadRequest(get("parent_offering_uuid=x"), "parent_offering_uuid", "Enter a valid UUID.");
	}

	@Test
	void statusLabelsRepeatedOrCommaSeparatedInAnyCase() {
		assertThat(uuids(get("status=Active"))).containsExactly(this.hpcOrders, this.cloudGlauth);
		assertThat(uuids(get("status=active&status=DISCONNECTED"))).containsExactly(this.hpcOrders, this.hpcUsage,
				this.cloudGlauth);
		assertThat(uuids(get("status=Unknown,Disconnected"))).containsExactly(this.hpcUsage, this.childOrders,
				this.otherOrders);
		assertBadRequest(get("status=Active,Foo"), "status",
				"Select a valid choice. Foo is not one of the available choices.");
	}

	@Test
	void filtersCombineWithAnd() {
		assertThat(uuids(get("customer_uuid=" + this.acme + "&status=Active&agent_type=1")))
			.containsExactly(this.hpcOrders);
	}

	@Test
	void orderByLastRequestTimestampNullsLastAscendingFirstDescending() {
		assertThat(uuids(get("o=last_request_timestamp"))).containsExactly(this.hpcUsage, this.cloudGlauth,
				this.hpcOrders, this.childOrders, this.otherOrders);
		assertThat(uuids(get("o=-last_request_timestamp"))).containsExactly(this.childOrders, this.otherOrders,
				this.hpcOrders, this.cloudGlauth, this.hpcUsage);
		assertBadRequest(get("o=name"), "o", "Select a valid choice. name is not one of the available choices.");
	}

	@Test
	void problemsFirstPutsDisconnectedThenNeverSeenThenActiveEachLongestSilentFirst() {
		assertThat(uuids(get("o=problems"))).containsExactly(this.hpcUsage, this.childOrders, this.otherOrders,
				this.cloudGlauth, this.hpcOrders);
		assertThat(uuids(get("o=problems&status=Active"))).containsExactly(this.cloudGlauth, this.hpcOrders);
	}

	@Test
	void unknownParametersAreIgnoredAndBlankValuesMeanNoFilter() {
		assertThat(get("colour=blue&status=&agent_type=").list()).hasSize(5);
	}

	@Test
	void badParametersAreReportedTogether() {
		Response response = get("status=Foo&customer_uuid=x&o=name");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsOnlyKeys("status", "customer_uuid", "o");
	}

	@Test
	void retrieveOneInBothUuidForms() {
		Response hex = this.api.get(LIST + this.hpcOrders + "/", ADMIN);
		assertThat(hex.status()).isEqualTo(200);
		assertThat(hex.json()).containsEntry("url", this.api.base() + LIST + this.hpcOrders + "/")
			.containsEntry("agent_type", "Order processing");
		assertThat(this.api.get(LIST + hyphenated(this.hpcOrders), ADMIN).json()).isEqualTo(hex.json());
	}

	@Test
	void retrieveOfNothingIsNotFound() {
		for (String path : List.of(LIST + "0123456789abcdef0123456789abcdef/", LIST + "not-a-uuid/", LIST + "12/")) {
			Response response = this.api.get(path, ADMIN);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.json()).containsEntry("detail", "Not found.");
		}
	}

	@Test
	void otherMethodsAre405WithAllow() {
		for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
			Response list = this.api.send(method, LIST, ADMIN, "{}", Map.of());
			assertThat(list.status()).as(method).isEqualTo(405);
			assertThat(list.json()).containsEntry("detail", "Method \"" + method + "\" not allowed.");
			assertThat(list.header("Allow")).contains("GET", "HEAD");
			Response item = this.api.send(method, LIST + this.hpcOrders + "/", ADMIN, "{}", Map.of());
			assertThat(item.status()).as(method).isEqualTo(405);
			assertThat(item.header("Allow")).contains("GET");
		}
	}

	@Test
	void scopedUsersSeeCountAndPageOnlyTheirStatuses() {
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnOffering(this.cloud, manager, "OFFERING.MANAGER");
		String owner = this.fixtures.user("owner");
		this.fixtures.grantOnCustomer(this.acme, owner, "CUSTOMER.OWNER");
		String nobody = this.fixtures.userWithToken("nobody");

		String managerKey = this.fixtures.token(manager);
		Response managed = this.api.get(LIST, managerKey);
		assertThat(uuids(managed)).containsExactly(this.cloudGlauth);
		assertThat(managed.header("X-Result-Count")).isEqualTo("1");
		assertThat(this.api.head(LIST, managerKey).header("X-Result-Count")).isEqualTo("1");
		assertThat(this.api.get(LIST + this.hpcOrders + "/", managerKey).status()).isEqualTo(404);
		assertThat(this.api.get(LIST + this.cloudGlauth + "/", managerKey).status()).isEqualTo(200);
		assertThat(this.api.get(LIST + "?offering_uuid=" + this.hpc, managerKey).list()).isEmpty();

		assertThat(uuids(this.api.get(LIST + "?page_size=2&page=2", this.fixtures.token(owner))))
			.containsExactly(this.childOrders, this.cloudGlauth);

		Response none = this.api.get(LIST, nobody);
		assertThat(none.status()).isEqualTo(200);
		assertThat(none.list()).isEmpty();
		assertThat(none.header("X-Result-Count")).isEqualTo("0");
		assertThat(this.api.get(LIST + this.otherOrders + "/", nobody).json()).containsEntry("detail", "Not found.");
	}

	private Response get(String query) {
		return this.api.get(LIST + "?" + query.replace(" ", "%20"), ADMIN);
	}

	static List<String> uuids(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list().stream().map((item) -> (String) item.get("uuid")).toList();
	}

	private static void assertBadRequest(Response response, String field, String message) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json()).containsEntry(field, List.of(message));
	}

	static String hyphenated(String hex) {
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

}
