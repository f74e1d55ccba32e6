# Навігація та каркас
nav-main = Основна навігація
nav-menu = Меню
nav-requests = Заявки
nav-my-requests = Мої заявки
nav-new-request = Нова заявка
nav-users = Користувачі
nav-account = Профіль
header-company = Компанія
header-switch = Перемкнути
header-language = Мова
header-theme = Перемкнути світлу / темну тему
logout = Вийти
session-ended-title = Сеанс завершено
session-ended-text = З міркувань безпеки вас було виведено із системи після періоду бездіяльності. Увійдіть знову, щоб продовжити.
not-found-title = Сторінку не знайдено
not-found-text = Сторінка, яку ви шукаєте, не існує або була переміщена.
actor-system = Система
cancel = Скасувати
save = Зберегти
select-none = — не вибрано —
unassigned = Не призначено
urgent = Терміново
apartment-short = кв.
pagination = Сторінки

# Вхід
login-title = Вхід
login-submit = Увійти
login-demo-hint = Демо: admin@demo.local, dispatcher@demo.local, executor@demo.local … пароль «demo».

# Профіль
account-title = Профіль
account-password = Пароль
account-change-password = Змінити пароль
account-password-changed = Пароль змінено. Інші сеанси завершено.
account-password-hint = Щонайменше 8 символів.
account-first-login = Ви увійшли з одноразовим паролем. Будь ласка, встановіть власний пароль.

# Список заявок
requests-title = Заявки
requests-empty = Немає заявок, що відповідають цим фільтрам
requests-empty-hint = Спробуйте прибрати фільтр або змінити пошуковий запит.
list-total = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
    [many] { $count } заявок
   *[other] { $count } заявки
}
list-total-more = Понад { $count ->
    [one] { $count } заявку
    [few] { $count } заявки
   *[other] { $count } заявок
}
list-page-of = Сторінка { $page }
col-number = №
col-title = Заявка
col-status = Статус
col-stage = Етап
col-priority = Пріоритет
col-category = Категорія
col-location = Адреса
col-building = Будинок
col-assignee = Виконавець
col-channel = Канал
col-created = Створено
filter-search = Пошук
filter-search-placeholder = Номер, слова, телефон…
filter-apply = Застосувати
filter-reset = Скинути
filter-more = Фільтри
filter-any = Усі
filter-me = Я
filter-from = Створено з
filter-to = Створено по
filter-sort = Сортування
filter-open-only = Лише відкриті
sort-newest = Спочатку нові
sort-oldest = Спочатку старі
sort-updated = Нещодавно оновлені
sort-priority = За пріоритетом
sort-number = За номером

# Нова заявка
new-request-title = Нова заявка
new-request-submit = Створити заявку
form-has-errors = Виправте виділені поля.

# Сторінка заявки
detail-description = Опис
detail-no-description = Опис відсутній.
detail-contact = Контакт
detail-closed = Закрито
detail-external-id = Зовнішній ID
detail-change-status = Змінити статус
detail-no-transitions = З цього статусу перейти далі не можна.
detail-status-comment = Коментар (обов’язковий для статусів, позначених *)
detail-apply-status = Застосувати
detail-assign = Призначити
detail-comments = Коментарі
detail-no-comments = Коментарів поки немає.
detail-add-comment = Додати коментар
detail-comment-placeholder = Напишіть коментар…
detail-attachments = Вкладення
detail-no-attachments = Файли не прикріплено.
detail-attach = Прикріпити файл
detail-timeline = Історія
event-created = Створено в статусі «{ $status }»
event-status = Статус
event-assigned = Призначено виконавця: { $name }
event-unassigned = Виконавця знято
event-priority = Пріоритет змінено: { $priority }
event-urgent-on = Позначено як термінову
event-urgent-off = Більше не термінова
event-commented = Коментар
event-attached = Прикріплено файл { $file }
event-late = надійшло із запізненням, о { $at }

