//! People of the demo companies: staff with fixed names and e-mails, residents and customers
//! made up from name lists, phones in the local format.

use super::rand_util::pick;
use crate::model::Role;
use rand::Rng;
use std::collections::HashSet;

/// One login of a demo company: e-mail, display name, company slug, role.
pub struct StaffUser {
    pub email: &'static str,
    pub name: &'static str,
    pub company: &'static str,
    pub role: Role,
}

/// Every demo login (password `demo`). The executor is also the first of [`EXECUTORS`].
#[rustfmt::skip]
pub const STAFF: &[StaffUser] = &[
    StaffUser { email: "admin@demo.local", name: "Ольга Смирнова", company: "demo", role: Role::Admin },
    StaffUser { email: "manager@demo.local", name: "Дмитрий Кузнецов", company: "demo", role: Role::Manager },
    StaffUser { email: "dispatcher@demo.local", name: "Наталья Морозова", company: "demo", role: Role::Dispatcher },
    StaffUser { email: "executor@demo.local", name: "Сергей Иванов", company: "demo", role: Role::Executor },
    StaffUser { email: "executive@demo.local", name: "Фаррух Ахмедов", company: "demo", role: Role::Executive },
    StaffUser { email: "accountant@demo.local", name: "Елена Павлова", company: "demo", role: Role::Accountant },
    StaffUser { email: "viewer@demo.local", name: "Анна Соколова", company: "demo", role: Role::Viewer },
    StaffUser { email: "shop@demo.local", name: "Оксана Коваленко", company: "shop", role: Role::Admin },
    // The demo admin works in both companies, so the company switcher has something to do.
    StaffUser { email: "admin@demo.local", name: "Ольга Смирнова", company: "shop", role: Role::Admin },
];

/// Teams of the property company, in the order [`EXECUTORS`] and the categories refer to.
pub const TEAMS: &[&str] = &["Сантехники", "Электрики", "Лифтовая служба", "Уборка"];

/// An executor of the property company: name, e-mail local part, team index, max load.
pub struct Executor {
    pub name: &'static str,
    pub login: &'static str,
    pub team: usize,
    pub max_load: i32,
}

/// Fifteen executors; the first of each team leads it; the last one no longer works (inactive).
#[rustfmt::skip]
pub const EXECUTORS: &[Executor] = &[
    Executor { name: "Сергей Иванов", login: "executor", team: 0, max_load: 10 },
    Executor { name: "Алексей Петров", login: "petrov.a", team: 0, max_load: 12 },
    Executor { name: "Рустам Юсупов", login: "yusupov.r", team: 0, max_load: 10 },
    Executor { name: "Дмитрий Ким", login: "kim.d", team: 0, max_load: 8 },
    Executor { name: "Бахтиёр Каримов", login: "karimov.b", team: 0, max_load: 11 },
    Executor { name: "Андрей Смирнов", login: "smirnov.a", team: 1, max_load: 10 },
    Executor { name: "Тимур Рахимов", login: "rakhimov.t", team: 1, max_load: 12 },
    Executor { name: "Олег Козлов", login: "kozlov.o", team: 1, max_load: 9 },
    Executor { name: "Шухрат Алиев", login: "aliev.sh", team: 1, max_load: 8 },
    Executor { name: "Виктор Пак", login: "pak.v", team: 2, max_load: 10 },
    Executor { name: "Игорь Соколов", login: "sokolov.i", team: 2, max_load: 9 },
    Executor { name: "Гульнара Абдуллаева", login: "abdullaeva.g", team: 3, max_load: 12 },
    Executor { name: "Марина Волкова", login: "volkova.m", team: 3, max_load: 11 },
    Executor { name: "Дилноза Турсунова", login: "tursunova.d", team: 3, max_load: 10 },
    Executor { name: "Светлана Никитина", login: "nikitina.s", team: 3, max_load: 8 },
];

/// Index in [`EXECUTORS`] of the one who left (inactive profile, only old requests).
pub const INACTIVE_EXECUTOR: usize = 14;

const RU_MALE: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Виктор",
    "Владимир",
    "Дмитрий",
    "Евгений",
    "Игорь",
    "Илья",
    "Кирилл",
    "Максим",
    "Михаил",
    "Николай",
    "Олег",
    "Павел",
    "Роман",
    "Сергей",
    "Юрий",
    "Азиз",
    "Бахтиёр",
    "Джамшид",
    "Рустам",
    "Тимур",
    "Фаррух",
    "Шерзод",
    "Улугбек",
];
const RU_FEMALE: &[&str] = &[
    "Анна",
    "Валентина",
    "Галина",
    "Дарья",
    "Екатерина",
    "Елена",
    "Ирина",
    "Людмила",
    "Марина",
    "Мария",
    "Наталья",
    "Нина",
    "Ольга",
    "Светлана",
    "Татьяна",
    "Юлия",
    "Гульнара",
    "Дилноза",
    "Зарина",
    "Камила",
    "Лола",
    "Малика",
    "Нигора",
    "Феруза",
];
/// Father's names as patronymics: (male, female).
const RU_PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Игоревич", "Игоревна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"),
    ("Рустамович", "Рустамовна"),
    ("Тимурович", "Тимуровна"),
    ("Бахтиёрович", "Бахтиёровна"),
    ("Анварович", "Анваровна"),
];
/// Surnames in the masculine form; [`feminine`] derives the other.
const RU_SURNAMES: &[&str] = &[
    "Иванов",
    "Петров",
    "Сидоров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Каримов",
    "Юсупов",
    "Рахимов",
    "Абдуллаев",
    "Исмоилов",
    "Турсунов",
    "Ахмедов",
    "Алиев",
    "Назаров",
    "Усманов",
    "Хасанов",
    "Мирзаев",
    "Ким",
    "Пак",
    "Цой",
    "Ли",
    "Ковальский",
    "Вишневский",
];

