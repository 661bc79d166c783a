"""A local, faithful stand-in for Google's Meet REST API v2 and Google sign-in.

No Django here: the emulator is a standalone WSGI application so that the same tests can run against it and
against the real service, and so that the demo runs without the internet.
"""