# Користувачі
users-title = Користувачі
users-invite = Запросити користувача
users-invite-submit = Запросити
users-invited = Запрошено користувача
users-added-existing = До компанії додано наявного користувача:
users-one-time-password = Одноразовий пароль:
users-shown-once = Скопіюйте його зараз: він показується лише один раз. Користувачеві буде запропоновано встановити новий пароль.
users-since = У компанії з
users-state = Доступ
users-deactivate = Вимкнути
users-activate = Увімкнути
users-you = Ви

# Поля
field-email = E-mail
field-password = Пароль
field-name = Ім’я
field-role = Роль
field-current_password = Поточний пароль
field-new_password = Новий пароль
field-confirm = Повторіть новий пароль
field-title = Заголовок
field-description = Опис
field-category_id = Категорія
field-priority = Пріоритет
field-urgent = Терміново
field-building_id = Будинок
field-apartment = Квартира
field-contact_name = Контактна особа
field-contact_phone = Контактний телефон
field-channel = Канал
field-assignee_id = Виконавець
field-status_id = Статус
field-comment = Коментар
field-body = Коментар
field-file = Файл
field-active = Доступ

# Помилки полів
field-error-required = Обов’язкове поле.
field-error-too_short = Занадто коротко.
field-error-too_long = Занадто довго.
field-error-invalid = Неприпустиме значення.
field-error-unknown = Не знайдено в цій компанії.
field-error-invalid_email = Введіть адресу e-mail у форматі name@example.com.
field-error-invalid_phone = Введіть номер телефону з 7–15 цифр, наприклад +998 90 123 45 67.
field-error-needs_building = Спочатку виберіть будинок.
field-error-unknown_apartment = У цьому будинку немає такої квартири.
field-error-not_assignable = Цьому користувачеві не можна призначати заявки (його вимкнено або він не є виконавцем).
field-error-password_too_short = Використайте щонайменше 8 символів.
field-error-mismatch = Паролі не збігаються.
field-error-wrong_password = Неправильний поточний пароль.
field-error-already_member = Цей користувач уже є учасником компанії.
field-error-cannot_demote_self = Не можна зняти із себе роль адміністратора.
field-error-cannot_deactivate_self = Не можна вимкнути самого себе.
field-error-taken = Уже зайнято.
field-error-file_too_large = Файл завеликий.
field-error-file_type_not_allowed = Цей тип файлів не дозволено: прикріплюйте фото, PDF, текстові або офісні документи.
field-error-file_content_mismatch = Вміст файлу не відповідає його розширенню.
field-error-no_pipeline = У компанії ще не налаштовано процес обробки заявок.
field-error-no_statuses = У процесі обробки заявок немає статусів.

# Помилки
error-unauthorized = Увійдіть знову.
error-forbidden = Ваша роль не дозволяє це зробити.
error-not_found = Не знайдено.
error-validation = Виправте виділені поля.
error-invalid_transition = Така зміна статусу не передбачена процесом.
error-missing_field = Для цього статусу потрібно заповнити поле «{ $field }».
error-conflict = Хтось уже змінив цю заявку. На сторінці показано її поточний стан.
error-rate_limited = Забагато спроб. Повторіть через { $minutes ->
    [one] { $minutes } хвилину
    [few] { $minutes } хвилини
    [many] { $minutes } хвилин
   *[other] { $minutes } хвилини
}.
error-invalid_credentials = Неправильний e-mail або пароль.
error-internal = На нашому боці щось пішло не так. Спробуйте ще раз.
error-transport = Не вдалося зв’язатися із сервером. Перевірте підключення та спробуйте ще раз.

# Ролі
role-admin = Адміністратор
role-manager = Менеджер
role-dispatcher = Диспетчер
role-executor = Виконавець
role-executive = Керівник
role-accountant = Бухгалтер
role-viewer = Спостерігач

