//! Dates: the one reader for every date a user or a cell gives (`--as-of`,
//! the API's `as_of`, a corpus item's `as_of`, an export's plan, review and
//! target-date cells), the two-digit-year rule, and the calendar arithmetic
//! deadlines need (dates with no year, "within 10 working days", month ends).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The two-digit-year rule, for cells and text alike: "21" is 2021. Plans
/// are written this century, so a year ending in 99 is 2099, not 1999.
/// Four-digit years outside 1900–2199 are not years (a count, a code).
pub fn full_year(y: u32, digits: usize) -> Option<i32> {
    match digits {
        2 => Some(2000 + y as i32),
        4 if (1900..=2199).contains(&y) => Some(y as i32),
        _ => None,
    }
}

/// A date as users type it and exports write it: ISO (2021-07-23), or
/// day-first with `/`, `-` or `.` (23/07/2021, 23-7-21, 23.07.21), with an
/// optional time after a space or `T` ("2021-07-23 00:00:00"). Impossible
/// dates (31/06/2025) are None.
pub fn read_date(cell: &str) -> Option<NaiveDate> {
    let s = cell.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let b = s.as_bytes();
    // The two shapes exports mostly use, read without splitting (this runs
    // for every row of an audit).
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32)
        })
    };
    match b.len() {
        10 if b[4] == b'-' && b[7] == b'-' => return ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?),
        10 if b[2] == b'/' && b[5] == b'/' => return ymd(num(6..10)? as i32, num(3..5)?, num(0..2)?),
        _ => {}
    }
    let sep = b.iter().find(|c| matches!(c, b'/' | b'-' | b'.'))?;
    let parts: Vec<&str> = s.split(*sep as char).collect();
    let [a, m, c] = parts[..] else { return None };
    let field = |p: &str, widths: &[usize]| {
        (widths.contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    if *sep == b'-' && a.len() == 4 {
        return ymd(field(a, &[4])? as i32, field(m, &[1, 2])?, field(c, &[1, 2])?);
    }
    let year = full_year(field(c, &[2, 4])?, c.len())?;
    ymd(year, field(m, &[1, 2])?, field(a, &[1, 2])?)
}

/// [`read_date`] for a command-line option or an API field, with a message
/// that says what was expected.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    read_date(s).ok_or_else(|| format!("expected a date such as 2026-04-30 or 30/04/2026, got “{s}”"))
}

/// The date, if it exists (no 31 June, no 29 February 2022).
pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A day and month with no year: its next occurrence on or after `reference`.
/// None when the day never exists in that month (31 June); 29 February takes
/// the next leap year.
pub fn next_occurrence(reference: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    (reference.year()..reference.year() + 8)
        .filter_map(|y| ymd(y, m, d))
        .find(|date| *date >= reference)
}

/// How far back a date with no year may lie and still be read as already
/// past rather than as next year's (about a month): a plan written on 12
/// February that says "by 10 February" names a deadline just missed, not
/// one a year away; one that says "by 31 January" in November means next
/// January.
pub const RECENT_PAST_DAYS: i64 = 31;

/// A date with no year, read against the plan's horizon: the occurrence in
/// the last [`RECENT_PAST_DAYS`] if there is one (a deadline already past,
/// kept as written), else the next one on or after `reference`. The second
/// date is the other reading when the first is the recent past.
pub fn nearest_occurrence(reference: NaiveDate, m: u32, d: u32) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let next = next_occurrence(reference, m, d)?;
    let recent = (reference.year() - 1..=reference.year())
        .rev()
        .filter_map(|y| ymd(y, m, d))
        .find(|date| *date < reference && (reference - *date).num_days() <= RECENT_PAST_DAYS);
    Some(match recent {
        Some(past) => (past, Some(next)),
        None => (next, None),
    })
}

/// A month with no year, read like [`nearest_occurrence`]: its last day in
/// the recent past, else in the next such month on or after `reference`.
pub fn nearest_month_end(reference: NaiveDate, m: u32) -> (NaiveDate, Option<NaiveDate>) {
    let next = month_end_next(reference, m);
    let recent = [reference.year(), reference.year() - 1]
        .into_iter()
        .map(|y| last_day_of_month(y, m))
        .find(|date| *date < reference && (reference - *date).num_days() <= RECENT_PAST_DAYS);
    match recent {
        Some(past) => (past, Some(next)),
        None => (next, None),
    }
}

