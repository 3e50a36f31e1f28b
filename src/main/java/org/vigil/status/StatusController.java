package org.vigil.status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.vigil.auth.Caller;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.system.Clocks;
import org.vigil.web.ApiException;
import org.vigil.web.Links;
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
 * Waldur's read-only Marketplace Integration Statuses (list, retrieve, HEAD), scoped to
 * the caller.
 */
@RestController
@RequestMapping("/api/marketplace-integration-statuses")
class StatusController {

	private final StatusRepository statuses;

	private final PhiAccrual phi;

	private final Clock clock;

	StatusController(StatusRepository statuses, PhiAccrual phi, Clock clock) {
		this.statuses = statuses;
		this.phi = phi;
		this.clock = clock;
	}

	/**
	 * The list, and on HEAD only its count and links (Waldur's {@code _count} operation).
	 */
	@RequestMapping(method = { RequestMethod.GET, RequestMethod.HEAD })
	@Parameter(in = ParameterIn.QUERY, name = "agent_type",
			description = "Agent type: label (any case) or code 1 to 5; unknown matches nothing",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "customer_uuid", description = "Customer UUID",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "o", description = "Ordering", explode = Explode.FALSE,
			style = ParameterStyle.FORM,
			array = @ArraySchema(schema = @Schema(type = "string",
					allowableValues = { "-last_request_timestamp", "last_request_timestamp" })))
	@Parameter(in = ParameterIn.QUERY, name = "late",
			description = "Vigil's: true lists the late statuses (Active, silent past their learned rhythm), "
					+ "false the others",
			schema = @Schema(type = "boolean"))
	@Parameter(in = ParameterIn.QUERY, name = "offering", description = "URL (or path) of an offering",
			schema = @Schema(type = "string", format = "uri"))
	@Parameter(in = ParameterIn.QUERY, name = "offering_name", description = "Offering name contains (any case)",
			schema = @Schema(type = "string"))
	@Parameter(in = ParameterIn.QUERY, name = "offering_slug",
			description = "Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string")))
	@Parameter(in = ParameterIn.QUERY, name = "offering_uuid",
			description = "Multiple values may be separated by commas.", explode = Explode.FALSE,
			style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))
	@Parameter(in = ParameterIn.QUERY, name = "parent_offering_uuid", description = "Parent offering UUID",
			schema = @Schema(type = "string", format = "uuid"))
	@Parameter(in = ParameterIn.QUERY, name = "status",
			description = "Integration status; repeated and/or comma-separated", explode = Explode.TRUE,
			style = ParameterStyle.FORM, array = @ArraySchema(
					schema = @Schema(type = "string", allowableValues = { "Active", "Disconnected", "Unknown" })))
	ResponseEntity<List<StatusView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		Instant now = Clocks.now(this.clock);
		StatusFilter filter = StatusFilter.parse(params, now);
		Page page = Paging.from(params).of(this.statuses.count(caller, filter));
		return page.response(request,
				(links) -> this.statuses.page(caller, filter, page)
					.stream()
					.map((row) -> StatusView.of(row, links, this.phi, now))
					.toList());
	}

	/**
	 * Anything but the check-in action's path, which other methods than POST find as 405.
	 */
	@GetMapping("/{uuid:(?!check_in$).+}")
	StatusView retrieve(Caller caller, @PathVariable String uuid, HttpServletRequest request) {
		return this.statuses.findVisible(caller, Uuids.pathOrNotFound(uuid))
			.map((row) -> StatusView.of(row, Links.of(request), this.phi, Clocks.now(this.clock)))
			.orElseThrow(ApiException::notFound);
	}

}