# Пріоритети
priority-low = Низький
priority-normal = Звичайний
priority-high = Високий
priority-critical = Критичний

# Канали
channel-web = Веб
channel-phone = Телефон
channel-telegram = Telegram
channel-email = E-mail
channel-api = API
channel-keycrm = KeyCRM

# SLA
col-sla = SLA
sla-title = SLA
sla-no-policy = Для цього процесу не задано політику SLA.
sla-kind-reaction = Реакція
sla-kind-stage = Етап «{ $name }»
sla-kind-cycle = Цикл «{ $name }»
sla-left = залишилось { $time }
sla-over = прострочено на { $time }
sla-paused = на паузі, залишилось { $time }
sla-took = зайняло { $time }
sla-resumes = Неробочий час: відлік продовжиться { $at }
sla-no-hours = Неробочий час: у календарі немає робочого часу попереду
sla-deadline = Термін: { $at }
sla-used-of = використано { $used }
sla-now = зараз
sla-explain-title = Час у кожному статусі
sla-explain-working = { $working } робочого з { $wall }
sla-explain-paused = пауза { $wall } (не враховується)
sla-explain-closed = закрита: відлік зупинено
dur-d = { $n } д
dur-h = { $n } год
dur-m = { $n } хв
nav-sla-settings = Налаштування SLA
sla-settings-title = Налаштування SLA
sla-pipelines = Процеси
sla-working-hours = Робочий час
sla-calendar-scope = Який календар
sla-company-calendar = Компанія (типово)
sla-own-calendar = Власний робочий час
sla-source-stage = Цей етап має власний робочий час.
sla-source-company = Етап дотримується робочого часу компанії; збереження тут задасть йому власний.
sla-source-default = Робочий час не задано: відлік іде цілодобово.
sla-saved = Збережено. Усі показники SLA перераховано за історією з новими налаштуваннями.
sla-ics-imported = { $count ->
    [one] Імпортовано { $count } свято.
    [few] Імпортовано { $count } свята.
    [many] Імпортовано { $count } свят.
   *[other] Імпортовано { $count } свята.
}
sla-presets = Шаблони:
sla-preset-always_on = 24/7
sla-preset-mon_fri_9_18 = Пн–Пт 09–18
sla-preset-mon_sat_8_20 = Пн–Сб 08–20
sla-timezone = Часовий пояс
sla-day = День
sla-window = Вікно { $n }
sla-from = з
sla-to = до
sla-week-hint = Час у форматі ГГ:ХХ; 24:00 — кінець дня. Порожнє вікно пропускається; день без вікон — вихідний.
sla-exceptions = Свята та винятки
sla-date = Дата
sla-exception-name = Назва
sla-short-day = Робочий час цього дня (порожньо — вихідний)
sla-delete = Видалити
sla-exceptions-hint = У свято робочого часу немає; скорочений день або робоча субота мають власне вікно.
sla-save-calendar = Зберегти робочий час
sla-reset-calendar = Використовувати для етапу робочий час компанії
sla-ics-import = Імпорт свят із файлу iCalendar (.ics)
sla-ics-submit = Імпортувати
sla-grid = Нормативи SLA
sla-normal = Звичайна
sla-urgent = Термінова
sla-grid-hint = Робочий час у форматі гг:хх (годин може бути більше 24, наприклад 48:00). Порожньо — без нормативу.
sla-cycles = Цикли вирішення
sla-cycle-name = Назва
sla-cycle-start = Починається при вході в
sla-cycle-end = Закінчується при вході в
sla-point-stage = етап
sla-point-status = статус
sla-near-share = «Близько до терміну» за такої частки нормативу, %
sla-near-minutes = …або за стільки хвилин до терміну
sla-auto-escalation = У разі порушення підвищувати пріоритет і перепризначати на керівника бригади
sla-save-policy = Зберегти нормативи
day-mon = Понеділок
day-tue = Вівторок
day-wed = Середа
day-thu = Четвер
day-fri = Пʼятниця
day-sat = Субота
day-sun = Неділя
field-error-window_order = Кінець має бути пізніше за початок.
field-error-invalid_time = Введіть час у форматі ГГ:ХХ.
field-error-invalid_date = Введіть дату.
field-error-invalid_timezone = Невідомий часовий пояс; використовуйте назву на кшталт Asia/Tashkent.
field-error-windows_overlap = Вікна одного дня не мають перетинатися.
field-error-duplicate_date = Цю дату вказано двічі.
field-error-invalid_duration = Введіть тривалість у форматі гг:хх.
field-error-share_range = Введіть частку від 1 до 99 %.
field-error-unknown_stage = Невідомий етап.
field-error-unknown_point = Оберіть етап або статус цього процесу.
field-error-same_as_start = Кінець має відрізнятися від початку.
field-error-duplicate_name = Цикл із такою назвою вже є.
field-error-ics_invalid = Це не файл iCalendar (.ics).
field-error-ics_no_events = У файлі немає подій.
field-error-in_future = Час ще не настав.
field-error-before_created = Час раніший за створення заявки.
urgency-title = Правила терміновості
urgency-hint = Нова заявка стає терміновою, якщо спрацьовує будь-яке правило. Людина все одно може позначити терміновість або зняти її на сторінці заявки.
urgency-kind = Правило
urgency-value = Слово або код
urgency-kind-keyword = Слово в тексті
urgency-kind-category = Категорія
urgency-kind-sku = Артикул товару
urgency-kind-offer_id = Id пропозиції
urgency-kind-product_id = Id товару
urgency-save = Зберегти правила терміновості
urgency-mark = Позначити терміновою
urgency-clear = Зняти терміновість
event-urgent-rule = Позначена терміновою за правилом «{ $rule }»
notif-title = Сповіщення
notif-empty = Нічого нового.
notif-mark-read = Позначити все прочитаним
notif-digest = зведення (притримано в неробочий час)
notif-sla_near = { $number } «{ $title }»: наближається термін ({ $target })
notif-sla_over = { $number } «{ $title }»: порушено термін ({ $target })
notif-target-stage = етап
notif-target-reaction = реакція
notif-target-cycle = вирішення

