package org.vigil.alerts.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.Condition;
import org.vigil.alerts.delivery.Item;
import org.vigil.alerts.delivery.Outcome;
import org.vigil.alerts.delivery.SourceEventView;
import org.vigil.auth.Caller;
import org.vigil.web.ApiException;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Uuids;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alerts' deliveries, newest first, with the events each carries and every attempt. Seen
 * by whoever sees the channel's customer; a global channel's deliveries by staff and
 * support only. An attempt's error (a receiver's answer, a host) is for staff; anyone
 * else sees its outcome only.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@RequestMapping(method = { RequestMethod.GET, RequestMethod.HEAD })
	ResponseEntity<List<DeliveryView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		Condition filter = NotificationFilter.parse(params);
		Page page = Paging.from(params).of(this.notifications.count(caller, filter));
		return page.response(request,
				(links) -> this.notifications.page(caller, filter, page)
					.stream()
					.map((d) -> DeliveryView.of(d, caller.staff()))
					.toList());
	}

	@GetMapping("/{uuid}")
	DeliveryView retrieve(Caller caller, @PathVariable String uuid) {
		return this.notifications.visible(Uuids.pathOrNotFound(uuid), caller)
			.map((d) -> DeliveryView.of(d, caller.staff()))
			.orElseThrow(ApiException::notFound);
	}

	@JsonPropertyOrder({ "uuid", "channel_uuid", "channel_name", "customer_uuid", "customer_name", "state", "created",
			"finished", "next_attempt_at", "attempt_count", "events", "attempts", "source_event" })
	record DeliveryView(UUID uuid, UUID channelUuid, String channelName, UUID customerUuid, String customerName,
			String state, Instant created, Instant finished, Instant nextAttemptAt, int attemptCount,
			List<EventView> events, List<AttemptView> attempts,
			@JsonInclude(JsonInclude.Include.NON_NULL) SourceEventView sourceEvent) {

		/** {@code staff} see each attempt's error; anyone else its outcome only. */
		static DeliveryView of(NotificationRepository.Delivery d, boolean staff) {
			return new DeliveryView(d.uuid(), d.channelUuid(), d.channelName(), d.customerUuid(), d.customerName(),
					d.state(), d.created(), d.finished(), d.nextAttemptAt(), d.attemptCount(),
					d.items().stream().map(EventView::of).toList(),
					d.attempts().stream().map((a) -> AttemptView.of(a, staff)).toList(),
					(d.source() != null) ? SourceEventView.of(d.source()) : null);
		}

	}

	@JsonPropertyOrder({ "what", "uuid", "integration_status_uuid", "offering_uuid", "offering_name", "agent_type",
			"from_status", "to_status", "reason", "created" })
	record EventView(String what, UUID uuid, UUID integrationStatusUuid, UUID offeringUuid, String offeringName,
			String agentType, String fromStatus, String toStatus, String reason, Instant created) {

		static EventView of(Item i) {
			return new EventView(i.what(), i.eventUuid(), i.statusUuid(), i.offeringUuid(), i.offeringName(),
					i.agentType(), i.fromStatus(), i.toStatus(), i.reason(), i.created());
		}

	}

	@JsonPropertyOrder({ "attempted", "succeeded", "outcome", "http_status", "latency_ms", "error" })
	record AttemptView(Instant attempted, boolean succeeded, String outcome, Integer httpStatus, int latencyMs,
			String error) {

		static AttemptView of(NotificationRepository.Attempt a, boolean staff) {
			return staff
					? new AttemptView(a.attempted(), a.succeeded(), a.outcome(), a.httpStatus(), a.latencyMs(),
							a.error())
					: new AttemptView(a.attempted(), a.succeeded(), Outcome.forNonStaff(a.outcome()), a.httpStatus(),
							a.latencyMs(), null);
		}

	}

}
