package org.vigil.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.web.ApiException;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;
import org.vigil.web.Links;
import org.vigil.web.Page;
import org.vigil.web.Paging;
import org.vigil.web.Params;
import org.vigil.web.Uuids;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users: staff and support see all of them, anybody else only themselves; staff change
 * them.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private static final Pattern USERNAME = Pattern.compile("[\\w.@+-]+");

	private final UserRepository users;

	private final AuditLog audit;

	UserController(UserRepository users, AuditLog audit) {
		this.users = users;
		this.audit = audit;
	}

	@GetMapping
	@Parameter(in = ParameterIn.QUERY, name = "username", description = "Username", schema = @Schema(type = "string"))
	ResponseEntity<List<UserView>> list(Caller caller, @RequestParam MultiValueMap<String, String> params,
			HttpServletRequest request) {
		String username = Params.single(params, "username");
		Page page = Paging.from(params).of(this.users.count(caller, username));
		return page.response(request,
				(links) -> this.users.page(caller, username, page).stream().map((u) -> UserView.of(u, links)).toList());
	}

	/**
	 * Answered from the credentials alone (a caller is active by definition): no database
	 * round trip.
	 */
	@GetMapping("/me")
	UserView me(Caller caller, HttpServletRequest request) {
		return new UserView(caller.uuid(), Links.of(request).user(caller.uuid()), caller.username(), caller.staff(),
				caller.support(), true, caller.created());
	}

	@GetMapping("/{uuid}")
	UserView retrieve(Caller caller, @PathVariable String uuid, HttpServletRequest request) {
		return UserView.of(visible(caller, uuid), Links.of(request));
	}

	@PostMapping
	@Transactional
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
	ResponseEntity<UserView> create(Caller caller, @RequestBody NewUser body, HttpServletRequest request) {
		caller.requireStaff();
		FieldErrors errors = new FieldErrors();
		String username = Inputs.requiredText(errors, "username", body.username(), 150);
		if (username != null && !USERNAME.matcher(username).matches()) {
			errors.add("username",
					"Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
		}
		else if (username != null && this.users.usernameTaken(username)) {
			errors.add("username", "A user with that username already exists.");
		}
		errors.throwIfAny();
		User user;
		try {
			user = this.users.create(username, isTrue(body.isStaff()), isTrue(body.isSupport()),
					body.isActive() == null || body.isActive());
		}
		catch (DuplicateKeyException ex) {
			// Created by a concurrent request since the check above: the unique index
			// decides.
			throw ApiException.invalid("username", "A user with that username already exists.");
		}
		this.audit.record(caller, AuditAction.CREATE, AuditObject.USER, user.uuid(), null,
				Changes.created(audited(user)));
		return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(user, Links.of(request)));
	}

	/**
	 * Changing a user's flags changes what their tokens may do, from the next request on.
	 */
	@PatchMapping("/{uuid}")
	@Transactional
	UserView update(Caller caller, @PathVariable String uuid, @RequestBody UserChange body,
			HttpServletRequest request) {
		User user = visible(caller, uuid);
		caller.requireStaff();
		boolean staff = (body.isStaff() != null) ? body.isStaff() : user.staff();
		boolean support = (body.isSupport() != null) ? body.isSupport() : user.support();
		boolean active = (body.isActive() != null) ? body.isActive() : user.active();
		this.users.update(user.id(), staff, support, active);
		User changed = new User(user.id(), user.uuid(), user.username(), staff, support, active, user.created());
		this.audit.record(caller, AuditAction.UPDATE, AuditObject.USER, user.uuid(), null,
				Changes.between(audited(user), audited(changed)));
		return UserView.of(changed, Links.of(request));
	}

	private User visible(Caller caller, String uuid) {
		return this.users.findVisible(caller, Uuids.pathOrNotFound(uuid)).orElseThrow(ApiException::notFound);
	}

	/** What the audit log shows of a user. */
	static Map<String, Object> audited(User user) {
		return Changes.fields("username", user.username(), "is_staff", user.staff(), "is_support", user.support(),
				"is_active", user.active());
	}

	private static boolean isTrue(Boolean flag) {
		return flag != null && flag;
	}

	record NewUser(String username, Boolean isStaff, Boolean isSupport, Boolean isActive) {
	}

	record UserChange(Boolean isStaff, Boolean isSupport, Boolean isActive) {
	}

	record UserView(UUID uuid, String url, String username, boolean isStaff, boolean isSupport, boolean isActive,
			Instant created) {

		static UserView of(User user, Links links) {
			return new UserView(user.uuid(), links.user(user.uuid()), user.username(), user.staff(), user.support(),
					user.active(), user.created());
		}

	}

}
