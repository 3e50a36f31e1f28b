package org.vigil.alerts.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * /api/maintenance-windows/: a customer's or some offerings' windows, checked, seen and
 * changed as channels are.
 */
class MaintenanceWindowApiTest extends ApiTest {

	private static final String WINDOWS = "/api/maintenance-windows/";

	/**
	 * Set once the application runs: the first test's instance is made before the context
	 * starts, which on a loaded machine took longer than the windows' minute.
	 */
	private Instant now;

	private String acme;

	private String beta;

	private String hpc;

	private String acmeOwner;

	private String acmeManager;

	@BeforeEach
	void customersWithAnOwnerAndAManager() {
		this.now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		this.acme = this.fixtures.customer("Acme Research");
		this.beta = this.fixtures.customer("Beta Labs");
		this.hpc = this.fixtures.offering(this.acme, "HPC");
		String owner = this.fixtures.user("owner");
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnCustomer(this.acme, owner, "CUSTOMER.OWNER");
		this.fixtures.grantOnCustomer(this.acme, manager, "CUSTOMER.MANAGER");
		this.acmeOwner = this.fixtures.token(owner);
		this.acmeManager = this.fixtures.token(manager);
	}

	@Test
	void aWindowOfOfferingsBelongsToTheirCustomerAndSaysWhetherItIsActive() {
		Response created = this.api.post(WINDOWS, this.acmeOwner, Map.of("offering_uuids", List.of(this.hpc), "start",
				this.now.minusSeconds(60).toString(), "end", "2099-01-01T12:00:00+02:00", "reason", "Kernel upgrade"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json()).containsEntry("customer", this.acme)
			.containsEntry("customer_name", "Acme Research")
			.containsEntry("offering_uuids", List.of(this.hpc))
			.containsEntry("end", "2099-01-01T10:00:00.000000Z")
			.containsEntry("reason", "Kernel upgrade")
			.containsEntry("active", true);
		Response later = this.api.post(WINDOWS, ADMIN, Map.of("customer", this.acme, "start",
				this.now.plusSeconds(3600).toString(), "end", this.now.plusSeconds(7200).toString(), "reason", "Move"));
		assertThat(later.json()).containsEntry("active", false).containsEntry("offering_uuids", List.of());
		assertThat(this.api.get(WINDOWS + "?active=true", ADMIN).list()).extracting((w) -> w.get("reason"))
			.containsExactly("Kernel upgrade");
		assertThat(this.api.get(WINDOWS + "?active=false", ADMIN).list()).extracting((w) -> w.get("reason"))
			.containsExactly("Move");
		assertThat(this.api.get(WINDOWS + "?customer_uuid=" + this.beta, ADMIN).list()).isEmpty();
		assertThat(this.api.get(WINDOWS + "?active=maybe", ADMIN).status()).isEqualTo(400);
		String uuid = created.field("uuid");
		Response ended = this.api.patch(WINDOWS + uuid + "/", this.acmeOwner,
				Map.of("end", this.now.minusSeconds(1).toString()));
		assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
		assertThat(ended.json()).containsEntry("active", false).containsEntry("reason", "Kernel upgrade");
		assertThat(this.api.patch(WINDOWS + uuid + "/", this.acmeOwner, Map.of("offering_uuids", List.of())).json())
			.containsEntry("offering_uuids", List.of());
		assertThat(this.api.delete(WINDOWS + uuid + "/", this.acmeOwner).status()).isEqualTo(204);
		assertThat(this.api.get(WINDOWS + uuid + "/", ADMIN).status()).isEqualTo(404);
	}

	/**
	 * Each window says which offerings it holds alerts for now, by the rule the planner
	 * applies ({@link Maintenance#covers}): the dashboard marks those rows and decides
	 * nothing itself.
	 */
	@Test
	void aWindowSaysWhichOfferingsItCoversNowByThePlannersRule() {
		String storage = this.fixtures.offering(this.acme, "Storage");
		String cloud = this.fixtures.offering(this.beta, "Cloud");
		String start = this.now.minusSeconds(60).toString();
		String end = this.now.plusSeconds(3600).toString();
		Response wholeAcme = this.api.post(WINDOWS, ADMIN,
				Map.of("customer", this.acme, "start", start, "end", end, "reason", "All of Acme"));
		assertThat(wholeAcme.json()).containsEntry("covered_offering_uuids", List.of(this.hpc, storage));
		Response onlyCloud = this.api.post(WINDOWS, ADMIN,
				Map.of("offering_uuids", List.of(cloud), "start", start, "end", end, "reason", "Cloud only"));
		assertThat(onlyCloud.json()).containsEntry("covered_offering_uuids", List.of(cloud));
		Response later = this.api.post(WINDOWS, ADMIN, Map.of("customer", this.beta, "start",
				this.now.plusSeconds(600).toString(), "end", end, "reason", "Later"));
		assertThat(later.json()).containsEntry("active", false).containsEntry("covered_offering_uuids", List.of());

		List<Map<String, Object>> windows = this.api.get(WINDOWS, ADMIN).list();
		assertThat(windows).extracting((w) -> w.get("covered_offering_uuids"))
			.containsExactlyInAnyOrder(List.of(this.hpc, storage), List.of(cloud), List.of());
		Set<Object> covered = new HashSet<>();
		windows.forEach((w) -> covered.addAll((List<?>) w.get("covered_offering_uuids")));
		Set<String> planner = new HashSet<>(this.db.select(OFFERING.UUID)
			.from(OFFERING)
			.where(Maintenance.covers(OFFERING.CUSTOMER_ID, OFFERING.ID, Instant.now()))
			.fetch((r) -> r.value1().toString().replace("-", "")));
		assertThat(covered).isEqualTo(planner).hasSize(3);
		assertThat(this.api.get(WINDOWS + later.field("uuid") + "/", ADMIN).json())
			.containsEntry("covered_offering_uuids", List.of());
	}

	@Test
	void invalidWindowsAreNamedFieldByField() {
		String cloud = this.fixtures.offering(this.beta, "Cloud");
		Response empty = this.api.post(WINDOWS, ADMIN, Map.of());
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json()).containsKeys("customer", "start", "end", "reason");
		Response twoCustomers = this.api.post(WINDOWS, ADMIN, Map.of("offering_uuids", List.of(this.hpc, cloud),
				"start", this.now.toString(), "end", this.now.plusSeconds(60).toString(), "reason", "x"));
		assertThat(twoCustomers.status()).isEqualTo(400);
		assertThat(twoCustomers.json()).containsOnlyKeys("offering_uuids");
		Response backwards = this.api.post(WINDOWS, ADMIN, Map.of("customer", this.acme, "start",
				this.now.plusSeconds(60).toString(), "end", this.now.toString(), "reason", "x"));
		assertThat(backwards.json()).containsOnlyKeys("end");
		Response noOffset = this.api.post(WINDOWS, ADMIN,
				Map.of("customer", this.acme, "start", "2099-01-01T10:00:00", "end", "tomorrow", "reason", "x"));
		assertThat(noOffset.json()).containsOnlyKeys("start", "end");
		assertThat(noOffset.json().get("start").toString()).contains("offset");
		Response past = this.api.post(WINDOWS, ADMIN, Map.of("customer", this.acme, "start",
				this.now.minusSeconds(120).toString(), "end", this.now.minusSeconds(60).toString(), "reason", "x"));
		assertThat(past.json()).containsOnlyKeys("end");
	}

