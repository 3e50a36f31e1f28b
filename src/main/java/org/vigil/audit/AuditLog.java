package org.vigil.audit;

import static org.vigil.db.Tables.AUDIT_EVENT;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.auth.Caller;
import org.vigil.system.Clocks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one writer of the audit log. Every administrative write calls it inside its own
 * transaction, so an event exists exactly when its change committed: a change that rolls
 * back leaves none, and an event that cannot be written fails the change. Who: the
 * caller's user and token, and the client address as the request resolved it (forwarded
 * headers applied only from trusted proxies).
 */
@Component
public class AuditLog {

	/**
	 * Shown as {@code "***"} whatever a feature hands in under these names: a key, a
	 * token or a secret is never written here in clear.
	 */
	private static final Set<String> SECRET_FIELDS = Set.of("secret", "token", "key", "key_digest", "password",
			"routing_key");

	private final DSLContext db;

	private final Clock clock;

	private final JsonMapper json;

	AuditLog(DSLContext db, Clock clock, JsonMapper json) {
		this.db = db;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Records what {@code caller} did to an object; {@code customerId} is the customer
	 * the object belongs to (null for users, tokens, mirror sources and global channels),
	 * whose owners see the event. An update that changed nothing is not recorded.
	 */
	public void record(Caller caller, AuditAction action, AuditObject type, UUID objectUuid, Long customerId,
			Changes changes) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("An audit event is written in the transaction of its change");
		}
		if (action == AuditAction.UPDATE && changes.isEmpty()) {
			return;
		}
		this.db.insertInto(AUDIT_EVENT)
			.set(AUDIT_EVENT.UUID, UUID.randomUUID())
			.set(AUDIT_EVENT.USER_UUID, caller.uuid())
			.set(AUDIT_EVENT.USERNAME, caller.username())
			.set(AUDIT_EVENT.TOKEN_UUID, caller.tokenUuid())
			.set(AUDIT_EVENT.CLIENT_ADDRESS, clientAddress())
			.set(AUDIT_EVENT.ACTION, action.wireName())
			.set(AUDIT_EVENT.OBJECT_TYPE, type.wireName())
			.set(AUDIT_EVENT.OBJECT_UUID, objectUuid)
			.set(AUDIT_EVENT.CUSTOMER_ID, customerId)
			.set(AUDIT_EVENT.CHANGES, render(type, changes))
			.set(AUDIT_EVENT.CREATED, Clocks.now(this.clock))
			.execute();
	}

	/** {@code {"field": [old, new]}} in the API's own forms (UUIDs, times, durations). */
	String render(AuditObject type, Changes changes) {
		ObjectNode node = this.json.createObjectNode();
		changes.fields().forEach((field, values) -> {
			ArrayNode pair = node.putArray(field);
			for (Object value : values) {
				pair.add(shown(type, field, value, changes));
			}
		});
		return this.json.writeValueAsString(node);
	}

	private JsonNode shown(AuditObject type, String field, Object value, Changes changes) {
		if (value == null) {
			return this.json.nullNode();
		}
		if (changes.isSecret(field) || SECRET_FIELDS.contains(field)) {
			return this.json.getNodeFactory().stringNode(Changes.MASK);
		}
		if (changes.maskOf(field) != null) {
			return this.json.getNodeFactory().stringNode(changes.maskOf(field).apply(value.toString()));
		}
		return this.json.valueToTree(value);
	}

	/** Null outside a request. */
	private static String clientAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return attributes.getRequest().getRemoteAddr();
		}
		return null;
	}

}
