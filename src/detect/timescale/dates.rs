//! Calendar arithmetic for deadlines: day-first dates, dates with no year,
//! bounded relative times ("within 10 working days"), ends of months.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A two-digit year is this century's.
pub fn full_year(y: u32, digits: usize) -> Option<i32> {
    match digits {
        2 => Some(2000 + y as i32),
        4 if (1900..=2199).contains(&y) => Some(y as i32),
        _ => None,
    }
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
    let total = date.year() as i64 * 12 + date.month0() as i64 + n as i64;
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
    Day,
    WorkDay,
    Week,
    Fortnight,
    Month,
    Year,
    Hour,
}

impl Unit {
    pub fn parse(value: &str) -> Option<Unit> {
        Some(match value {
            "day" => Unit::Day,
            "workday" => Unit::WorkDay,
            "week" => Unit::Week,
            "fortnight" => Unit::Fortnight,
            "month" => Unit::Month,
            "year" => Unit::Year,
            "hour" => Unit::Hour,
            _ => return None,
        })
    }
}

/// The deadline `n` units after `reference`. Hours give the reference day
/// itself only when they stay within it; otherwise no calendar date.
pub fn add(reference: NaiveDate, n: u32, unit: Unit) -> Option<NaiveDate> {
    if n > 1000 {
        return None;
    }
    Some(match unit {
        Unit::Day => reference + Duration::days(n as i64),
        Unit::WorkDay => add_working_days(reference, n),
        Unit::Week => reference + Duration::days(7 * n as i64),
        Unit::Fortnight => reference + Duration::days(14 * n as i64),
        Unit::Month => add_months(reference, n)?,
        Unit::Year => add_months(reference, 12 * n)?,
        Unit::Hour => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_day_with_no_year_takes_its_next_occurrence() {
        assert_eq!(next_occurrence(d("2025-03-10"), 3, 10), Some(d("2025-03-10")));
        assert_eq!(next_occurrence(d("2025-03-10"), 1, 15), Some(d("2026-01-15")));
        assert_eq!(next_occurrence(d("2025-03-10"), 2, 29), Some(d("2028-02-29")));
        assert_eq!(next_occurrence(d("2025-03-10"), 6, 31), None);
    }
}