	@Test
	void ownersDeclareWindowsOnlyForTheirCustomersAndManagersOnlyLook() {
		String cloud = this.fixtures.offering(this.beta, "Cloud");
		Map<String, Object> times = Map.of("start", this.now.toString(), "end", this.now.plusSeconds(600).toString(),
				"reason", "x");
		Response forBeta = this.api.post(WINDOWS, this.acmeOwner, with(times, "customer", this.beta));
		assertThat(forBeta.status()).isEqualTo(400);
		assertThat(forBeta.json().get("customer").toString()).contains("does not exist");
		Response betaOfferings = this.api.post(WINDOWS, this.acmeOwner, with(times, "offering_uuids", List.of(cloud)));
		assertThat(betaOfferings.status()).isEqualTo(400);
		assertThat(betaOfferings.json().get("offering_uuids").toString()).contains("does not exist");
		assertThat(this.api.post(WINDOWS, this.acmeManager, with(times, "customer", this.acme)).status())
			.isEqualTo(403);
		String betaWindow = this.api.post(WINDOWS, ADMIN, with(times, "customer", this.beta)).field("uuid");
		String acmeWindow = this.api.post(WINDOWS, ADMIN, with(times, "customer", this.acme)).field("uuid");
		assertThat(this.api.get(WINDOWS + betaWindow + "/", this.acmeOwner).status()).isEqualTo(404);
		assertThat(this.api.delete(WINDOWS + betaWindow + "/", this.acmeOwner).status()).isEqualTo(404);
		assertThat(this.api.get(WINDOWS, this.acmeOwner).list()).extracting((w) -> w.get("uuid"))
			.containsExactly(acmeWindow);
		assertThat(this.api.get(WINDOWS + acmeWindow + "/", this.acmeManager).status()).isEqualTo(200);
		assertThat(this.api.patch(WINDOWS + acmeWindow + "/", this.acmeManager, Map.of("reason", "y")).status())
			.isEqualTo(403);
		assertThat(this.api.patch(WINDOWS + acmeWindow + "/", this.acmeOwner, Map.of("reason", "y")).json())
			.containsEntry("reason", "y");
	}

	private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
		Map<String, Object> body = new java.util.HashMap<>(base);
		body.put(key, value);
		return body;
	}

}
