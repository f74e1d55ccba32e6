# Навигация и каркас
nav-main = Основная навигация
nav-menu = Меню
nav-requests = Заявки
nav-my-requests = Мои заявки
nav-new-request = Новая заявка
nav-users = Пользователи
nav-account = Профиль
header-company = Компания
header-switch = Переключить
header-language = Язык
header-theme = Переключить светлую / тёмную тему
logout = Выйти
session-ended-title = Сеанс завершён
session-ended-text = В целях безопасности вы были выведены из системы после периода бездействия. Войдите снова, чтобы продолжить.
not-found-title = Страница не найдена
not-found-text = Запрашиваемая страница не существует или была перемещена.
actor-system = Система
cancel = Отмена
save = Сохранить
select-none = — не выбрано —
unassigned = Не назначен
urgent = Срочно
apartment-short = кв.
pagination = Страницы

# Вход
login-title = Вход
login-submit = Войти
login-demo-hint = Демо: admin@demo.local, dispatcher@demo.local, executor@demo.local … пароль «demo».

# Профиль
account-title = Профиль
account-password = Пароль
account-change-password = Сменить пароль
account-password-changed = Пароль изменён. Остальные сеансы завершены.
account-password-hint = Не менее 8 символов.
account-first-login = Вы вошли с одноразовым паролем. Пожалуйста, задайте собственный пароль.

# Список заявок
requests-title = Заявки
requests-empty = Нет заявок, подходящих под эти фильтры
requests-empty-hint = Попробуйте убрать фильтр или изменить запрос.
list-total = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
    [many] { $count } заявок
   *[other] { $count } заявки
}
list-total-more = Более { $count ->
    [one] { $count } заявки
   *[other] { $count } заявок
}
list-page-of = Страница { $page }
col-number = №
col-title = Заявка
col-status = Статус
col-stage = Этап
col-priority = Приоритет
col-category = Категория
col-location = Адрес
col-building = Дом
col-assignee = Исполнитель
col-channel = Канал
col-created = Создана
filter-search = Поиск
filter-search-placeholder = Номер, слова, телефон…
filter-apply = Применить
filter-reset = Сбросить
filter-more = Фильтры
filter-any = Все
filter-me = Я
filter-from = Создана с
filter-to = Создана по
filter-sort = Сортировка
filter-open-only = Только открытые
sort-newest = Сначала новые
sort-oldest = Сначала старые
sort-updated = Недавно обновлённые
sort-priority = По приоритету
sort-number = По номеру

# Новая заявка
new-request-title = Новая заявка
new-request-submit = Создать заявку
form-has-errors = Исправьте выделенные поля.

# Страница заявки
detail-description = Описание
detail-no-description = Описание отсутствует.
detail-contact = Контакт
detail-closed = Закрыта
detail-external-id = Внешний ID
detail-change-status = Изменить статус
detail-no-transitions = Из этого статуса перейти дальше нельзя.
detail-status-comment = Комментарий (обязателен для статусов, отмеченных *)
detail-apply-status = Применить
detail-assign = Назначить
detail-comments = Комментарии
detail-no-comments = Комментариев пока нет.
detail-add-comment = Добавить комментарий
detail-comment-placeholder = Напишите комментарий…
detail-attachments = Вложения
detail-no-attachments = Файлы не прикреплены.
detail-attach = Прикрепить файл
detail-timeline = История
event-created = Создана в статусе «{ $status }»
event-status = Статус
event-assigned = Назначен исполнитель: { $name }
event-unassigned = Исполнитель снят
event-priority = Приоритет изменён: { $priority }
event-urgent-on = Отмечена как срочная
event-urgent-off = Больше не срочная
event-commented = Комментарий
event-attached = Прикреплён файл { $file }
event-late = поступило с опозданием, в { $at }

# Пользователи
users-title = Пользователи
users-invite = Пригласить пользователя
users-invite-submit = Пригласить
users-invited = Приглашён пользователь
users-added-existing = В компанию добавлен существующий пользователь:
users-one-time-password = Одноразовый пароль:
users-shown-once = Скопируйте его сейчас: он показывается только один раз. Пользователю будет предложено задать новый пароль.
users-since = В компании с
users-state = Доступ
users-deactivate = Отключить
users-activate = Включить
users-you = Вы

