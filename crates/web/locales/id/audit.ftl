# Bahasa Indonesia (default), audit: the audit log.
# Keys are shared with en/audit.ftl; a test keeps the two complete and each key in one file.

admin-audit-title = Log audit
admin-audit-action = Tindakan
admin-audit-entity = Jenis data
admin-audit-entity-id = ID data
