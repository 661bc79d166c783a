"""Google's OAuth 2.0 and OpenID Connect: the token and revocation endpoints, and the browser sign-in."""
