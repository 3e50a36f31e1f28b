package org.vigil.alerts.channel;

import java.time.Clock;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.alerts.delivery.Message;
import org.vigil.alerts.delivery.MessageSender;
import org.vigil.alerts.delivery.Outcome;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.system.Clocks;
import org.vigil.web.ApiException;
import org.vigil.web.Uuids;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notification-channels/{uuid}/test/} (any kind): sends a test message
 * now and answers with what came of it, success or not (a failing receiver is not Vigil's
 * error: 200 with {@code "succeeded": false}). For those who manage the channel; a
 * channel outside the caller's view is not found. Staff see the receiver's answer and the
 * error; anyone else the outcome only. Limited per channel and per user
 * ({@link TestActionLimits}).
 */
@RestController
class ChannelTestController {

	private final DeliveryQueue deliveries;

	private final MessageSender senders;

	private final TestActionLimits limits;

	private final Clock clock;

	ChannelTestController(DeliveryQueue deliveries, MessageSender senders, TestActionLimits limits, Clock clock) {
		this.deliveries = deliveries;
		this.senders = senders;
		this.limits = limits;
		this.clock = clock;
	}

	@PostMapping("/api/notification-channels/{uuid}/test")
	TestResult test(Caller caller, @PathVariable String uuid) {
		DeliveryQueue.ChannelOfCustomer found = this.deliveries.channel(Uuids.pathOrNotFound(uuid), caller)
			.orElseThrow(ApiException::notFound);
		if (!Visibility.managesAlerts(caller, found.channel().customerId())) {
			throw ApiException.forbidden();
		}
		this.limits.acquire(found.channel().uuid(), caller.uuid());
		Message message = Message.test(found.channel(), found.customerUuid(), found.customerName(),
				Clocks.now(this.clock));
		return TestResult.of(this.senders.send(message), caller.staff());
	}

	@JsonPropertyOrder({ "succeeded", "outcome", "http_status", "latency_ms", "error" })
	record TestResult(boolean succeeded, String outcome, Integer httpStatus, int latencyMs, String error) {

		static TestResult of(Outcome outcome, boolean staff) {
			return staff
					? new TestResult(outcome.succeeded(), outcome.summary(), outcome.httpStatus(), outcome.latencyMs(),
							outcome.error())
					: new TestResult(outcome.succeeded(), Outcome.forNonStaff(outcome.summary()), outcome.httpStatus(),
							outcome.latencyMs(), null);
		}

	}

}
