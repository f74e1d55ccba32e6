# Navigation and frame
nav-main = Main navigation
nav-menu = Menu
nav-requests = Requests
nav-my-requests = My requests
nav-new-request = New request
nav-users = Users
nav-account = Account
header-company = Company
header-switch = Switch
header-language = Language
header-theme = Switch light / dark theme
logout = Sign out
session-ended-title = Your session has ended
session-ended-text = For your security you were signed out after a period of inactivity. Sign in again to continue.
not-found-title = Page not found
not-found-text = The page you are looking for does not exist or was moved.
actor-system = System
cancel = Cancel
save = Save
select-none = — not set —
unassigned = Unassigned
urgent = Urgent
apartment-short = apt.
pagination = Pages

# Sign in
login-title = Sign in
login-submit = Sign in
login-demo-hint = Demo: admin@demo.local, dispatcher@demo.local, executor@demo.local … password «demo».

# Account
account-title = Account
account-password = Password
account-change-password = Change password
account-password-changed = Your password was changed. Other sessions were signed out.
account-password-hint = At least 8 characters.
account-first-login = You signed in with a one-time password. Please choose your own password.

# Requests list
requests-title = Requests
requests-empty = No requests match these filters
requests-empty-hint = Try removing a filter or searching for something else.
list-total = { $count ->
    [one] { $count } request
   *[other] { $count } requests
}
list-total-more = More than { $count } requests
list-page-of = Page { $page }
col-number = No.
col-title = Request
col-status = Status
col-stage = Stage
col-priority = Priority
col-category = Category
col-location = Location
col-building = Building
col-assignee = Assignee
col-channel = Channel
col-created = Created
filter-search = Search
filter-search-placeholder = Number, words, phone…
filter-apply = Apply
filter-reset = Reset
filter-more = Filters
filter-any = Any
filter-me = Me
filter-from = Created from
filter-to = Created to
filter-sort = Sort
filter-open-only = Open only
sort-newest = Newest first
sort-oldest = Oldest first
sort-updated = Recently updated
sort-priority = Priority
sort-number = Number

# New request
new-request-title = New request
new-request-submit = Create request
form-has-errors = Please correct the highlighted fields.

# Request page
detail-description = Description
detail-no-description = No description.
detail-contact = Contact
detail-closed = Closed
detail-external-id = External id
detail-change-status = Change status
detail-no-transitions = No further status is allowed from here.
detail-status-comment = Comment (required for statuses marked *)
detail-apply-status = Apply
detail-assign = Assign
detail-comments = Comments
detail-no-comments = No comments yet.
detail-add-comment = Add comment
detail-comment-placeholder = Write a comment…
detail-attachments = Attachments
detail-no-attachments = No files attached.
detail-attach = Attach file
detail-timeline = Timeline
event-created = Created in status «{ $status }»
event-status = Status
event-assigned = Assigned to { $name }
event-unassigned = Unassigned
event-priority = Priority set to { $priority }
event-urgent-on = Marked urgent
event-urgent-off = No longer urgent
event-commented = Comment
event-attached = Attached { $file }
event-late = arrived late, at { $at }

# Users
users-title = Users
users-invite = Invite a user
users-invite-submit = Invite
users-invited = Invited
users-added-existing = Added an existing user to this company:
users-one-time-password = One-time password:
users-shown-once = Copy it now: it is shown only once. The user will be asked to choose a new password.
users-since = Member since
users-state = Access
users-deactivate = Deactivate
users-activate = Activate
users-you = You

# Fields
field-email = E-mail
field-password = Password
field-name = Name
field-role = Role
field-current_password = Current password
field-new_password = New password
field-confirm = Repeat new password
field-title = Title
field-description = Description
field-category_id = Category
field-priority = Priority
field-urgent = Urgent
field-building_id = Building
field-apartment = Apartment
field-contact_name = Contact name
field-contact_phone = Contact phone
field-channel = Channel
field-assignee_id = Assignee
field-status_id = Status
field-comment = Comment
field-body = Comment
field-file = File
field-active = Access

# Field errors
field-error-required = This field is required.
field-error-too_short = Too short.
field-error-too_long = Too long.
field-error-invalid = Invalid value.
field-error-unknown = Not found in this company.
field-error-invalid_email = Enter an e-mail address like name@example.com.
field-error-invalid_phone = Enter a phone number with 7 to 15 digits, e.g. +998 90 123 45 67.
field-error-needs_building = Choose the building first.
field-error-unknown_apartment = There is no such apartment in this building.
field-error-not_assignable = This person cannot take requests (inactive or not an executor).
field-error-password_too_short = Use at least 8 characters.
field-error-mismatch = The passwords do not match.
field-error-wrong_password = The current password is wrong.
field-error-already_member = This person is already a member of the company.
field-error-cannot_demote_self = You cannot remove your own admin role.
field-error-cannot_deactivate_self = You cannot deactivate yourself.
field-error-taken = Already taken.
field-error-file_too_large = The file is too large.
field-error-file_type_not_allowed = This file type is not allowed: attach photos, PDF, text or office documents.
field-error-file_content_mismatch = The file content does not match its extension.
field-error-no_pipeline = The company has no pipeline yet.
field-error-no_statuses = The pipeline has no statuses.