# Поля
field-email = E-mail
field-password = Пароль
field-name = Имя
field-role = Роль
field-current_password = Текущий пароль
field-new_password = Новый пароль
field-confirm = Повторите новый пароль
field-title = Заголовок
field-description = Описание
field-category_id = Категория
field-priority = Приоритет
field-urgent = Срочно
field-building_id = Дом
field-apartment = Квартира
field-contact_name = Контактное лицо
field-contact_phone = Контактный телефон
field-channel = Канал
field-assignee_id = Исполнитель
field-status_id = Статус
field-comment = Комментарий
field-body = Комментарий
field-file = Файл
field-active = Доступ

# Ошибки полей
field-error-required = Обязательное поле.
field-error-too_short = Слишком коротко.
field-error-too_long = Слишком длинно.
field-error-invalid = Недопустимое значение.
field-error-unknown = Не найдено в этой компании.
field-error-invalid_email = Введите адрес e-mail в формате name@example.com.
field-error-invalid_phone = Введите номер телефона из 7–15 цифр, например +998 90 123 45 67.
field-error-needs_building = Сначала выберите дом.
field-error-unknown_apartment = В этом доме нет такой квартиры.
field-error-not_assignable = Этому пользователю нельзя назначать заявки (он отключён или не является исполнителем).
field-error-password_too_short = Используйте не менее 8 символов.
field-error-mismatch = Пароли не совпадают.
field-error-wrong_password = Неверный текущий пароль.
field-error-already_member = Этот пользователь уже состоит в компании.
field-error-cannot_demote_self = Нельзя снять с себя роль администратора.
field-error-cannot_deactivate_self = Нельзя отключить самого себя.
field-error-taken = Уже занято.
field-error-file_too_large = Файл слишком большой.
field-error-file_type_not_allowed = Этот тип файлов не разрешён: прикрепляйте фото, PDF, текстовые или офисные документы.
field-error-file_content_mismatch = Содержимое файла не соответствует его расширению.
field-error-no_pipeline = В компании ещё не настроен процесс обработки заявок.
field-error-no_statuses = В процессе обработки заявок нет статусов.

# Ошибки
error-unauthorized = Войдите снова.
error-forbidden = Ваша роль не позволяет это сделать.
error-not_found = Не найдено.
error-validation = Исправьте выделенные поля.
error-invalid_transition = Такая смена статуса не предусмотрена процессом.
error-missing_field = Для этого статуса нужно заполнить поле «{ $field }».
error-conflict = Кто-то уже изменил эту заявку. На странице показано её текущее состояние.
error-rate_limited = Слишком много попыток. Повторите через { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
    [many] { $minutes } минут
   *[other] { $minutes } минуты
}.
error-invalid_credentials = Неверный e-mail или пароль.
error-internal = На нашей стороне что-то пошло не так. Попробуйте ещё раз.
error-transport = Не удалось связаться с сервером. Проверьте подключение и попробуйте ещё раз.

# Роли
role-admin = Администратор
role-manager = Менеджер
role-dispatcher = Диспетчер
role-executor = Исполнитель
role-executive = Руководитель
role-accountant = Бухгалтер
role-viewer = Наблюдатель

# Приоритеты
priority-low = Низкий
priority-normal = Обычный
priority-high = Высокий
priority-critical = Критический

# Каналы
channel-web = Веб
channel-phone = Телефон
channel-telegram = Telegram
channel-email = E-mail
channel-api = API
channel-keycrm = KeyCRM

