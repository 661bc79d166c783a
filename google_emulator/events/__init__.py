"""The Google Workspace Events API v1: subscriptions to Meet events, their lifecycle, and the events published."""