/// "July 16", "Feb 18": a month and a bare two-digit number, which is a day
/// or a two-digit year. The number is read as a year (the month's last day)
/// when all of these hold: that year is this year or next (a plan's
/// realistic horizon); the month's end in it is not already past; and the
/// day is not within the next month (a deadline weeks ahead is likelier
/// than one a year on: "by Feb 14" written on 12 February 2013 is the 14th).
/// Otherwise it is a day. The other reading, when plausible, comes second.
/// None when the words are neither.
pub fn month_and_day_or_year(reference: NaiveDate, m: u32, n: u32) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let as_day = nearest_occurrence(reference, m, n).map(|(d, _)| d);
    let year = 2000 + n as i32;
    let year_end = (n < 100 && (reference.year()..=reference.year() + 1).contains(&year))
        .then(|| last_day_of_month(year, m));
    let day_is_near = as_day.is_some_and(|d| d >= reference && (d - reference).num_days() <= 31);
    match (year_end.filter(|end| *end >= reference && !day_is_near), as_day) {
        (Some(y), day) => Some((y, day)),
        // A month already past this year is a stale deadline at most: the
        // day reading leads, the year reading is the other.
        (None, Some(day)) => Some((day, year_end.filter(|end| *end != day))),
        (None, None) => None,
    }
}

/// The Monday that starts the week holding `date` (weeks run Monday to Sunday).
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday() as i64)
}

/// The Sunday that ends the week holding `date`.
pub fn week_end(date: NaiveDate) -> NaiveDate {
    week_start(date) + Duration::days(6)
}

/// Weekday `wd` (1 = Monday … 7 = Sunday) of the week holding `date`.
pub fn weekday_in_week(date: NaiveDate, wd: u32) -> NaiveDate {
    week_start(date) + Duration::days(wd.clamp(1, 7) as i64 - 1)
}

/// The first day on or after `date` that is weekday `wd` (1 = Monday).
pub fn weekday_on_or_after(date: NaiveDate, wd: u32) -> NaiveDate {
    let have = date.weekday().number_from_monday() as i64;
    date + Duration::days((wd as i64 - have).rem_euclid(7))
}

/// The last day before `date` that is weekday `wd`.
pub fn weekday_before(date: NaiveDate, wd: u32) -> NaiveDate {
    let have = date.weekday().number_from_monday() as i64;
    let back = (have - wd as i64).rem_euclid(7);
    date - Duration::days(if back == 0 { 7 } else { back })
}

/// The `n`th weekday `wd` of a month (1 = the first; -1 = the last).
pub fn nth_weekday(y: i32, m: u32, wd: u32, n: i32) -> Option<NaiveDate> {
    if n < 0 {
        let last = last_day_of_month(y, m);
        return Some(weekday_before(last + Duration::days(1), wd));
    }
    let first = weekday_on_or_after(ymd(y, m, 1)?, wd);
    let date = first + Duration::days(7 * (n as i64 - 1));
    (date.month() == m).then_some(date)
}

/// The last day of month `m` of year `y`.
pub fn last_day_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).expect("first of a month exists") - Duration::days(1)
}

/// A month with no year ("by July"): its last day, in the next occurrence of
/// the month on or after `reference` (this month counts).
pub fn month_end_next(reference: NaiveDate, m: u32) -> NaiveDate {
    let y = if m >= reference.month() {
        reference.year()
    } else {
        reference.year() + 1
    };
    last_day_of_month(y, m)
}

/// `n` months after `date`, same day of the month, clamped to the month's end.
pub fn add_months(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    shift_months(date, n as i64)
}

/// `n` months after (or, negative, before) `date`, clamped to the month's end.
pub fn shift_months(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    let total = date.year() as i64 * 12 + date.month0() as i64 + n;
    if total < 0 {
        return None;
    }
    let (y, m) = ((total / 12) as i32, (total % 12) as u32 + 1);
    let last = last_day_of_month(y, m).day();
    ymd(y, m, date.day().min(last))
}

/// `n` working days (Monday to Friday) after `date`. Bank holidays are not
/// known here, so they count as working days.
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// A unit of time named in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A calendar day.
    Day,
    /// A working day, Monday to Friday.
    WorkDay,
    /// Seven days.
    Week,
    /// Fourteen days.
    Fortnight,
    /// A calendar month, clamped to the month's end.
    Month,
    /// A calendar year.
    Year,
    /// An hour: too short to give a date.
    Hour,
    /// A school term: no calendar length.
    Term,
    /// Three months.
    Quarter,
}

impl Unit {
    /// The unit a time lexicon's `value` names (`"week"`, `"workday"` ...).
    pub fn parse(value: &str) -> Option<Unit> {
        Some(match value {
            "day" => Unit::Day,
            "workday" => Unit::WorkDay,
            "week" => Unit::Week,
            "fortnight" => Unit::Fortnight,
            "month" => Unit::Month,
            "year" => Unit::Year,
            "hour" => Unit::Hour,
            "term" => Unit::Term,
            "quarter" => Unit::Quarter,
            _ => return None,
        })
    }
}

