"""Admin SDK Reports API, the activities that Meet writes to the audit log, under `/admin/reports/v1/` (driven by
Google's discovery document `admin.reports_v1.json`, beside this file)."""