# Errors
error-unauthorized = Please sign in again.
error-forbidden = Your role does not allow this.
error-not_found = Not found.
error-validation = Please correct the highlighted fields.
error-invalid_transition = This status change is not allowed by the pipeline.
error-missing_field = { $field } is required for this status.
error-conflict = Someone else changed this request first. The page now shows its current state.
error-rate_limited = Too many attempts. Try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
error-invalid_credentials = Wrong e-mail or password.
error-internal = Something went wrong on our side. Please try again.
error-transport = The server could not be reached. Check your connection and try again.

# Roles
role-admin = Administrator
role-manager = Manager
role-dispatcher = Dispatcher
role-executor = Executor
role-executive = Executive
role-accountant = Accountant
role-viewer = Viewer

# Priorities
priority-low = Low
priority-normal = Normal
priority-high = High
priority-critical = Critical

# Channels
channel-web = Web
channel-phone = Phone
channel-telegram = Telegram
channel-email = E-mail
channel-api = API
channel-keycrm = KeyCRM

# SLA
col-sla = SLA
sla-title = SLA
sla-no-policy = No SLA policy is set for this pipeline.
sla-kind-reaction = Reaction
sla-kind-stage = Stage «{ $name }»
sla-kind-cycle = Cycle «{ $name }»
sla-left = { $time } left
sla-over = over by { $time }
sla-paused = paused, { $time } left
sla-took = took { $time }
sla-resumes = Outside working hours: the clock resumes { $at }
sla-no-hours = Outside working hours: the calendar has no working time ahead
sla-deadline = Deadline: { $at }
sla-used-of = { $used } used
sla-now = now
sla-explain-title = Time in each status
sla-explain-working = { $working } working of { $wall }
sla-explain-paused = paused { $wall } (does not count)
sla-explain-closed = closed: the clock has stopped
dur-d = { $n } d
dur-h = { $n } h
dur-m = { $n } m
nav-sla-settings = SLA settings
sla-settings-title = SLA settings
sla-pipelines = Pipelines
sla-working-hours = Working hours
sla-calendar-scope = Which calendar
sla-company-calendar = Company default
sla-own-calendar = Has its own working hours
sla-source-stage = This stage has its own working hours.
sla-source-company = This stage follows the company's working hours; saving here gives it its own.
sla-source-default = No working hours are set: the clock runs around the clock.
sla-saved = Saved. Every SLA figure is recomputed from the history with the new settings.
sla-ics-imported = { $count ->
    [one] { $count } holiday imported.
   *[other] { $count } holidays imported.
}
sla-presets = Presets:
sla-preset-always_on = 24/7
sla-preset-mon_fri_9_18 = Mon–Fri 09–18
sla-preset-mon_sat_8_20 = Mon–Sat 08–20
sla-timezone = Timezone
sla-day = Day
sla-window = Window { $n }
sla-from = from
sla-to = to
sla-week-hint = Times as HH:MM; 24:00 ends the day. Leave a window empty to skip it; a day without windows is a day off.
sla-exceptions = Holidays and exceptions
sla-date = Date
sla-exception-name = Name
sla-short-day = Working hours that day (empty: day off)
sla-delete = Delete
sla-exceptions-hint = A holiday has no working hours; a short day or a working Saturday has its own window.
sla-save-calendar = Save working hours
sla-reset-calendar = Use the company's working hours for this stage
sla-ics-import = Import holidays from an iCalendar (.ics) file
sla-ics-submit = Import
sla-grid = SLA limits
sla-normal = Normal
sla-urgent = Urgent
sla-grid-hint = Working time as hh:mm (hours may exceed 24, e.g. 48:00). Empty: no limit.
sla-cycles = Resolution cycles
sla-cycle-name = Name
sla-cycle-start = Starts when entering
sla-cycle-end = Ends when entering
sla-point-stage = stage
sla-point-status = status
sla-near-share = "Near" at this share of the limit, %
sla-near-minutes = …or this many minutes before the deadline
sla-auto-escalation = On a breach, raise the priority and reassign to the team lead
sla-save-policy = Save SLA limits
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday
field-error-window_order = The end must be after the start.
field-error-invalid_time = Enter a time as HH:MM.
field-error-invalid_date = Enter a date.
field-error-invalid_timezone = Unknown timezone; use a name like Asia/Tashkent.
field-error-windows_overlap = Windows of one day must not overlap.
field-error-duplicate_date = This date is listed twice.
field-error-invalid_duration = Enter a duration as hh:mm.
field-error-share_range = Enter a share between 1 and 99 %.
field-error-unknown_stage = Unknown stage.
field-error-unknown_point = Choose a stage or a status of this pipeline.
field-error-same_as_start = The end must differ from the start.
field-error-duplicate_name = Another cycle has this name.
field-error-ics_invalid = This is not an iCalendar (.ics) file.
field-error-ics_no_events = The file lists no events.
field-error-in_future = The time lies in the future.
field-error-before_created = The time is before the request was created.
urgency-title = Urgency rules
urgency-hint = A new request is marked urgent when any rule matches. A person can still mark or clear urgency on the request page.
urgency-kind = Rule
urgency-value = Word or code
urgency-kind-keyword = Word in the text
urgency-kind-category = Category
urgency-kind-sku = Item SKU
urgency-kind-offer_id = Offer id
urgency-kind-product_id = Product id
urgency-save = Save urgency rules
urgency-mark = Mark urgent
urgency-clear = Remove urgency
event-urgent-rule = Marked urgent by the rule «{ $rule }»
notif-title = Notifications
notif-empty = Nothing new.
notif-mark-read = Mark all read
notif-digest = digest (held outside working hours)
notif-sla_near = { $number } «{ $title }»: { $target } deadline is near
notif-sla_over = { $number } «{ $title }»: { $target } deadline breached
notif-target-stage = stage
notif-target-reaction = reaction
notif-target-cycle = resolution