# SLA dashboard
nav-sla-dashboard = Панель SLA
dash-title = Панель SLA
dash-export = Завантажити XLSX
dash-requests = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
    [many] { $count } заявок
   *[other] { $count } заявки
}
dash-filter-pipeline = Воронка
dash-filter-team = Бригада
dash-filter-from = Створені з
dash-filter-to = Створені по
dash-filter-within = Близько до порушення за
dash-minutes = { $n } хв
dash-kpis = Ключові показники
dash-kpi-reaction = Середня реакція
dash-kpi-resolution = Середнє вирішення
dash-kpi-on-time = Вчасно
dash-kpi-on-time-detail = { $ok } з { $all } завершених цілей вклалися в норматив
dash-kpi-breaches = Порушення
dash-kpi-breaches-detail = Цілі понад норматив у заявок періоду
dash-window-today = Сьогодні
dash-window-week = 7 днів
dash-window-month = 30 днів
dash-based-on = { $count ->
    [one] за { $count } заявкою
   *[other] за { $count } заявками
}
dash-heatmap = Теплова карта
dash-heatmap-mode = Що показує карта
dash-heatmap-breaches = Порушення
dash-heatmap-arrivals = Надходження
dash-heatmap-caption-breaches = Коли порушувалися нормативи SLA, за днями тижня й годинами ({ $tz })
dash-heatmap-caption-arrivals = Коли надходили заявки, за днями тижня й годинами ({ $tz })
dash-heatmap-empty-breaches = За цей період порушень немає.
dash-heatmap-empty-arrivals = За цей період заявок немає.
dash-heatmap-day = День
dash-heatmap-total = Разом
dash-heatmap-cell = { $day }, { $hours } — { $count }
dash-day-mon = Пн
dash-day-tue = Вт
dash-day-wed = Ср
dash-day-thu = Чт
dash-day-fri = Пт
dash-day-sat = Сб
dash-day-sun = Нд
dash-near = Скоро порушення
dash-near-hint = Відкриті заявки, у яких норматив спливає протягом { $minutes } хв, спершу найтерміновіші.
dash-near-empty = Протягом найближчих { $minutes } хв жоден норматив не спливає.
dash-staff = Працівники
dash-staff-name = Виконавець
dash-staff-assigned = Призначено
dash-staff-breached = З порушенням
dash-staff-violation = Частка порушень
dash-staff-on-time = Вчасно
dash-staff-reaction = Сер. реакція
dash-staff-resolution = Сер. вирішення
dash-staff-empty = У цьому періоді заявки нікому не призначалися.
dash-staff-unassigned = { $count ->
    [one] { $count } заявка без виконавця не входить до таблиці.
    [few] { $count } заявки без виконавця не входять до таблиці.
    [many] { $count } заявок без виконавця не входять до таблиці.
   *[other] { $count } заявки без виконавця не входять до таблиці.
}
xlsx-sheet-staff = Працівники
xlsx-col-number = Номер
xlsx-col-title = Заявка
xlsx-col-category = Категорія
xlsx-col-assignee = Виконавець
xlsx-col-created = Створена
xlsx-col-target = Ціль
xlsx-col-limit = Норматив
xlsx-col-used = Витрачено
xlsx-col-state = Стан
xlsx-col-deadline = Строк
xlsx-col-updated = Змінено
xlsx-sheet-requests = Заявки
requests-export = Вивантажити в Excel
xlsx-col-team = Бригада
xlsx-state-ok = Вчасно
xlsx-state-near = Близько до строку
xlsx-state-over = Порушено

