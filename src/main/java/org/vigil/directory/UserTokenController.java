package org.vigil.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.vigil.system.Clocks;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.auth.TokenKeys;
import org.vigil.auth.TokenKind;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Uuids;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's API tokens, managed by staff. The key is returned once, at creation; a token
 * created with {@code offering_uuids} is an agent token for ever (its kind is stored),
 * good only for check-ins of those offerings and for nothing once they are gone.
 */
@RestController
@RequestMapping("/api/users/{userUuid}/tokens")
class UserTokenController {

	private static final String NO_OFFERINGS = "An agent token needs at least one offering; leave offering_uuids out for a user token.";

	private static final String MIRRORED = " is mirrored from another Waldur: its statuses come from there, so an agent token for it could never check in.";

	private final UserRepository users;

	private final TokenRepository tokens;

	private final OfferingRepository offerings;

	private final Clock clock;

	private final AuditLog audit;

	UserTokenController(UserRepository users, TokenRepository tokens, OfferingRepository offerings, Clock clock,
			AuditLog audit) {
		this.users = users;
		this.tokens = tokens;
		this.offerings = offerings;
		this.clock = clock;
		this.audit = audit;
	}

	@GetMapping
	List<TokenView> list(Caller caller, @PathVariable String userUuid) {
		User user = visible(caller, userUuid);
		caller.requireStaff();
		return this.tokens.ofAccount(user.id()).stream().map((t) -> TokenView.of(t, null)).toList();
	}

	@PostMapping
	@Transactional
	@ApiResponse(responseCode = "201", description = "Created; key is shown this once", useReturnTypeSchema = true)
	ResponseEntity<TokenView> create(Caller caller, @PathVariable String userUuid, @RequestBody NewToken body) {
		User user = visible(caller, userUuid);
		caller.requireStaff();
		FieldErrors errors = new FieldErrors();
		String label = Inputs.optionalText(errors, "label", body.label(), 150);
		if (body.expiresAt() != null && !Inputs.storable(body.expiresAt())) {
			errors.add("expires_at", Inputs.TIME_OUT_OF_RANGE);
		}
		else if (body.expiresAt() != null && !body.expiresAt().isAfter(this.clock.instant())) {
			errors.add("expires_at", "Expiry must be in the future.");
		}
		Map<Long, Offering> scope = new LinkedHashMap<>();
		if (body.offeringUuids() != null && body.offeringUuids().isEmpty()) {
			errors.add("offering_uuids", NO_OFFERINGS);
		}
		for (String value : (body.offeringUuids() != null) ? body.offeringUuids() : List.<String>of()) {
			UUID uuid = Uuids.parse(value).orElse(null);
			Offering offering = (uuid != null) ? this.offerings.find(uuid).orElse(null) : null;
			if (uuid == null) {
				errors.add("offering_uuids", "\u201c" + value + "\u201d is not a valid UUID.");
			}
			else if (offering == null) {
				errors.add("offering_uuids", "Offering " + value + " does not exist.");
			}
			else if (this.offerings.mirrored(offering.id())) {
				errors.add("offering_uuids", "Offering " + value + MIRRORED);
			}
			else {
				scope.put(offering.id(), offering);
			}
		}
		errors.throwIfAny();
		String key = TokenKeys.generate();
		Token token = this.tokens.create(user.id(), key, (label != null) ? label : "",
				(body.expiresAt() != null) ? Clocks.now(Clock.fixed(body.expiresAt(), this.clock.getZone())) : null,
				(body.offeringUuids() != null) ? TokenKind.AGENT : TokenKind.USER, List.copyOf(scope.values()));
		this.audit.record(caller, AuditAction.CREATE, AuditObject.TOKEN, token.uuid(), null,
				Changes.created(audited(user, token)));
		return ResponseEntity.status(HttpStatus.CREATED).body(TokenView.of(token, key));
	}

	/**
	 * The key stops working at once on this instance, and within a second on every other.
	 */
	@DeleteMapping("/{tokenUuid}")
	@Transactional
	@ApiResponse(responseCode = "204", description = "Done")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String userUuid, @PathVariable String tokenUuid) {
		User user = visible(caller, userUuid);
		caller.requireStaff();
		Token token = this.tokens.find(user.id(), Uuids.pathOrNotFound(tokenUuid)).orElseThrow(ApiException::notFound);
		this.tokens.delete(token.id());
		this.audit.record(caller, AuditAction.REVOKE, AuditObject.TOKEN, token.uuid(), null,
				Changes.deleted(audited(user, token)));
		return ResponseEntity.noContent().build();
	}

	private User visible(Caller caller, String uuid) {
		return this.users.findVisible(caller, Uuids.pathOrNotFound(uuid)).orElseThrow(ApiException::notFound);
	}

	/**
	 * What the audit log shows of a token: whose it is and what it may do, never its key.
	 */
	private static Map<String, Object> audited(User user, Token token) {
		return Changes.fields("user", user.uuid(), "username", user.username(), "label", token.label(), "kind",
				token.kind().value(), "expires_at", token.expiresAt(), "offering_uuids", token.offeringUuids());
	}

	record NewToken(Instant expiresAt, List<String> offeringUuids, String label) {
	}

	record TokenView(UUID uuid, @JsonInclude(JsonInclude.Include.NON_NULL) String key, String label,
			@Schema(allowableValues = {
					"user", "agent" }) String kind,
			Instant expiresAt, List<UUID> offeringUuids, Instant created){

		static TokenView of(Token token, String key) {
			return new TokenView(token.uuid(), key, token.label(), token.kind().value(), token.expiresAt(),
					token.offeringUuids(), token.created());
		}

	}

}
