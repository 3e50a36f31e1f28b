package org.vigil.checkin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.system.Clocks;
import org.vigil.status.Status;
import org.vigil.status.StatusRow;
import org.vigil.status.StatusView;
import org.vigil.status.Timeouts;
import org.vigil.system.LogText;
import org.vigil.web.ApiException;
import org.vigil.web.Links;
import org.vigil.web.Uuids;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * An agent says it is alive. Answers 200 with the status (or a list, when a list of agent
 * types was sent) only once the change is committed.
 */
@RestController
class CheckInController {

	private static final Logger log = LoggerFactory.getLogger(CheckInController.class);

	private final OfferingLookup offerings;

	private final GroupCommit writer;

	private final CheckInProperties properties;

	private final Counter accepted;

	private final Map<String, Counter> rejected;

	private final PhiAccrual phi;

	private final Timeouts timeouts;

	private final Clock clock;

	CheckInController(OfferingLookup offerings, GroupCommit writer, CheckInProperties properties, MeterRegistry meters,
			PhiAccrual phi, Timeouts timeouts, Clock clock) {
		this.phi = phi;
		this.timeouts = timeouts;
		this.clock = clock;
		this.offerings = offerings;
		this.writer = writer;
		this.properties = properties;
		this.accepted = meters.counter("vigil.checkins", "outcome", "accepted", "reason", "none");
		this.rejected = Stream.of("invalid", "not_found", "unavailable")
			.collect(Collectors.toMap((reason) -> reason,
					(reason) -> meters.counter("vigil.checkins", "outcome", "rejected", "reason", reason)));
	}

	@PostMapping("/api/marketplace-integration-statuses/check_in")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = CheckInRequest.class)))
	@ApiResponse(responseCode = "200", description = "Committed: the status, or a list when a list of types was sent",
			content = @Content(schema = @Schema(oneOf = { StatusView.class, StatusView[].class })))
	@ApiResponse(responseCode = "400", description = "Field errors",
			content = @Content(schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "503", description = "Not committed in time, or the database is away; see Retry-After",
			content = @Content(schema = @Schema(type = "object")))
	ResponseEntity<Object> checkIn(Caller caller, @RequestBody JsonNode body,
			@RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String userAgent,
			HttpServletRequest request) {
		CheckInBodyReader.Body read;
		CheckIn checkIn;
		try {
			read = CheckInBodyReader.read(body, userAgent);
			checkIn = checkIn(caller, read);
		}
		catch (ApiException ex) {
			rejected(ex.status() == HttpStatus.NOT_FOUND ? "not_found" : "invalid");
			throw ex;
		}
		List<CheckIn.Written> written = await(checkIn);
		this.accepted.increment();
		Links links = Links.of(request);
		Instant now = Clocks.now(this.clock);
		List<StatusView> views = written.stream().map((w) -> StatusView.of(row(w), links, this.phi, now)).toList();
		return ResponseEntity.ok(read.asList() ? views : views.get(0));
	}

	/** To an offering the caller may check in to, and not mirrored. */
	private CheckIn checkIn(Caller caller, CheckInBodyReader.Body body) {
		KnownOffering offering = this.offerings.find(body.offeringUuid())
			.filter((o) -> Visibility.mayCheckIn(caller, o.id(), o.customerId()))
			.orElseThrow(ApiException::notFound);
		if (offering.mirrored()) {
			throw new ApiException(HttpStatus.CONFLICT, "Offering " + Uuids.hex(offering.uuid())
					+ " is mirrored from another Waldur: its statuses come from there and cannot be checked in here.");
		}
		return new CheckIn(offering, body.agentTypes(), body.serviceName());
	}

	private List<CheckIn.Written> await(CheckIn checkIn) {
		try {
			return this.writer.submit(checkIn).get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw refused(checkIn, ex.getCause());
		}
		catch (TimeoutException ex) {
			rejected("unavailable");
			throw unavailable("The check-in was not committed in time; it may or may not have been recorded.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("Interrupted.");
		}
	}

	/**
	 * The answer for a check-in the database refused when written on its own (or with its
	 * batch, when the database was away): the caller's fault is a 4xx, anything else is a
	 * 503.
	 */
	private ApiException refused(CheckIn checkIn, Throwable failure) {
		if (WriteFailure.offeringGone(failure)) {
			this.offerings.forget(checkIn.offering().uuid());
			rejected("not_found");
			return ApiException.notFound();
		}
		if (WriteFailure.unstorableText(failure)) {
			rejected("invalid");
			return ApiException.invalid("service_name", "The database cannot store this text.");
		}
		rejected("unavailable");
		if (failure instanceof GroupCommit.Unavailable) {
			return unavailable(failure.getMessage());
		}
		if (!WriteFailure.databaseUnavailable(failure)) {
			// The message may quote the check-in (its service name, from the agent):
			// escaped here, and the stack behind it at debug level.
			log.warn("A check-in could not be written: {}", LogText.escape(String.valueOf(failure), 500));
			log.debug("The failure behind that", failure);
		}
		return unavailable("The database is unavailable. Try again shortly.");
	}

	private void rejected(String reason) {
		this.rejected.get(reason).increment();
	}

	private static ApiException unavailable(String detail) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail);
	}

	/** As a retrieve of the status shows it, with its type's configured timeout. */
	private StatusRow row(CheckIn.Written w) {
		KnownOffering o = w.offering();
		return new StatusRow(w.uuid(), w.agentType(), Status.ACTIVE, w.timestamp(), w.serviceName(), o.uuid(), o.name(),
				o.customerUuid(), o.customerName(), w.deadline(), w.since(), null, null, w.rhythm(), w.basis(), null,
				this.timeouts.timeout(w.agentType()));
	}

}