# Distribution
nav-distribution = Розподіл
distribution-title = Розподіл
distribution-hint = Правила визначають, яка команда бере які заявки. Серед активних учасників команди, що не досягли максимального навантаження, виконавця обирають за вагою (зважений випадковий вибір), по черзі (round robin) або за найменшою кількістю відкритих заявок. Вага 0 виключає учасника.
distribution-queued = Заявок у черзі: { $count } — чекають на виконавця з вільним навантаженням і будуть призначені, щойно місце звільниться.
distribution-rules = Правила
distribution-no-rules = Правил розподілу ще немає. Додайте перше нижче.
distribution-staff = Виконавці
distribution-no-staff = У компанії ще немає виконавців.
distribution-team = Команда
distribution-load = Відкрито / макс.
distribution-max-load = Макс. навантаження
distribution-active = Активний
distribution-any-channel = Будь-який канал
distribution-any-category = Будь-яка категорія
distribution-new-rule = Нове правило
distribution-strategy = Стратегія
strategy-weighted = Зважений випадковий вибір
strategy-round_robin = По черзі
strategy-least_loaded = Найменш завантажений
distribution-on-create = Призначати нові заявки автоматично під час надходження
distribution-weight = Вага
distribution-inactive = неактивний
distribution-full = завантажений
distribution-save = Зберегти
distribution-add = Додати правило
distribution-delete = Видалити правило
distribution-stats-link = Статистика
distribution-stats-title = Статистика розподілу
distribution-from = З
distribution-to = По
distribution-stats-hint = Задана частка — те, що задають ваги серед активних учасників. Фактична частка — автоматичні призначення, які виконавець отримав за період.
distribution-stats-total = Автоматичних призначень за період: { $count }
distribution-configured = Задано
distribution-assigned = Призначено
distribution-observed = Факт
distribution-chance = Шанс
distribution-unavailable-inactive = неактивний
distribution-unavailable-full = завантажений
distribution-unavailable-zero_weight = вага 0
detail-auto-assign = Призначити автоматично
detail-queued = Чекає на виконавця з вільним навантаженням з
event-auto-assigned = Автоматично призначено виконавця: { $name }
event-auto-why = Чому: { $strategy }
event-queued = Вільних виконавців немає: заявка чекає в черзі
field-error-no_rule = Жодне правило розподілу не охоплює канал і категорію цієї заявки.
field-error-closed = Заявку закрито.
field-error-not_in_team = Цей співробітник не входить до команди.
field-error-too_large = Завелике значення.
field-error-duplicate_scope = Інше правило вже охоплює цей канал і категорію.
field-error-out_of_range = Введіть ціле число від 0 до 1000.
distribution-teams = Команди
distribution-team-new = Назва нової команди
distribution-team-add = Додати команду
distribution-rename = Перейменувати

