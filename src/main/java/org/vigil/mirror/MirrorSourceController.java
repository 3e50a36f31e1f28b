package org.vigil.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.AgentType;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Uuids;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The upstream Waldurs (or Vigils) mirrored here. Staff only: to anybody else the list is
 * empty, a source is not found and a new one is forbidden. The token is write-only:
 * answers say only {@code has_token}. It belongs to the origin of the URL it was given
 * with: a URL moved to another origin needs the token again.
 */
@RestController
@RequestMapping("/api/mirror-sources")
class MirrorSourceController {

	private final SourceRepository sources;

	private final SourceEvents events;

	private final AuditLog audit;

	private final SourceRules rules;

	MirrorSourceController(SourceRepository sources, SourceEvents events, AuditLog audit, SourceRules rules) {
		this.rules = rules;
		this.sources = sources;
		this.events = events;
		this.audit = audit;
	}

	@GetMapping
	ResponseEntity<List<SourceView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		boolean sees = Visibility.seesMirrorSources(caller);
		Page page = Paging.from(params).of(sees ? this.sources.count() : 0);
		return page.response(request,
				(links) -> sees ? this.sources.page(page).stream().map((s) -> view(s, links)).toList() : List.of());
	}

	@GetMapping("/{uuid}")
	SourceView retrieve(Caller caller, @PathVariable String uuid, HttpServletRequest request) {
		return view(visible(caller, uuid), Links.of(request));
	}

	/** The source's changes of state, newest first: when it went down, why, and back. */
	@GetMapping("/{uuid}/events")
	ResponseEntity<List<EventView>> events(Caller caller, @PathVariable String uuid,
			@RequestParam MultiValueMap<String, String> params, HttpServletRequest request) {
		MirrorSource source = visible(caller, uuid);
		Page page = Paging.from(params).of(this.events.count(source.id()));
		return page.response(request, (links) -> this.events.page(source.id(), page)
			.stream()
			.map((e) -> new EventView(e.uuid(), source.uuid(), e.fromState(), e.toState(), e.error(), e.created()))
			.toList());
	}

	@PostMapping
	@Transactional
	ResponseEntity<SourceView> create(Caller caller, @RequestBody SourceRequest body, HttpServletRequest request) {
		caller.requireStaff();
		FieldErrors errors = new FieldErrors();
		String name = Inputs.requiredText(errors, "name", body.name(), 150);
		if (name != null && this.sources.nameTaken(name, null)) {
			errors.add("name", "Mirror source with this name already exists.");
		}
		String url = (body.url() == null) ? required(errors, "url") : SourceInputs.url(errors, body.url());
		String token = SourceInputs.token(errors, body.token());
		Duration interval = (body.pollInterval() == null) ? Duration.ofSeconds(60)
				: SourceInputs.pollInterval(errors, body.pollInterval());
		Map<AgentType, Duration> timeouts = SourceInputs.timeouts(errors,
				(body.timeouts() == null) ? Map.of() : body.timeouts());
		errors.throwIfAny();
		MirrorSource created;
		try {
			created = this.sources.create(name, url, token, interval, timeouts);
		}
		catch (DuplicateKeyException ex) {
			throw ApiException.invalid("name", "Mirror source with this name already exists.");
		}
		this.audit.record(caller, AuditAction.CREATE, AuditObject.MIRROR_SOURCE, created.uuid(), null,
				Changes.created(audited(created)).secret("token", true, false, true));
		return ResponseEntity.status(HttpStatus.CREATED).body(view(created, Links.of(request)));
	}

	@PatchMapping("/{uuid}")
	@Transactional
	SourceView update(Caller caller, @PathVariable String uuid, @RequestBody SourceRequest body,
			HttpServletRequest request) {
		MirrorSource source = visible(caller, uuid);
		FieldErrors errors = new FieldErrors();
		String name = Inputs.optionalText(errors, "name", body.name(), 150);
		if (name != null && this.sources.nameTaken(name, source.id())) {
			errors.add("name", "Mirror source with this name already exists.");
		}
		String url = (body.url() == null) ? null : SourceInputs.url(errors, body.url());
		String token = (body.token() == null) ? null : SourceInputs.token(errors, body.token());
		if (url != null && body.token() == null && !Origins.same(url, source.url())) {
			errors.add("token", "Give the token again when the URL changes.");
		}
		Duration interval = (body.pollInterval() == null) ? null
				: SourceInputs.pollInterval(errors, body.pollInterval());
		Map<AgentType, Duration> timeouts = null;
		if (body.timeouts() != null) {
			Map<AgentType, Duration> merged = new LinkedHashMap<>(source.overrides());
			merged.putAll(SourceInputs.timeouts(errors, body.timeouts()));
			timeouts = merged;
		}
		errors.throwIfAny();
		try {
			this.sources.update(source.id(), name, (url != null && !url.equals(source.url())) ? url : null, token,
					interval, timeouts);
		}
		catch (DuplicateKeyException ex) {
			throw ApiException.invalid("name", "Mirror source with this name already exists.");
		}
		MirrorSource updated = this.sources.find(source.id()).orElseThrow(ApiException::notFound);
		if (timeouts != null) {
			this.rules.retime(updated);
		}
		this.audit.record(caller, AuditAction.UPDATE, AuditObject.MIRROR_SOURCE, source.uuid(), null,
				Changes.between(audited(source), audited(updated)).secret("token", token != null, true, true));
		return view(updated, Links.of(request));
	}

	@DeleteMapping("/{uuid}")
	@Transactional
	ResponseEntity<Void> delete(Caller caller, @PathVariable String uuid) {
		MirrorSource source = visible(caller, uuid);
		this.sources.delete(source.id());
		this.audit.record(caller, AuditAction.DELETE, AuditObject.MIRROR_SOURCE, source.uuid(), null,
				Changes.deleted(audited(source)).secret("token", true, true, false));
		return ResponseEntity.noContent().build();
	}

	private MirrorSource visible(Caller caller, String uuid) {
		UUID id = Uuids.pathOrNotFound(uuid);
		if (!Visibility.seesMirrorSources(caller)) {
			throw ApiException.notFound();
		}
		return this.sources.find(id).orElseThrow(ApiException::notFound);
	}

	private static String required(FieldErrors errors, String field) {
		errors.add(field, Inputs.REQUIRED);
		return null;
	}

	/** What the audit log shows of a source: never its token. */
	private static Map<String, Object> audited(MirrorSource s) {
		Map<String, String> timeouts = new LinkedHashMap<>();
		s.timeouts().forEach((type, timeout) -> timeouts.put(type.label(), timeout.toString()));
		return Changes.fields("name", s.name(), "url", s.url(), "poll_interval", s.pollInterval(), "timeouts",
				timeouts);
	}

	private SourceView view(MirrorSource s, Links links) {
		Map<String, String> timeouts = new LinkedHashMap<>();
		s.timeouts().forEach((type, timeout) -> timeouts.put(type.label(), timeout.toString()));
		SourceRepository.Counts counts = this.sources.counts(s.id());
		return new SourceView(s.uuid(), links.resource("mirror-sources", s.uuid()), s.name(), s.url(), true,
				s.pollInterval().toString(), timeouts, s.state().label(), s.lastPoll(), s.lastSuccess(), s.lastError(),
				s.lastErrorAt(), counts.customers(), counts.offerings(), counts.statuses(), s.created());
	}

	/**
	 * A change of the source's state; {@code error} is what the failing poll met (null on
	 * a recovery).
	 */
	@JsonPropertyOrder({ "uuid", "source_uuid", "from_state", "to_state", "error", "created" })
	record EventView(UUID uuid, UUID sourceUuid, String fromState, String toState,
			@Schema(nullable = true) String error, Instant created) {
	}

	/** POST and PATCH bodies; every field optional in PATCH. */
	record SourceRequest(String name, String url, String token, String pollInterval, Map<String, String> timeouts) {

		@Override
		public String toString() {
			return "SourceRequest[" + this.name + " " + this.url + "]";
		}

	}

	/**
	 * A source as the API shows it: {@code url} is the upstream API root, {@code self}
	 * this resource.
	 */
	record SourceView(UUID uuid, String self, String name, String url, boolean hasToken, String pollInterval,
			Map<String, String> timeouts, String state, Instant lastPoll, Instant lastSuccess, String lastError,
			Instant lastErrorAt, long customers, long offerings, long statuses, Instant created) {
	}

}
