"""The accounts app's pages: Google sign-in's callback, roles, the time zone preference."""
