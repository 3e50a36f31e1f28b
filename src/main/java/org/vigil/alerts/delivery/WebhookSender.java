package org.vigil.alerts.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook deliveries: the message as JSON ({@link WebhookBody}), POSTed through the
 * {@link GuardedHttpClient}. A webhook is signed:
 * {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}.
 */
class WebhookSender {

	private final GuardedHttpClient http;

	private final JsonMapper json;

	private final Clock clock;

	WebhookSender(GuardedHttpClient http, JsonMapper json, Clock clock) {
		this.http = http;
		this.json = json;
		this.clock = clock;
	}

	Outcome send(Message message) {
		byte[] body = this.json.writeValueAsBytes(WebhookBody.of(message));
		Map<String, String> headers = new LinkedHashMap<>();
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		headers.put("X-Vigil-Delivery", Uuids.hex(message.delivery()));
		headers.put("X-Vigil-Timestamp", timestamp);
		String secret = message.channel().secret();
		if (secret != null && !secret.isEmpty()) {
			headers.put("X-Vigil-Signature", "sha256=" + sign(secret, timestamp, body));
		}
		return this.http.post(message.channel(), headers, body);
	}

	/** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with the channel's secret. */
	static String sign(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** The webhook's body, as docs/alerts.md documents it for receivers. */
	@JsonPropertyOrder({ "delivery", "customer", "events", "text", "source_event" })
	record WebhookBody(UUID delivery, CustomerRef customer, List<Event> events, String text,
			@JsonInclude(JsonInclude.Include.NON_NULL) SourceEventView sourceEvent) {

		static WebhookBody of(Message message) {
			return new WebhookBody(message.delivery(),
					(message.customerUuid() != null) ? new CustomerRef(message.customerUuid(), message.customerName())
							: null,
					message.items().stream().map(Event::of).toList(), MessageTexts.summary(message),
					(message.source() != null) ? SourceEventView.of(message.source()) : null);
		}

	}

	@JsonPropertyOrder({ "uuid", "name" })
	record CustomerRef(UUID uuid, String name) {
	}

	@JsonPropertyOrder({ "uuid", "offering_uuid", "offering_name", "agent_type", "from_status", "to_status", "reason",
			"created" })
	record Event(UUID uuid, UUID offeringUuid, String offeringName, String agentType, String fromStatus,
			String toStatus, String reason, Instant created) {

		static Event of(Item item) {
			return new Event(item.eventUuid(), item.offeringUuid(), item.offeringName(), item.agentType(),
					item.fromStatus(), item.toStatus(), item.reason(), item.created());
		}

	}

}
