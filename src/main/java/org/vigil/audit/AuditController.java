package org.vigil.audit;

import java.util.List;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.Condition;
import org.vigil.auth.Caller;
import org.vigil.web.Page;
import org.vigil.web.Paging;

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

	AuditController(AuditEvents events) {
		this.events = events;
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
		Condition filter = AuditFilter.parse(params);
		Page page = Paging.from(params).of(this.events.count(caller, filter));
		return page.response(request, (links) -> this.events.page(caller, filter, page));
	}

}
