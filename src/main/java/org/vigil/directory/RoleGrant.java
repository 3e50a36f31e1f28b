package org.vigil.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.vigil.web.Links;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A role after an {@code add_user} or a {@code delete_user}; {@code changed} is false
 * when it was held already, or not held at all.
 */
record RoleGrant(User user, Role role, boolean changed) {

	/**
	 * 201 when granted now, 200 when held already, with the user, the role and its scope.
	 */
	ResponseEntity<Map<String, Object>> answer(Links links, String scope, String scopeUrl, UUID scopeUuid) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("user", links.user(this.user.uuid()));
		body.put("user_uuid", this.user.uuid());
		body.put("username", this.user.username());
		body.put("role", this.role.wireName());
		body.put(scope, scopeUrl);
		body.put(scope + "_uuid", scopeUuid);
		return ResponseEntity.status(this.changed ? HttpStatus.CREATED : HttpStatus.OK).body(body);
	}

}
