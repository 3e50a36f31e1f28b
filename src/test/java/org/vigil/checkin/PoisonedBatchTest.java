package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * One bad check-in never fails the others that share its batch. Valid check-ins race, all
 * at once, with ones refused before they are queued (a NUL or half a surrogate pair in
 * service_name) and with ones the database itself refuses in the batch: their offering
 * was deleted after Vigil had cached it, so writing their status breaks a foreign key.
 */
class PoisonedBatchTest extends ApiTest {

	private static final int ROUNDS = 4;

	private static final int VALID_OFFERINGS = 8;

	private static final int DOOMED_PER_ROUND = 4;

	@Autowired
	private MeterRegistry meters;

	@Test
	void everyValidCheckInIsCommittedAndEveryBadOneGetsItsOwn4xx() throws Exception {
		String customer = this.fixtures.customer("Acme");
		List<String> valid = new ArrayList<>();
		for (int i = 0; i < VALID_OFFERINGS; i++) {
			valid.add(this.fixtures.offering(customer, "Valid " + i));
		}
		double splitsBefore = splits();
		ExecutorService agents = Executors.newFixedThreadPool(32);
		List<Sent> answers = new ArrayList<>();
		try {
			for (int round = 1; round <= ROUNDS; round++) {
				List<Sent> requests = new ArrayList<>();
				for (String offering : valid) {
					for (AgentType type : AgentType.values()) {
						requests.add(new Sent("valid", body(offering, type.label(), "agent-" + round)));
					}
				}
				for (int i = 0; i < DOOMED_PER_ROUND; i++) {
					requests
						.add(new Sent("doomed", body(doomedOffering(customer, round, i), "Order processing", "agent")));
				}
				for (int i = 0; i < 6; i++) {
					requests.add(new Sent("nul", body(valid.get(i), "Usage reporting", "agent\u0000" + i)));
				}
				for (int i = 0; i < 2; i++) {
					// As JSON text: a Java string with half a pair would not survive
					// encoding to UTF-8.
					requests.add(new Sent("surrogate", "{\"offering_uuid\": \"" + valid.get(i)
							+ "\", \"agent_type\": \"Glauth sync\", \"service_name\": \"agent \\ud800" + i + "\"}"));
				}
				Collections.shuffle(requests);
				answers.addAll(allAtOnce(agents, requests));
			}
		}
		finally {
			agents.shutdown();
		}

		assertThat(answers).filteredOn((a) -> a.kind().equals("valid"))
			.hasSize(ROUNDS * VALID_OFFERINGS * AgentType.values().length)
			.allSatisfy((a) -> assertThat(a.response().status()).as(a.response().toString()).isEqualTo(200));
		assertThat(answers).filteredOn((a) -> a.kind().equals("doomed"))
			.hasSize(ROUNDS * DOOMED_PER_ROUND)
			.allSatisfy((a) -> {
				assertThat(a.response().status()).as(a.response().toString()).isEqualTo(404);
				assertThat(a.response().json()).containsEntry("detail", "Not found.");
			});
		assertThat(answers).filteredOn((a) -> a.kind().equals("nul")).allSatisfy((a) -> {
			assertThat(a.response().status()).as(a.response().toString()).isEqualTo(400);
			assertThat(a.response().json()).containsEntry("service_name", List.of("Null characters are not allowed."));
		});
		assertThat(answers).filteredOn((a) -> a.kind().equals("surrogate")).allSatisfy((a) -> {
			assertThat(a.response().status()).as(a.response().toString()).isEqualTo(400);
			assertThat(a.response().json()).containsEntry("service_name",
					List.of("Surrogate characters are not allowed: U+D800."));
		});
		// Every valid status holds the last round's check-in, and nothing else was
		// written.
		assertThat(this.db.select(INTEGRATION_STATUS.SERVICE_NAME)
			.from(INTEGRATION_STATUS)
			.fetch(INTEGRATION_STATUS.SERVICE_NAME)).hasSize(VALID_OFFERINGS * AgentType.values().length)
			.containsOnly("agent-" + ROUNDS);
		assertThat(splits() - splitsBefore).as("batches split because a deleted offering's check-in was in them")
			.isPositive();
	}

	/**
	 * An offering Vigil has seen (and cached) and that was then deleted in the database.
	 */
	private String doomedOffering(String customer, int round, int i) {
		String offering = this.fixtures.offering(customer, "Doomed " + round + "." + i);
		Response first = this.api.post(CheckInTest.CHECK_IN, ADMIN, body(offering, "Order processing", "agent"));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		this.db.deleteFrom(OFFERING).where(OFFERING.UUID.eq(Uuids.parse(offering).orElseThrow())).execute();
		return offering;
	}

	private List<Sent> allAtOnce(ExecutorService agents, List<Sent> requests) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Sent>> sent = new ArrayList<>();
		for (Sent request : requests) {
			Callable<Sent> send = () -> {
				start.await();
				return new Sent(request.kind(), request.body(),
						this.api.post(CheckInTest.CHECK_IN, ADMIN, request.body()));
			};
			sent.add(agents.submit(send));
		}
		start.countDown();
		List<Sent> answered = new ArrayList<>();
		for (Future<Sent> future : sent) {
			answered.add(future.get());
		}
		return answered;
	}

	private double splits() {
		return this.meters.counter("vigil.checkin.batch.splits").count();
	}

	private static Map<String, Object> body(String offering, String type, String serviceName) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("offering_uuid", offering);
		body.put("agent_type", type);
		body.put("service_name", serviceName);
		return body;
	}

	/** A check-in of some kind; its body is a map or JSON text. */
	private record Sent(String kind, Object body, Response response) {

		Sent(String kind, Object body) {
			this(kind, body, null);
		}

	}

}