# Bulk changes on the list
bulk-title = Змінити вибрані рядки
bulk-keep-assignee = Виконавець: не змінювати
bulk-keep-status = Статус: не змінювати
bulk-comment = Коментар (якщо статус його вимагає)
bulk-apply = Застосувати до вибраних
bulk-select-all = Вибрати всі рядки на сторінці
bulk-select = Вибрати
bulk-changed = { $count ->
    [one] Змінено { $count } заявку.
    [few] Змінено { $count } заявки.
   *[other] Змінено { $count } заявок.
}
bulk-failed = { $count ->
    [one] Не змінено { $count } заявку:
    [few] Не змінено { $count } заявки:
   *[other] Не змінено { $count } заявок:
}
field-error-too_many = Виберіть не більше 200 заявок за раз.

# Board
nav-board = Дошка
board-title = Дошка
board-lanes = Доріжки
board-lane-none = Без доріжок
board-lane-assignee = За виконавцем
board-lane-building = За будинком
board-lane-category = За категорією
board-lane-priority = За пріоритетом
board-lane-empty = — немає —
board-moved = переміщено в «{ $status }»
board-wip-over = Перевищено ліміт WIP
board-more = Ще { $count }
board-wip = Ліміти WIP
board-wip-column = Колонка
board-wip-lane = Кожна клітинка доріжки
board-move = Перемістити
board-move-hint = Перетягніть в іншу колонку або виділіть і натисніть ← / →
board-move-apply = Перемістити
board-age = Вік

## executor's phone view
my-empty = Зараз на вас нічого не призначено
my-empty-hint = Заявки з'являться тут, щойно диспетчер або автоматичний розподіл призначить їх на вас.
my-count = { $count ->
    [one] { $count } відкрита заявка, найтерміновіші зверху
    [few] { $count } відкриті заявки, найтерміновіші зверху
   *[other] { $count } відкритих заявок, найтерміновіші зверху
}
my-pending = Очікує надсилання: { $status }
my-pending-hint = Збережено на телефоні; надішлеться, щойно з'явиться зв'язок.
my-waiting = { $count ->
    [one] { $count } зміна чекає на зв'язок і буде надіслана автоматично.
    [few] { $count } зміни чекають на зв'язок і будуть надіслані автоматично.
   *[other] { $count } змін чекають на зв'язок і будуть надіслані автоматично.
}
my-refused = { $number }: зміну статусу на «{ $status }» не застосовано — { $reason }
my-change-status = Змінити статус
my-comment = Коментар
my-comment-required-for = Обов'язковий для: { $statuses }
my-call = Зателефонувати
my-photos = Фото
my-no-photos = Фото поки немає.
my-take-photo = Зробити або вибрати фото
my-photo-hint = Лише фото, до { $max }.
my-uploading = Завантаження… { $percent } %
my-uploaded = Фото завантажено.
dismiss = Сховати
field-error-not_an_image = Тут можна прикріпити лише фото (JPEG, PNG, WebP, GIF, HEIC).
field-error-upload_failed = Завантаження не вдалося: перевірте зв'язок і спробуйте ще раз.
