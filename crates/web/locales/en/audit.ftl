# English, audit: the audit log.
# Keys are shared with id/audit.ftl; a test keeps the two complete and each key in one file.

admin-audit-title = Audit log
admin-audit-action = Action
admin-audit-entity = Kind of record
admin-audit-entity-id = Record id
