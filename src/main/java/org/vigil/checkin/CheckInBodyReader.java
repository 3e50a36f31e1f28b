package org.vigil.checkin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.vigil.status.AgentType;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Uuids;
import tools.jackson.databind.JsonNode;

/**
 * Reads a check-in body from its JSON tree by hand rather than binding it to a record, so
 * that every kind of bad input (a number for a UUID, an object for a type, a NUL in a
 * name) is a field error and the hot path creates nothing it does not need.
 */
final class CheckInBodyReader {

	static final int SERVICE_NAME_MAX = 150;

	private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

	private CheckInBodyReader() {
	}

	/**
	 * The body's fields, the service name defaulting to {@code userAgent}; 400 with every
	 * field's errors when any is invalid.
	 */
	static Body read(JsonNode body, String userAgent) {
		if (!body.isObject()) {
			throw ApiException.invalid("non_field_errors", "Invalid data. Expected a JSON object.");
		}
		FieldErrors errors = new FieldErrors();
		UUID offeringUuid = offeringUuid(body.get("offering_uuid"), errors);
		JsonNode agentType = body.get("agent_type");
		List<AgentType> types = agentTypes(agentType, errors);
		String serviceName = serviceName(body.get("service_name"), userAgent, errors);
		errors.throwIfAny();
		return new Body(offeringUuid, types, serviceName, agentType.isArray());
	}

	private static UUID offeringUuid(JsonNode value, FieldErrors errors) {
		if (value == null || value.isNull()) {
			errors.add("offering_uuid", "This field is required.");
			return null;
		}
		if (!value.isString()) {
			errors.add("offering_uuid", "Must be a valid UUID.");
			return null;
		}
		UUID uuid = Uuids.parse(value.stringValue()).orElse(null);
		if (uuid == null) {
			errors.add("offering_uuid", "\u201c" + value.stringValue() + "\u201d is not a valid UUID.");
		}
		return uuid;
	}

	/** A label or code, or a list of them; each type once, in the order given. */
	private static List<AgentType> agentTypes(JsonNode value, FieldErrors errors) {
		if (value == null || value.isNull()) {
			errors.add("agent_type", "This field is required.");
			return List.of();
		}
		List<JsonNode> items = new ArrayList<>();
		if (value.isArray()) {
			value.forEach(items::add);
			if (items.isEmpty()) {
				errors.add("agent_type", "This list may not be empty.");
			}
		}
		else {
			items.add(value);
		}
		Set<AgentType> types = new LinkedHashSet<>();
		for (JsonNode item : items) {
			String text = (item.isString() || item.isIntegralNumber()) ? item.asString() : item.toString();
			AgentType.parse(text)
				.filter((type) -> item.isString() || item.isIntegralNumber())
				.ifPresentOrElse(types::add, () -> errors.add("agent_type",
						"Select a valid choice. " + text + " is not one of the available choices."));
		}
		return List.copyOf(types);
	}

	/**
	 * Given, or else the agent's User-Agent (what Waldur stores) without control
	 * characters, cut to fit. A given name must be text the databases can store: no NUL
	 * (PostgreSQL refuses it) and no half of a surrogate pair (not a character at all);
	 * the messages are Django REST framework's.
	 */
	private static String serviceName(JsonNode value, String userAgent, FieldErrors errors) {
		if (value == null || value.isNull()) {
			String agent = (userAgent == null) ? "" : userAgent.chars().anyMatch(Character::isISOControl)
					? CONTROL.matcher(userAgent).replaceAll("").strip() : userAgent.strip();
			return agent.substring(0, Math.min(agent.length(), SERVICE_NAME_MAX));
		}
		if (!value.isString()) {
			errors.add("service_name", "Not a valid string.");
			return null;
		}
		String name = value.stringValue().strip();
		String unstorable = Inputs.unstorable(name);
		if (unstorable != null) {
			errors.add("service_name", unstorable);
		}
		if (name.length() > SERVICE_NAME_MAX) {
			errors.add("service_name", "Ensure this field has no more than " + SERVICE_NAME_MAX + " characters.");
		}
		return name;
	}

	/**
	 * A valid check-in body: the offering's UUID, its agent types (each once, in the
	 * order given), the service name, and whether the types came as a list (then so does
	 * the answer).
	 */
	record Body(UUID offeringUuid, List<AgentType> agentTypes, String serviceName, boolean asList) {
	}

}