# SLA
col-sla = SLA
sla-title = SLA
sla-no-policy = Для этого процесса не задана политика SLA.
sla-kind-reaction = Реакция
sla-kind-stage = Этап «{ $name }»
sla-kind-cycle = Цикл «{ $name }»
sla-left = осталось { $time }
sla-over = просрочено на { $time }
sla-paused = на паузе, осталось { $time }
sla-took = заняло { $time }
sla-resumes = Нерабочее время: отсчёт продолжится { $at }
sla-no-hours = Нерабочее время: в календаре нет рабочего времени впереди
sla-deadline = Срок: { $at }
sla-used-of = использовано { $used }
sla-now = сейчас
sla-explain-title = Время в каждом статусе
sla-explain-working = { $working } рабочего из { $wall }
sla-explain-paused = пауза { $wall } (не учитывается)
sla-explain-closed = закрыта: отсчёт остановлен
dur-d = { $n } д
dur-h = { $n } ч
dur-m = { $n } мин
nav-sla-settings = Настройки SLA
sla-settings-title = Настройки SLA
sla-pipelines = Процессы
sla-working-hours = Рабочее время
sla-calendar-scope = Какой календарь
sla-company-calendar = Компания (по умолчанию)
sla-own-calendar = Своё рабочее время
sla-source-stage = У этого этапа своё рабочее время.
sla-source-company = Этап следует рабочему времени компании; сохранение здесь задаст ему своё.
sla-source-default = Рабочее время не задано: отсчёт идёт круглосуточно.
sla-saved = Сохранено. Все показатели SLA пересчитаны по истории с новыми настройками.
sla-ics-imported = { $count ->
    [one] Импортирован { $count } праздник.
    [few] Импортировано { $count } праздника.
    [many] Импортировано { $count } праздников.
   *[other] Импортировано { $count } праздника.
}
sla-presets = Шаблоны:
sla-preset-always_on = 24/7
sla-preset-mon_fri_9_18 = Пн–Пт 09–18
sla-preset-mon_sat_8_20 = Пн–Сб 08–20
sla-timezone = Часовой пояс
sla-day = День
sla-window = Окно { $n }
sla-from = с
sla-to = до
sla-week-hint = Время в формате ЧЧ:ММ; 24:00 — конец дня. Пустое окно пропускается; день без окон — выходной.
sla-exceptions = Праздники и исключения
sla-date = Дата
sla-exception-name = Название
sla-short-day = Рабочее время в этот день (пусто — выходной)
sla-delete = Удалить
sla-exceptions-hint = В праздник рабочего времени нет; у сокращённого дня или рабочей субботы — своё окно.
sla-save-calendar = Сохранить рабочее время
sla-reset-calendar = Использовать для этапа рабочее время компании
sla-ics-import = Импорт праздников из файла iCalendar (.ics)
sla-ics-submit = Импортировать
sla-grid = Нормативы SLA
sla-normal = Обычная
sla-urgent = Срочная
sla-grid-hint = Рабочее время в формате чч:мм (часов может быть больше 24, например 48:00). Пусто — без норматива.
sla-cycles = Циклы решения
sla-cycle-name = Название
sla-cycle-start = Начинается при входе в
sla-cycle-end = Заканчивается при входе в
sla-point-stage = этап
sla-point-status = статус
sla-near-share = «Близко к сроку» при такой доле норматива, %
sla-near-minutes = …или за столько минут до срока
sla-auto-escalation = При нарушении повышать приоритет и переназначать на руководителя бригады
sla-save-policy = Сохранить нормативы
day-mon = Понедельник
day-tue = Вторник
day-wed = Среда
day-thu = Четверг
day-fri = Пятница
day-sat = Суббота
day-sun = Воскресенье
field-error-window_order = Конец должен быть позже начала.
field-error-invalid_time = Введите время в формате ЧЧ:ММ.
field-error-invalid_date = Введите дату.
field-error-invalid_timezone = Неизвестный часовой пояс; используйте имя вроде Asia/Tashkent.
field-error-windows_overlap = Окна одного дня не должны пересекаться.
field-error-duplicate_date = Эта дата указана дважды.
field-error-invalid_duration = Введите длительность в формате чч:мм.
field-error-share_range = Введите долю от 1 до 99 %.
field-error-unknown_stage = Неизвестный этап.
field-error-unknown_point = Выберите этап или статус этого процесса.
field-error-same_as_start = Конец должен отличаться от начала.
field-error-duplicate_name = Цикл с таким названием уже есть.
field-error-ics_invalid = Это не файл iCalendar (.ics).
field-error-ics_no_events = В файле нет событий.
field-error-in_future = Время ещё не наступило.
field-error-before_created = Время раньше создания заявки.
urgency-title = Правила срочности
urgency-hint = Новая заявка становится срочной, если срабатывает любое правило. Человек всё равно может отметить срочность или снять её на странице заявки.
urgency-kind = Правило
urgency-value = Слово или код
urgency-kind-keyword = Слово в тексте
urgency-kind-category = Категория
urgency-kind-sku = Артикул товара
urgency-kind-offer_id = Id предложения
urgency-kind-product_id = Id товара
urgency-save = Сохранить правила срочности
urgency-mark = Отметить как срочную
urgency-clear = Снять срочность
event-urgent-rule = Отмечена срочной по правилу «{ $rule }»
notif-title = Уведомления
notif-empty = Ничего нового.
notif-mark-read = Отметить всё прочитанным
notif-digest = сводка (придержано в нерабочее время)
notif-sla_near = { $number } «{ $title }»: приближается срок ({ $target })
notif-sla_over = { $number } «{ $title }»: нарушен срок ({ $target })
notif-target-stage = этап
notif-target-reaction = реакция
notif-target-cycle = решение

