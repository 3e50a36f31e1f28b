package org.vigil.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.vigil.auth.Authenticator;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.ApiException;
import org.vigil.web.Links;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream: the caller's visible status events as they happen, from every
 * instance, as server-sent events. Each event is a history item whose {@code id} is a
 * {@link Cursor}; {@code Last-Event-ID} resumes after it with exactly the events missed
 * (at most {@code vigil.stream.backlog}; past that an {@code event: reset} says to reload
 * instead).
 */
@RestController
class EventStreamController {

	private final EventFeed feed;

	private final EventRepository events;

	private final Authenticator authenticator;

	private final StreamProperties properties;

	private final Clock clock;

	EventStreamController(EventFeed feed, EventRepository events, Authenticator authenticator,
			StreamProperties properties, Clock clock) {
		this.feed = feed;
		this.events = events;
		this.authenticator = authenticator;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping(path = "/api/marketplace-integration-status-events/stream",
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(description = "Server-sent events: each `data:` is a history item, each `id:` a cursor to "
			+ "resume from with Last-Event-ID; `: keep-alive` comments while idle; `event: reset` when more "
			+ "events were missed than a resume sends.")
	@Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID", description = "Resume after this event's id",
			schema = @Schema(type = "string"))
	@ApiResponse(responseCode = "200", description = "The stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = EventView.class)))
	@ApiResponse(responseCode = "400", description = "Last-Event-ID is not a cursor of this stream",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "429", description = "The caller has as many streams open here as one user may",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "503", description = "This instance has as many streams open as it may",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	SseEmitter stream(Caller caller, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
			@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Cursor resume = null;
		if (lastEventId != null && !lastEventId.isBlank()) {
			resume = Cursor.parse(lastEventId)
				.orElseThrow(() -> ApiException.invalid("Last-Event-ID", "Not an event id of this stream."));
		}
		// Never stored: each event is read again from the database on resume.
		SseEmitter emitter = new SseEmitter(0L);
		Links links = Links.of(request);
		Subscriber subscriber = new Subscriber(caller.accountId(),
				() -> this.authenticator.authenticateHeader(authorization), links, this.properties.heartbeat(),
				emitter);
		Cursor now = this.feed.subscribe(subscriber);
		if (now == null) {
			throw ApiException.unavailable("Too many open streams here, or the stream is starting. Try again shortly.");
		}
		try {
			if (resume == null) {
				subscriber.startAt(now);
				// An event with an id and no data sets the client's Last-Event-ID.
				emitter.send(SseEmitter.event().id(now.toString()).comment("stream"));
			}
			else {
				subscriber.startAt(resume);
				backlog(caller, resume, subscriber, emitter, links);
			}
		}
		catch (RuntimeException ex) {
			this.feed.unsubscribe(subscriber);
			throw ex;
		}
		// Proxies such as nginx would otherwise hold the events back.
		response.setHeader("X-Accel-Buffering", "no");
		emitter.onCompletion(subscriber::close);
		emitter.onError((ex) -> subscriber.close());
		this.feed.writers().execute(() -> subscriber.run(() -> this.feed.unsubscribe(subscriber)));
		return emitter;
	}

	/**
	 * The events missed since the client's cursor that the caller sees, in order: all
	 * events are read, as the feed reads them, so that each id sent is a cursor as exact
	 * as the feed's.
	 */
	private void backlog(Caller caller, Cursor resume, Subscriber subscriber, SseEmitter emitter, Links links)
			throws IOException {
		List<EventRepository.StoredEvent> missed = this.events.oldestFirst(resume.after(),
				this.properties.backlog() + 1);
		if (missed.size() > this.properties.backlog()) {
			emitter.send(SseEmitter.event()
				.name("reset")
				.data(Map.of("detail", "More than " + this.properties.backlog()
						+ " events were missed: reload the statuses; the stream goes on from now.")));
			subscriber.startAt(this.feed.position());
			return;
		}
		Instant now = this.clock.instant();
		Position at = new Position(resume, now);
		for (EventRepository.StoredEvent event : missed) {
			subscriber.sent(event.id());
			at.read(event.id(), now);
			if (Visibility.sees(caller, event.offeringId(), event.customerId())) {
				emitter.send(SseEmitter.event().id(at.text()).data(EventView.of(event.row(), links)));
			}
		}
	}

}
