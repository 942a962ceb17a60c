// Owns the fixed parts of a deployed local registry (its label, where its htpasswd file is mounted,
// the registry's auth variables) and the rules of its htpasswd user and password, apart from the
// schemas that apply them (registries.ts): docker-command.ts prints them and the renderer's forms
// check them as people type, and importing them must not build the contract's zod schemas in the
// page's first chunks (issue #15).

/** Marks containers Stevedore deployed, so a registry made from a renamed image is still recognised. */
export const LOCAL_REGISTRY_LABEL = 'org.stevedore.local-registry';
/** Where a shared registry's htpasswd file is mounted (read-only) in its container. */
export const HTPASSWD_IN_CONTAINER = '/auth/htpasswd';
/** The realm the registry names in its `WWW-Authenticate: Basic realm=...` answer. */
export const HTPASSWD_REALM = 'stevedore-registry';
/** The registry's own variables for htpasswd auth (distribution's `auth.htpasswd` configuration). */
export const HTPASSWD_ENV: readonly string[] = [
  'REGISTRY_AUTH=htpasswd',
  `REGISTRY_AUTH_HTPASSWD_REALM=${HTPASSWD_REALM}`,
  `REGISTRY_AUTH_HTPASSWD_PATH=${HTPASSWD_IN_CONTAINER}`,
];

/** An htpasswd user: one line, no `:` (the file's separator), nothing a shell or a log would mangle. */
export const HTPASSWD_USER = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;
/** bcrypt reads only the first 72 bytes of a password: a longer one would be cut without a word, so it is refused. */
export const HTPASSWD_PASSWORD_MAX_BYTES = 72;