# SLA dashboard
nav-sla-dashboard = SLA dashboard
dash-title = SLA dashboard
dash-export = Download XLSX
dash-requests = { $count ->
    [one] { $count } request
   *[other] { $count } requests
}
dash-filter-pipeline = Pipeline
dash-filter-team = Team
dash-filter-from = Created from
dash-filter-to = Created to
dash-filter-within = Near breach within
dash-minutes = { $n } min
dash-kpis = Key figures
dash-kpi-reaction = Average reaction
dash-kpi-resolution = Average resolution
dash-kpi-on-time = On time
dash-kpi-on-time-detail = { $ok } of { $all } finished targets within the limit
dash-kpi-breaches = Breaches
dash-kpi-breaches-detail = Targets over the limit, requests of the period
dash-window-today = Today
dash-window-week = 7 days
dash-window-month = 30 days
dash-based-on = { $count ->
    [one] based on { $count } request
   *[other] based on { $count } requests
}
dash-heatmap = Heatmap
dash-heatmap-mode = What the heatmap counts
dash-heatmap-breaches = Breaches
dash-heatmap-arrivals = Arrivals
dash-heatmap-caption-breaches = When SLA limits were reached, by weekday and hour ({ $tz })
dash-heatmap-caption-arrivals = When requests arrived, by weekday and hour ({ $tz })
dash-heatmap-empty-breaches = No breaches in this period.
dash-heatmap-empty-arrivals = No requests in this period.
dash-heatmap-day = Day
dash-heatmap-total = Total
dash-heatmap-cell = { $day } { $hours }: { $count }
dash-day-mon = Mon
dash-day-tue = Tue
dash-day-wed = Wed
dash-day-thu = Thu
dash-day-fri = Fri
dash-day-sat = Sat
dash-day-sun = Sun
dash-near = Near breach
dash-near-hint = Open requests whose limit is reached within { $minutes } min, the soonest first.
dash-near-empty = Nothing reaches its limit in the next { $minutes } minutes.
dash-staff = Staff
dash-staff-name = Executor
dash-staff-assigned = Assigned
dash-staff-breached = Breached
dash-staff-violation = Violation rate
dash-staff-on-time = On time
dash-staff-reaction = Avg reaction
dash-staff-resolution = Avg resolution
dash-staff-empty = Nobody was assigned requests of this period.
dash-staff-unassigned = { $count ->
    [one] { $count } request without an assignee is not in the table.
   *[other] { $count } requests without an assignee are not in the table.
}
xlsx-sheet-staff = Staff
xlsx-col-number = No.
xlsx-col-title = Request
xlsx-col-category = Category
xlsx-col-assignee = Assignee
xlsx-col-created = Created
xlsx-col-target = Target
xlsx-col-limit = Limit
xlsx-col-used = Used
xlsx-col-state = State
xlsx-col-deadline = Deadline
xlsx-col-updated = Updated
xlsx-sheet-requests = Requests
requests-export = Export to Excel
xlsx-col-team = Team
xlsx-state-ok = On time
xlsx-state-near = Near the limit
xlsx-state-over = Over the limit

