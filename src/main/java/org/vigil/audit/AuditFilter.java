package org.vigil.audit;

import static org.vigil.db.Tables.AUDIT_EVENT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.vigil.web.FieldErrors;
import org.vigil.web.Params;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of {@code /api/audit-events/} as conditions: {@code object_type},
 * {@code object_uuid}, {@code user_uuid} and {@code action} (one or more values each,
 * repeated or comma-separated), {@code created_after} and {@code created_before}; invalid
 * values are 400.
 */
final class AuditFilter {

	private AuditFilter() {
	}

	static Condition parse(MultiValueMap<String, String> params) {
		FieldErrors errors = new FieldErrors();
		List<Condition> conditions = new ArrayList<>();
		List<String> types = new ArrayList<>();
		for (String value : Params.multiple(params, "object_type")) {
			AuditObject.parse(value)
				.ifPresentOrElse((type) -> types.add(type.wireName()), () -> errors.add("object_type", choice(value)));
		}
		if (!types.isEmpty()) {
			conditions.add(AUDIT_EVENT.OBJECT_TYPE.in(types));
		}
		List<String> actions = new ArrayList<>();
		for (String value : Params.multiple(params, "action")) {
			AuditAction.parse(value)
				.ifPresentOrElse((action) -> actions.add(action.wireName()), () -> errors.add("action", choice(value)));
		}
		if (!actions.isEmpty()) {
			conditions.add(AUDIT_EVENT.ACTION.in(actions));
		}
		List<UUID> objects = Params.uuids(params, "object_uuid", errors);
		if (!objects.isEmpty()) {
			conditions.add(AUDIT_EVENT.OBJECT_UUID.in(objects));
		}
		List<UUID> users = Params.uuids(params, "user_uuid", errors);
		if (!users.isEmpty()) {
			conditions.add(AUDIT_EVENT.USER_UUID.in(users));
		}
		Instant after = Params.time(params, "created_after", errors);
		if (after != null) {
			conditions.add(AUDIT_EVENT.CREATED.ge(after));
		}
		Instant before = Params.time(params, "created_before", errors);
		if (before != null) {
			conditions.add(AUDIT_EVENT.CREATED.le(before));
		}
		errors.throwIfAny();
		return DSL.and(conditions);
	}

	private static String choice(String value) {
		return "Select a valid choice. " + value + " is not one of the available choices.";
	}

}
