package org.vigil.events;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.Condition;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.web.Links;
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
		Condition condition = Visibility.offerings(caller, INTEGRATION_STATUS.OFFERING_ID)
			.and(EventFilter.parse(params));
		Page page = Paging.from(params).of(this.events.count(condition));
		return page.response(request, (links) -> this.events.page(condition, page, (r) -> EventView.of(r, links)));
	}

	@JsonPropertyOrder({ "uuid", "integration_status", "integration_status_uuid", "offering", "offering_uuid",
			"agent_type", "from_status", "to_status", "reason", "created" })
	record EventView(UUID uuid, String integrationStatus, UUID integrationStatusUuid, String offering,
			UUID offeringUuid, String agentType, String fromStatus, String toStatus, String reason, Instant created) {

		static EventView of(Record r, Links links) {
			UUID status = r.get(INTEGRATION_STATUS.UUID);
			UUID offering = r.get(OFFERING.UUID);
			return new EventView(r.get(STATUS_EVENT.UUID), links.integrationStatus(status), status,
					links.offering(offering), offering, AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)).label(),
					Status.ofCode(r.get(STATUS_EVENT.FROM_STATUS)).label(),
					Status.ofCode(r.get(STATUS_EVENT.TO_STATUS)).label(), r.get(STATUS_EVENT.REASON),
					r.get(STATUS_EVENT.CREATED));
		}

	}

}
