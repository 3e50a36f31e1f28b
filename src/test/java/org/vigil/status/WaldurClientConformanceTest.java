package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;
import tools.jackson.databind.json.JsonMapper;

/**
 * Waldur's TypeScript client, generated from the contract by conformance/build.sh, run
 * with Node against this Vigil: every list filter, paging by Link, HEAD count, retrieve,
 * a scoped user. This test seeds the data and writes what the server holds for the script
 * to compare against; the checks themselves are in conformance/src/conformance.ts.
 */
class WaldurClientConformanceTest extends ApiTest {

	private static final Path BUNDLE = Path.of("conformance", "dist", "conformance.mjs").toAbsolutePath();

	private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Test
	void waldursGeneratedTypeScriptClientWorksUnchanged(@TempDir Path dir) throws Exception {
		requireBundle();

		String acme = this.fixtures.customer("Acme Research");
		String beta = this.fixtures.customer("Beta Computing");
		String gamma = this.fixtures.customer("Gamma Labs");
		List<Offering> offerings = new ArrayList<>();
		Offering hpc = offering(offerings, acme, "acme-hpc", null);
		Offering cloud = offering(offerings, acme, "acme-cloud", null);
		Offering objects = offering(offerings, acme, "acme-cloud-objects", cloud.uuid);
		offering(offerings, acme, "acme-cloud-blocks", cloud.uuid);
		offering(offerings, beta, "beta-slurm", null);
		offering(offerings, beta, "beta-k8s", null);
		offering(offerings, gamma, "gamma-storage", null);

		// The scoped user owns Beta and manages one child offering of Acme's.
		String operator = this.fixtures.user("operator");
		this.fixtures.grantOnCustomer(beta, operator, "CUSTOMER.OWNER");
		this.fixtures.grantOnOffering(objects.uuid, operator, "OFFERING.MANAGER");
		String operatorKey = this.fixtures.token(operator);

		List<Map<String, Object>> items = seedStatuses(offerings, (o) -> o.customer.equals(beta) || o == objects);
		// The script derives its filter values from the first items: keep Acme's HPC
		// offering first.
		assertThat(items.get(0).get("offering_uuid")).isEqualTo(hpc.uuid);

		Path expected = dir.resolve("expected.json");
		Files.writeString(expected, JsonMapper.builder().build().writeValueAsString(Map.of("items", items)));
		String output = runNode(dir, expected, operatorKey);
		assertThat(output).as(output).containsPattern("(?m)^[1-9][0-9]+ passed, 0 failed$");
	}

	/**
	 * Fails when CI asked for the conformance run and it was not built; skips on a
	 * developer's machine without Node.
	 */
	private static void requireBundle() {
		if (Files.isRegularFile(BUNDLE)) {
			return;
		}
		String how = BUNDLE + " does not exist: build it with `bash conformance/build.sh` (needs Node and npm).";
		if ("required".equals(System.getenv("VIGIL_CONFORMANCE"))) {
			fail("VIGIL_CONFORMANCE=required but " + how);
		}
		Assumptions.abort(how);
	}

	private Offering offering(List<Offering> offerings, String customer, String slug, String parent) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", slug.replace('-', ' '));
		body.put("slug", slug);
		body.put("customer", customer);
		if (parent != null) {
			body.put("parent", parent);
		}
		Offering offering = new Offering(this.fixtures.offering(body), slug, customer, parent);
		offerings.add(offering);
		return offering;
	}

	/**
	 * 28 of the 35 (offering, agent type) pairs in a fixed shuffled order, so that
	 * creation order is not grouped by offering: Unknown ones never heard from (null),
	 * the others at times a few minutes apart with microseconds, some sharing a time so
	 * that ordering ties show.
	 */
	private List<Map<String, Object>> seedStatuses(List<Offering> offerings, Predicate<Offering> visibleToOperator) {
		List<Object[]> pairs = new ArrayList<>();
		for (Offering offering : offerings) {
			for (AgentType type : AgentType.values()) {
				pairs.add(new Object[] { offering, type });
			}
		}
		Random random = new Random(20261128);
		Collections.shuffle(pairs.subList(1, pairs.size()), random);
		StatusRows rows = new StatusRows(this.db);
		Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
		Instant previous = base;
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < 28; i++) {
			Offering offering = (Offering) pairs.get(i)[0];
			AgentType type = (AgentType) pairs.get(i)[1];
			Status status = Status.values()[(i * 7 + random.nextInt(2)) % 3];
			Instant last = null;
			if (status != Status.UNKNOWN) {
				last = (i % 5 == 4) ? previous : base.plus(random.nextInt(170), ChronoUnit.MINUTES)
					.plusNanos(random.nextInt(1_000_000) * 1_000L);
				previous = last;
			}
			String uuid = rows.insert(offering.uuid, type, status, last, "site-agent-" + i);
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("uuid", uuid);
			item.put("agent_type", type.label());
			item.put("status", status.label());
			item.put("last_request_timestamp", (last != null) ? WIRE_TIME.format(last) : null);
			item.put("offering_uuid", offering.uuid);
			item.put("offering_slug", offering.slug);
			item.put("customer_uuid", offering.customer);
			item.put("parent_offering_uuid", offering.parent);
			item.put("visible_to_user", visibleToOperator.test(offering));
			items.add(item);
		}
		return items;
	}

	private String runNode(Path dir, Path expected, String userKey) throws IOException, InterruptedException {
		Path log = dir.resolve("conformance.log");
		ProcessBuilder builder = new ProcessBuilder("node", BUNDLE.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("VIGIL_BASE_URL", this.api.base());
		builder.environment().put("VIGIL_STAFF_TOKEN", ADMIN);
		builder.environment().put("VIGIL_USER_TOKEN", userKey);
		builder.environment().put("VIGIL_EXPECTED", expected.toString());
		Process node = builder.start();
		if (!node.waitFor(2, TimeUnit.MINUTES)) {
			node.destroyForcibly();
			fail("node did not finish within 2 minutes:\n" + Files.readString(log));
		}
		String output = Files.readString(log);
		System.out.print(output); // one line per check, for the build log
		assertThat(node.exitValue()).as("node %s exited with %d:%n%s", BUNDLE, node.exitValue(), output).isZero();
		return output;
	}

	private record Offering(String uuid, String slug, String customer, String parent) {
	}

}
