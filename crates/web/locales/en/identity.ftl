# English, identity: users, sign-in, accounts, two-step verification, restricted-records confirmation.
# Keys are shared with id/identity.ftl; a test keeps the two complete and each key in one file.

## Identity and access
sign-in-title = Sign in to Satu Atap
sign-in-button = Sign in
sign-in-failed = Wrong user name or password, or the account is locked. Please try again.
account-title = My account
account-roles = Roles
account-change-password = Change password
account-sessions = Sessions
account-sessions-hint = Signs you out on every device and revokes all your API tokens.
account-sign-out-everywhere = Sign out everywhere
account-language = Display language
account-language-hint = Pages are shown in this language whenever you sign in, on any device.
account-language-save = Save language
field-language = Display language
user-language-none = Not chosen (Bahasa Indonesia, or this device's choice)
user-language-id = Bahasa Indonesia (Indonesian)
user-language-en = English
admin-users-title = Users
users-none = No users match.
admin-user-disabled = disabled
admin-roles-title = Roles and permissions
admin-role-totp = Two-step verification required
field-password = Password
field-current_password = Current password
field-new_password = New password
field-display_name = Display name
field-roles = Roles
field-home_area_code = Home area
error-invalid_username = only lower-case letters, digits, dots, underscores and hyphens (3–64 characters, starting with a letter)
error-password_too_short = must be at least { $min } characters
error-wrong_password = wrong password
error-duplicate_username = this user name is already taken
admin-user-new = New user
admin-user-create = Create user
admin-user-disable = Disable
admin-user-enable = Enable
field-totp = Verification code
sign-in-totp-hint = Only if two-step verification is on for your account.
sign-in-totp-needed = Enter the verification code from your authenticator app.
sign-in-totp-enrolment = Your role requires two-step verification. Ask an administrator to set it up.
account-totp = Two-step verification
account-totp-on = On: each time you sign in, you enter a code from your authenticator app.
account-totp-off = Not on yet.
account-totp-start = Turn on two-step verification
account-totp-instructions = Enter this key in your authenticator app (e.g. Google Authenticator, Aegis), then type the code it shows.
account-totp-open-app = Open in an authenticator app
account-totp-confirm = Confirm
admin-role-totp-on = Require two-step verification
admin-role-totp-off = Do not require two-step verification
error-totp_required = a verification code is required
error-wrong_totp = wrong verification code
error-totp_enrolment_required = this role requires two-step verification

# Survivor safety: need-to-know people, confirmed access to restricted records
error-role_not_held = You can only give roles whose permissions and scopes you hold yourself.
error-not_supervisor_of_organisation = Only a supervisor of this account's organisation can decide its access to restricted records.
restricted-access-pending = Awaiting confirmation
restricted-access-confirmed = Confirmed
restricted-access-refused = Refused
users-restricted-access = Restricted records
users-confirm = Confirm
users-refuse = Refuse
users-confirm-hint = New accounts reach no restricted record (GBV and trafficking cases, confidential registrations) until a supervisor of their organisation confirms them.