/// The feminine form of a Russian surname (Иванов → Иванова, Ковальский → Ковальская);
/// surnames that do not decline (Ким, Цой) stay as they are.
pub fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ский") {
        return format!("{stem}ская");
    }
    let declines = ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|end| surname.ends_with(end));
    if declines {
        format!("{surname}а")
    } else {
        surname.to_string()
    }
}

/// "Фамилия Имя Отчество" of a resident.
pub fn resident_name(rng: &mut impl Rng) -> String {
    let surname = *pick(rng, RU_SURNAMES);
    let (male_p, female_p) = *pick(rng, RU_PATRONYMICS);
    if rng.random_bool(0.5) {
        format!("{surname} {} {male_p}", pick(rng, RU_MALE))
    } else {
        format!("{} {} {female_p}", feminine(surname), pick(rng, RU_FEMALE))
    }
}

const UA_MALE: &[&str] = &[
    "Олександр",
    "Андрій",
    "Дмитро",
    "Максим",
    "Іван",
    "Сергій",
    "Володимир",
    "Юрій",
    "Богдан",
    "Тарас",
    "Віктор",
    "Микола",
    "Олег",
    "Роман",
    "Євген",
    "Назар",
];
const UA_FEMALE: &[&str] = &[
    "Олена",
    "Наталія",
    "Ірина",
    "Оксана",
    "Юлія",
    "Тетяна",
    "Марія",
    "Анна",
    "Катерина",
    "Світлана",
    "Ольга",
    "Галина",
    "Вікторія",
    "Софія",
    "Дарина",
    "Христина",
];
/// Ukrainian surnames that are the same for men and women.
const UA_SURNAMES: &[&str] = &[
    "Шевченко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Мельник",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Бойко",
    "Лисенко",
    "Марченко",
    "Савченко",
    "Руденко",
    "Мороз",
    "Коваль",
    "Гончаренко",
    "Павленко",
    "Ковальчук",
    "Кравчук",
    "Левченко",
    "Тимошенко",
    "Харченко",
    "Білик",
    "Сорока",
    "Гнатюк",
    "Романюк",
    "Приходько",
];

/// "Ім'я Прізвище" of a shop customer.
pub fn customer_name(rng: &mut impl Rng) -> String {
    let first = if rng.random_bool(0.55) {
        *pick(rng, UA_FEMALE)
    } else {
        *pick(rng, UA_MALE)
    };
    format!("{first} {}", pick(rng, UA_SURNAMES))
}

/// Unique phone numbers, already normalised (`+998901234567`, `+380671234567`).
pub struct Phones {
    used: HashSet<String>,
}

const UZ_OPERATORS: &[&str] = &["90", "91", "93", "94", "95", "97", "98", "99", "33", "88"];
const UA_OPERATORS: &[&str] = &[
    "50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99",
];

impl Phones {
    pub fn new() -> Self {
        Self {
            used: HashSet::new(),
        }
    }

    /// An Uzbek mobile number.
    pub fn uz(&mut self, rng: &mut impl Rng) -> String {
        self.unique(rng, "+998", UZ_OPERATORS)
    }

    /// A Ukrainian mobile number.
    pub fn ua(&mut self, rng: &mut impl Rng) -> String {
        self.unique(rng, "+380", UA_OPERATORS)
    }

    fn unique(&mut self, rng: &mut impl Rng, country: &str, operators: &[&str]) -> String {
        loop {
            let phone = format!(
                "{country}{}{:07}",
                pick(rng, operators),
                rng.random_range(0..10_000_000u32)
            );
            if self.used.insert(phone.clone()) {
                return phone;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_agree_with_gender() {
        assert_eq!(feminine("Иванов"), "Иванова");
        assert_eq!(feminine("Никитин"), "Никитина");
        assert_eq!(feminine("Ковальский"), "Ковальская");
        assert_eq!(feminine("Ким"), "Ким");
    }

    #[test]
    fn phones_are_normalised_and_unique() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let mut phones = Phones::new();
        let a = phones.uz(&mut rng);
        assert_eq!(a.len(), 13);
        assert_eq!(
            crate::domain::phone::normalize(&a).as_deref(),
            Some(a.as_str())
        );
        let b = phones.ua(&mut rng);
        assert!(b.starts_with("+380") && b.len() == 13);
    }

    #[test]
    fn executors_have_distinct_logins_and_the_first_is_the_demo_executor() {
        let mut logins: Vec<_> = EXECUTORS.iter().map(|e| e.login).collect();
        logins.sort_unstable();
        logins.dedup();
        assert_eq!(logins.len(), 15);
        assert_eq!(EXECUTORS[0].login, "executor");
    }
}