# Distribution
nav-distribution = Distribution
distribution-title = Distribution
distribution-hint = Rules decide which team takes which requests. Among the team's members who are active and under their max load, one is chosen by weight (weighted random), in turn (round robin) or by the fewest open requests (least loaded). Weight 0 leaves a member out.
distribution-queued = { $count } requests wait for an executor with free capacity; they are assigned as soon as someone has room.
distribution-rules = Rules
distribution-no-rules = No distribution rules yet. Add one below.
distribution-staff = Executors
distribution-no-staff = No executors in this company yet.
distribution-team = Team
distribution-load = Open / max
distribution-max-load = Max load
distribution-active = Active
distribution-any-channel = Any channel
distribution-any-category = Any category
distribution-new-rule = New rule
distribution-strategy = Strategy
strategy-weighted = Weighted random
strategy-round_robin = Round robin
strategy-least_loaded = Least loaded
distribution-on-create = Assign new requests automatically as they arrive
distribution-weight = Weight
distribution-inactive = inactive
distribution-full = full
distribution-save = Save
distribution-add = Add rule
distribution-delete = Delete rule
distribution-stats-link = Statistics
distribution-stats-title = Distribution statistics
distribution-from = From
distribution-to = To
distribution-stats-hint = Configured share: what the weights ask for among active members. Observed share: automatic assignments each executor received in the period.
distribution-stats-total = { $count } automatic assignments in the period
distribution-configured = Configured
distribution-assigned = Assigned
distribution-observed = Observed
distribution-chance = Chance
distribution-unavailable-inactive = inactive
distribution-unavailable-full = full
distribution-unavailable-zero_weight = weight 0
detail-auto-assign = Auto-assign
detail-queued = Waiting for an executor with free capacity since
event-auto-assigned = Assigned automatically to { $name }
event-auto-why = Why: { $strategy }
event-queued = Nobody has free capacity: waiting in the queue
field-error-no_rule = No distribution rule covers this request's channel and category.
field-error-closed = The request is closed.
field-error-not_in_team = This person is not a member of the team.
field-error-too_large = The value is too large.
field-error-duplicate_scope = Another rule already covers this channel and category.
field-error-out_of_range = Enter a whole number from 0 to 1000.
distribution-teams = Teams
distribution-team-new = New team name
distribution-team-add = Add team
distribution-rename = Rename

# Bulk changes on the list
bulk-title = Change the selected rows
bulk-keep-assignee = Assignee: keep
bulk-keep-status = Status: keep
bulk-comment = Comment (when the status asks for one)
bulk-apply = Apply to selected
bulk-select-all = Select every row on this page
bulk-select = Select
bulk-changed = { $count ->
    [one] Changed 1 request.
   *[other] Changed { $count } requests.
}
bulk-failed = { $count ->
    [one] 1 request was not changed:
   *[other] { $count } requests were not changed:
}
field-error-too_many = Select at most 200 requests at once.

# Board
nav-board = Board
board-title = Board
board-lanes = Swimlanes
board-lane-none = No lanes
board-lane-assignee = By assignee
board-lane-building = By building
board-lane-category = By category
board-lane-priority = By priority
board-lane-empty = — none —
board-moved = moved to «{ $status }»
board-wip-over = Over the WIP limit
board-more = { $count } more
board-wip = WIP limits
board-wip-column = Column
board-wip-lane = Each swimlane cell
board-move = Move
board-move-hint = Drag to another column, or focus and press ← / →
board-move-apply = Move
board-age = Age

## executor's phone view
my-empty = Nothing assigned to you right now
my-empty-hint = Requests assigned to you appear here as soon as a dispatcher or the automatic distribution gives them to you.
my-count = { $count ->
    [one] { $count } open request, most urgent first
   *[other] { $count } open requests, most urgent first
}
my-pending = Waiting to send: { $status }
my-pending-hint = Saved on this phone; it is sent as soon as there is a connection.
my-waiting = { $count ->
    [one] { $count } change waits for the connection and will be sent automatically.
   *[other] { $count } changes wait for the connection and will be sent automatically.
}
my-refused = { $number }: the change to “{ $status }” was not applied — { $reason }
my-change-status = Change status
my-comment = Comment
my-comment-required-for = Required for: { $statuses }
my-call = Call
my-photos = Photos
my-no-photos = No photos yet.
my-take-photo = Take or choose a photo
my-photo-hint = Photos only, up to { $max }.
my-uploading = Uploading… { $percent } %
my-uploaded = Photo uploaded.
dismiss = Dismiss
field-error-not_an_image = Only photos can be attached here (JPEG, PNG, WebP, GIF, HEIC).
field-error-upload_failed = The upload failed: check the connection and try again.
