package org.vigil.events;

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
 * The history: every status change, newest first, paged and scoped like the status list.
 */
@RestController
@RequestMapping("/api/marketplace-integration-status-events")
class EventController {

	private final EventRepository events;

	EventController(EventRepository events) {
		this.events = events;
	}

	@RequestMapping(method = { RequestMethod.GET, RequestMethod.HEAD })
	@Parameter(in = ParameterIn.QUERY, name = "offering_uuid",
			description = "Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "integration_status_uuid",
			description = "Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "customer_uuid",
			description = "Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "to_status",
			description = "Status moved to; repeated and/or comma-separated", explode = Explode.TRUE,
			style = ParameterStyle.FORM,
			array = @ArraySchema(
					schema = @Schema(type = "string", allowableValues = { "Active", "Disconnected", "Unknown" })))
	@Parameter(in = ParameterIn.QUERY, name = "created_after",
			description = "ISO-8601 time (UTC when it has no offset) or date", schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "created_before",
			description = "ISO-8601 time (UTC when it has no offset) or date", schema = @Schema(type = "string"))
	ResponseEntity<List<EventView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		Condition filter = EventFilter.parse(params);
		Page page = Paging.from(params).of(this.events.count(caller, filter));
		return page.response(request, (links) -> this.events.page(caller, filter, page, links));
	}

}
