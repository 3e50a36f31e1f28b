package org.vigil.directory;

/**
 * The body of {@code add_user} and {@code delete_user}: a user (UUID or URL) and a role.
 */
record RoleRequest(String user, String role) {
}
