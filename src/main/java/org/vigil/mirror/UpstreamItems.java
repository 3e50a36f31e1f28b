package org.vigil.mirror;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.vigil.agents.RegistryRead;
import org.vigil.status.AgentType;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Uuids;

/**
 * Upstream list items as Waldur's serializers write them: UUIDs as hex with or without
 * dashes, ISO-8601 times with {@code Z}, an offset or none (UTC), links for references.
 * An item that lacks what identifies it makes the page malformed; an item of an agent
 * type Vigil does not know is skipped. Only the fields named here are read from an item.
 */
final class UpstreamItems {

	/** What Vigil reads of an offering. */
	static final Set<String> OFFERING_FIELDS = Set.of("uuid", "name", "slug", "type", "customer_uuid", "customer_name",
			"parent_uuid");

	/** What Vigil reads of a status. */
	static final Set<String> STATUS_FIELDS = Set.of("uuid", "url", "offering", "offering_uuid", "agent_type",
			"last_request_timestamp");

	/** What Vigil reads of a site agent's identity, service and processor (SPEC 17). */
	static final Set<String> IDENTITY_FIELDS = Set.of("uuid", "offering", "name", "version", "last_restarted");

	static final Set<String> SERVICE_FIELDS = Set.of("uuid", "identity", "name", "mode", "state");

	static final Set<String> PROCESSOR_FIELDS = Set.of("uuid", "service", "name", "backend_type", "backend_version",
			"last_run");

	private UpstreamItems() {
	}

	static RegistryRead.Identity identity(Upstream.Item item) {
		return new RegistryRead.Identity(required(item, "uuid", "a site agent identity"),
				required(item, "offering", "a site agent identity"), fit(text(item, "name"), 255),
				optional(text(item, "version"), 100), time(text(item, "last_restarted")));
	}

	static RegistryRead.Service service(Upstream.Item item) {
		return new RegistryRead.Service(required(item, "uuid", "a site agent service"),
				required(item, "identity", "a site agent service"), fit(text(item, "name"), 255),
				optional(text(item, "mode"), 100), fit(text(item, "state"), 16));
	}

	static RegistryRead.Processor processor(Upstream.Item item) {
		return new RegistryRead.Processor(required(item, "uuid", "a site agent processor"),
				required(item, "service", "a site agent processor"), fit(text(item, "name"), 255),
				fit(text(item, "backend_type"), 255), optional(text(item, "backend_version"), 100),
				time(text(item, "last_run")));
	}

	/**
	 * A UUID that identifies the item or its parent: without it the page is malformed.
	 */
	private static UUID required(Upstream.Item item, String field, String what) {
		return uuid(text(item, field)).orElseThrow(() -> malformed(what + " without a valid " + field));
	}

	/** Text that may be absent: null then, else cut to fit. */
	private static String optional(String text, int max) {
		return (text == null) ? null : fit(text, max);
	}

	static Optional<UpstreamOffering> offering(Upstream.Item item) {
		UUID uuid = uuid(text(item, "uuid")).orElseThrow(() -> malformed("an offering without a valid uuid"));
		Optional<UUID> customer = uuid(text(item, "customer_uuid"));
		if (customer.isEmpty()) {
			// Waldur allows an offering without a customer; Vigil has nowhere to put it.
			return Optional.empty();
		}
		return Optional.of(new UpstreamOffering(uuid, fit(text(item, "name"), 150), text(item, "slug"),
				fit(text(item, "type"), 100), customer.get(), fit(text(item, "customer_name"), 150),
				uuid(text(item, "parent_uuid")).orElse(null)));
	}

	static Optional<UpstreamStatus> status(Upstream.Item item) {
		UUID uuid = uuid(text(item, "uuid"))
			.or(() -> Links.uuidIn(text(item, "url"), "marketplace-integration-statuses"))
			.orElseThrow(() -> malformed("a status without a url naming it"));
		UUID offering = Links.uuidIn(text(item, "offering"), "marketplace-provider-offerings")
			.or(() -> uuid(text(item, "offering_uuid")))
			.orElseThrow(() -> malformed("a status without an offering"));
		String label = text(item, "agent_type");
		Optional<AgentType> type = (label == null) ? Optional.empty() : AgentType.parse(label);
		if (type.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new UpstreamStatus(uuid, offering, type.get(), time(text(item, "last_request_timestamp"))));
	}

	static Instant time(String text) {
		if (text == null) {
			return null;
		}
		Instant time;
		try {
			time = OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				time = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				throw malformed("a time that is not ISO-8601: " + text.substring(0, Math.min(text.length(), 40)));
			}
		}
		if (!Inputs.storable(time)) {
			throw malformed("a time out of range: " + text.substring(0, Math.min(text.length(), 40)));
		}
		return time.truncatedTo(ChronoUnit.MICROS);
	}

	private static Optional<UUID> uuid(String text) {
		return Uuids.parse(text);
	}

	private static String text(Upstream.Item item, String field) {
		return item.text(field);
	}

	/** Text the databases can store, cut to fit. */
	private static String fit(String text, int max) {
		if (text == null) {
			return "";
		}
		String clean = (Inputs.unstorable(text) == null) ? text : text.replace("\0", "").replaceAll("\\p{Cs}", "");
		return clean.substring(0, Math.min(clean.length(), max));
	}

	private static Upstream.Failure malformed(String what) {
		return new Upstream.Failure(SourceState.ERROR, "Unexpected answer: " + what);
	}

	/** A status as the upstream list shows it. */
	record UpstreamStatus(UUID uuid, UUID offeringUuid, AgentType type, Instant lastRequest) {
	}

}
