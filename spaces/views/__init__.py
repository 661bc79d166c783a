"""The spaces app's pages, one module per page or group of pages (urls.py names them)."""