# SLA dashboard
nav-sla-dashboard = Панель SLA
dash-title = Панель SLA
dash-export = Скачать XLSX
dash-requests = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
    [many] { $count } заявок
   *[other] { $count } заявки
}
dash-filter-pipeline = Воронка
dash-filter-team = Бригада
dash-filter-from = Созданы с
dash-filter-to = Созданы по
dash-filter-within = Близко к нарушению за
dash-minutes = { $n } мин
dash-kpis = Ключевые показатели
dash-kpi-reaction = Средняя реакция
dash-kpi-resolution = Среднее решение
dash-kpi-on-time = В срок
dash-kpi-on-time-detail = { $ok } из { $all } завершённых целей уложились в норматив
dash-kpi-breaches = Нарушения
dash-kpi-breaches-detail = Цели сверх норматива у заявок периода
dash-window-today = Сегодня
dash-window-week = 7 дней
dash-window-month = 30 дней
dash-based-on = { $count ->
    [one] по { $count } заявке
   *[other] по { $count } заявкам
}
dash-heatmap = Тепловая карта
dash-heatmap-mode = Что показывает карта
dash-heatmap-breaches = Нарушения
dash-heatmap-arrivals = Поступления
dash-heatmap-caption-breaches = Когда нарушались нормативы SLA, по дням недели и часам ({ $tz })
dash-heatmap-caption-arrivals = Когда поступали заявки, по дням недели и часам ({ $tz })
dash-heatmap-empty-breaches = За этот период нарушений нет.
dash-heatmap-empty-arrivals = За этот период заявок нет.
dash-heatmap-day = День
dash-heatmap-total = Всего
dash-heatmap-cell = { $day }, { $hours } — { $count }
dash-day-mon = Пн
dash-day-tue = Вт
dash-day-wed = Ср
dash-day-thu = Чт
dash-day-fri = Пт
dash-day-sat = Сб
dash-day-sun = Вс
dash-near = Скоро нарушение
dash-near-hint = Открытые заявки, у которых норматив истекает в ближайшие { $minutes } мин, сначала самые срочные.
dash-near-empty = В ближайшие { $minutes } мин ни один норматив не истекает.
dash-staff = Сотрудники
dash-staff-name = Исполнитель
dash-staff-assigned = Назначено
dash-staff-breached = С нарушением
dash-staff-violation = Доля нарушений
dash-staff-on-time = В срок
dash-staff-reaction = Ср. реакция
dash-staff-resolution = Ср. решение
dash-staff-empty = В этом периоде заявки никому не назначались.
dash-staff-unassigned = { $count ->
    [one] { $count } заявка без исполнителя не входит в таблицу.
    [few] { $count } заявки без исполнителя не входят в таблицу.
    [many] { $count } заявок без исполнителя не входят в таблицу.
   *[other] { $count } заявки без исполнителя не входят в таблицу.
}
xlsx-sheet-staff = Сотрудники
xlsx-col-number = Номер
xlsx-col-title = Заявка
xlsx-col-category = Категория
xlsx-col-assignee = Исполнитель
xlsx-col-created = Создана
xlsx-col-target = Цель
xlsx-col-limit = Норматив
xlsx-col-used = Затрачено
xlsx-col-state = Состояние
xlsx-col-deadline = Срок
xlsx-col-updated = Изменена
xlsx-sheet-requests = Заявки
requests-export = Выгрузить в Excel
xlsx-col-team = Бригада
xlsx-state-ok = В срок
xlsx-state-near = Близко к сроку
xlsx-state-over = Нарушен