/// The deadline `n` units after `reference`. Hours give no calendar date;
/// nor do terms, whose dates differ between schools.
pub fn add(reference: NaiveDate, n: u32, unit: Unit) -> Option<NaiveDate> {
    shift(reference, n as i64, unit)
}

/// The date `n` units after (or, negative, before) `reference`.
pub fn shift(reference: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    if n.abs() > 1000 {
        return None;
    }
    Some(match unit {
        Unit::Day => reference + Duration::days(n),
        Unit::WorkDay if n >= 0 => add_working_days(reference, n as u32),
        Unit::WorkDay => return None,
        Unit::Week => reference + Duration::days(7 * n),
        Unit::Fortnight => reference + Duration::days(14 * n),
        Unit::Month => shift_months(reference, n)?,
        Unit::Quarter => shift_months(reference, 3 * n)?,
        Unit::Year => shift_months(reference, 12 * n)?,
        Unit::Hour | Unit::Term => return None,
    })
}

/// A date as the output writes it: 2021-07-23, as chrono's `%Y-%m-%d`
/// writes it; written by hand, for chrono reads the format string anew at
/// every call, twice a timescale (issue 17).
pub fn iso(date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&y) {
        return date.format("%Y-%m-%d").to_string();
    }
    let mut out = String::with_capacity(10);
    push_digits(&mut out, y as u32, 4);
    out.push('-');
    push_digits(&mut out, m, 2);
    out.push('-');
    push_digits(&mut out, d, 2);
    out
}

/// A date as a practitioner writes it: 30/04/2026, as chrono's `%d/%m/%Y`
/// writes it (see [`iso`]).
pub fn dmy(date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&y) {
        return date.format("%d/%m/%Y").to_string();
    }
    let mut out = String::with_capacity(10);
    push_digits(&mut out, d, 2);
    out.push('/');
    push_digits(&mut out, m, 2);
    out.push('/');
    push_digits(&mut out, y as u32, 4);
    out
}

/// Writes the last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written formats agree with chrono's for every day of years
    /// from the first to the last four-digit one, and beyond them.
    #[test]
    fn iso_and_dmy_write_dates_as_chrono_does() {
        let mut date = d("1899-12-25");
        while date < d("2201-01-07") {
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(dmy(date), date.format("%d/%m/%Y").to_string());
            date = date.succ_opt().unwrap();
        }
        for date in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            d("0000-01-01"),
            d("0009-03-04"),
            d("0999-12-31"),
            d("9999-12-31"),
            ymd(10000, 1, 1).unwrap(),
            ymd(-1, 12, 31).unwrap(),
        ] {
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(dmy(date), date.format("%d/%m/%Y").to_string());
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(d("2025-01-31"), 1), Some(d("2025-02-28")));
        assert_eq!(add_months(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(add_months(d("2025-11-15"), 3), Some(d("2026-02-15")));
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday + 1 working day is Monday.
        assert_eq!(add_working_days(d("2024-02-16"), 1), d("2024-02-19"));
        assert_eq!(add_working_days(d("2024-02-16"), 10), d("2024-03-01"));
    }

    #[test]
    fn dates_as_users_and_exports_write_them() {
        let cases = [
            ("2021-07-23", Some("2021-07-23")),
            ("2021-07-23 00:00:00", Some("2021-07-23")),
            ("2024-02-29T09:00", Some("2024-02-29")),
            ("23/07/2021", Some("2021-07-23")),
            ("23/7/21", Some("2021-07-23")),
            ("23-07-21", Some("2021-07-23")),
            ("23.07.2021", Some("2021-07-23")),
            ("5.3.25", Some("2025-03-05")),
            ("  01/12/2026 ", Some("2026-12-01")),
            // two-digit years are this century's, whatever the digits
            ("01/01/99", Some("2099-01-01")),
            ("31/06/2025", None),
            ("29/02/2025", None),
            ("2025-13-01", None),
            ("12/ab/2024", None),
            ("2024-1-5", Some("2024-01-05")),
            ("5 Jan", None),
            ("", None),
            ("23/07/2021/1", None),
            ("123/07/2021", None),
            ("23/07/20211", None),
        ];
        for (text, want) in cases {
            assert_eq!(read_date(text), want.map(d), "{text:?}");
        }
        assert!(parse_date_arg("tomorrow").unwrap_err().contains("30/04/2026"));
    }

    #[test]
    fn a_day_with_no_year_takes_its_next_occurrence() {
        assert_eq!(next_occurrence(d("2025-03-10"), 3, 10), Some(d("2025-03-10")));
        assert_eq!(next_occurrence(d("2025-03-10"), 1, 15), Some(d("2026-01-15")));
        assert_eq!(next_occurrence(d("2025-03-10"), 2, 29), Some(d("2028-02-29")));
        assert_eq!(next_occurrence(d("2025-03-10"), 6, 31), None);
    }
}
