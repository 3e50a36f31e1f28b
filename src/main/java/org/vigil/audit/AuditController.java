package org.vigil.audit;

import static org.vigil.db.Tables.AUDIT_EVENT;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.Condition;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log: who changed what in the administration, newest first. Staff see every
 * event, a customer's owner those of the customer's objects, anybody else an empty list.
 */
@RestController
@RequestMapping("/api/audit-events")
class AuditController {

	private final AuditEvents events;

	private final JsonMapper json;

	AuditController(AuditEvents events, JsonMapper json) {
		this.events = events;
		this.json = json;
	}

	@RequestMapping(method = { RequestMethod.GET, RequestMethod.HEAD })
	@Parameter(in = ParameterIn.QUERY, name = "object_type",
			description = "Kind of object; repeated and/or comma-separated", explode = Explode.TRUE,
			style = ParameterStyle.FORM,
			array = @ArraySchema(schema = @Schema(type = "string",
					allowableValues = { "user", "token", "role", "customer", "offering", "channel",
							"maintenance_window", "mirror_source" })))
	@Parameter(in = ParameterIn.QUERY, name = "object_uuid",
			description = "The object's UUID (for a role: its customer or offering). Multiple values may be separated by commas.",
			explode = Explode.FALSE, style = ParameterStyle.FORM,
			array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "user_uuid",
			description = "Who made the change. Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "action", description = "What was done; repeated and/or comma-separated",
			explode = Explode.TRUE, style = ParameterStyle.FORM,
			array = @ArraySchema(schema = @Schema(type = "string",
					allowableValues = { "create", "update", "delete", "add_role", "remove_role", "revoke" })))
	@Parameter(in = ParameterIn.QUERY, name = "created_after",
			description = "ISO-8601 time (UTC when it has no offset) or date", schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "created_before",
			description = "ISO-8601 time (UTC when it has no offset) or date", schema = @Schema(type = "string"))
	ResponseEntity<List<AuditEventView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		Condition condition = Visibility.audit(caller, AUDIT_EVENT.CUSTOMER_ID).and(AuditFilter.parse(params));
		Page page = Paging.from(params).of(this.events.count(condition));
		return page.response(request, (links) -> this.events.page(condition, page).stream().map(this::view).toList());
	}

	private AuditEventView view(Record r) {
		return new AuditEventView(r.get(AUDIT_EVENT.UUID), r.get(AUDIT_EVENT.USER_UUID), r.get(AUDIT_EVENT.USERNAME),
				r.get(AUDIT_EVENT.TOKEN_UUID), r.get(AUDIT_EVENT.CLIENT_ADDRESS), r.get(AUDIT_EVENT.ACTION),
				r.get(AUDIT_EVENT.OBJECT_TYPE), r.get(AUDIT_EVENT.OBJECT_UUID),
				this.json.readTree(r.get(AUDIT_EVENT.CHANGES)), r.get(AUDIT_EVENT.CREATED));
	}

	/**
	 * One change: who ({@code user_uuid}, {@code username} as it was then,
	 * {@code token_uuid}, {@code client_address}), what ({@code action},
	 * {@code object_type}, {@code object_uuid}, {@code changes}) and when.
	 */
	@JsonPropertyOrder({ "uuid", "user_uuid", "username", "token_uuid", "client_address", "action", "object_type",
			"object_uuid", "changes", "created" })
	record AuditEventView(UUID uuid, UUID userUuid, String username, @Schema(nullable = true) UUID tokenUuid,
			@Schema(nullable = true) String clientAddress, String action, String objectType, UUID objectUuid,
			@Schema(type = "object",
					description = "{\"field\": [old, new]}; null where there was none, secrets as \"***\"") JsonNode changes,
			Instant created) {
	}

}