# Distribution
nav-distribution = Распределение
distribution-title = Распределение
distribution-hint = Правила определяют, какая команда берёт какие заявки. Среди активных участников команды, не достигших максимальной нагрузки, исполнитель выбирается по весу (взвешенный случайный выбор), по очереди (round robin) или по наименьшему числу открытых заявок. Вес 0 исключает участника.
distribution-queued = Заявок в очереди: { $count } — ждут исполнителя со свободной нагрузкой и будут назначены, как только место освободится.
distribution-rules = Правила
distribution-no-rules = Правил распределения пока нет. Добавьте первое ниже.
distribution-staff = Исполнители
distribution-no-staff = В компании пока нет исполнителей.
distribution-team = Команда
distribution-load = Открыто / макс.
distribution-max-load = Макс. нагрузка
distribution-active = Активен
distribution-any-channel = Любой канал
distribution-any-category = Любая категория
distribution-new-rule = Новое правило
distribution-strategy = Стратегия
strategy-weighted = Взвешенный случайный выбор
strategy-round_robin = По очереди
strategy-least_loaded = Наименее загруженный
distribution-on-create = Назначать новые заявки автоматически при поступлении
distribution-weight = Вес
distribution-inactive = неактивен
distribution-full = загружен
distribution-save = Сохранить
distribution-add = Добавить правило
distribution-delete = Удалить правило
distribution-stats-link = Статистика
distribution-stats-title = Статистика распределения
distribution-from = С
distribution-to = По
distribution-stats-hint = Заданная доля — то, что задают веса среди активных участников. Фактическая доля — автоматические назначения, полученные исполнителем за период.
distribution-stats-total = Автоматических назначений за период: { $count }
distribution-configured = Задано
distribution-assigned = Назначено
distribution-observed = Факт
distribution-chance = Шанс
distribution-unavailable-inactive = неактивен
distribution-unavailable-full = загружен
distribution-unavailable-zero_weight = вес 0
detail-auto-assign = Назначить автоматически
detail-queued = Ждёт исполнителя со свободной нагрузкой с
event-auto-assigned = Автоматически назначен исполнитель: { $name }
event-auto-why = Почему: { $strategy }
event-queued = Свободных исполнителей нет: заявка ждёт в очереди
field-error-no_rule = Ни одно правило распределения не охватывает канал и категорию этой заявки.
field-error-closed = Заявка закрыта.
field-error-not_in_team = Этот сотрудник не состоит в команде.
field-error-too_large = Слишком большое значение.
field-error-duplicate_scope = Другое правило уже охватывает этот канал и категорию.
field-error-out_of_range = Введите целое число от 0 до 1000.
distribution-teams = Команды
distribution-team-new = Название новой команды
distribution-team-add = Добавить команду
distribution-rename = Переименовать

# Bulk changes on the list
bulk-title = Изменить выбранные строки
bulk-keep-assignee = Исполнитель: не менять
bulk-keep-status = Статус: не менять
bulk-comment = Комментарий (если статус его требует)
bulk-apply = Применить к выбранным
bulk-select-all = Выбрать все строки на странице
bulk-select = Выбрать
bulk-changed = { $count ->
    [one] Изменена { $count } заявка.
    [few] Изменены { $count } заявки.
   *[other] Изменено { $count } заявок.
}
bulk-failed = { $count ->
    [one] Не изменена { $count } заявка:
    [few] Не изменены { $count } заявки:
   *[other] Не изменено { $count } заявок:
}
field-error-too_many = Выберите не более 200 заявок за раз.

# Board
nav-board = Доска
board-title = Доска
board-lanes = Дорожки
board-lane-none = Без дорожек
board-lane-assignee = По исполнителю
board-lane-building = По дому
board-lane-category = По категории
board-lane-priority = По приоритету
board-lane-empty = — нет —
board-moved = перемещена в «{ $status }»
board-wip-over = Превышен лимит WIP
board-more = Ещё { $count }
board-wip = Лимиты WIP
board-wip-column = Колонка
board-wip-lane = Каждая ячейка дорожки
board-move = Переместить
board-move-hint = Перетащите в другую колонку или выделите и нажмите ← / →
board-move-apply = Переместить
board-age = Возраст

## executor's phone view
my-empty = Сейчас на вас ничего не назначено
my-empty-hint = Заявки появятся здесь, как только диспетчер или автоматическое распределение назначит их на вас.
my-count = { $count ->
    [one] { $count } открытая заявка, самые срочные сверху
    [few] { $count } открытые заявки, самые срочные сверху
   *[other] { $count } открытых заявок, самые срочные сверху
}
my-pending = Ожидает отправки: { $status }
my-pending-hint = Сохранено на телефоне; отправится, как только появится связь.
my-waiting = { $count ->
    [one] { $count } изменение ждёт связи и будет отправлено автоматически.
    [few] { $count } изменения ждут связи и будут отправлены автоматически.
   *[other] { $count } изменений ждут связи и будут отправлены автоматически.
}
my-refused = { $number }: смена статуса на «{ $status }» не применена — { $reason }
my-change-status = Сменить статус
my-comment = Комментарий
my-comment-required-for = Обязателен для: { $statuses }
my-call = Позвонить
my-photos = Фото
my-no-photos = Фото пока нет.
my-take-photo = Сделать или выбрать фото
my-photo-hint = Только фото, до { $max }.
my-uploading = Загрузка… { $percent } %
my-uploaded = Фото загружено.
dismiss = Скрыть
field-error-not_an_image = Здесь можно прикрепить только фото (JPEG, PNG, WebP, GIF, HEIC).
field-error-upload_failed = Загрузка не удалась: проверьте связь и попробуйте ещё раз.
