//! Every way a plan names a time (issue 20, and the timescales of issue 15):
//! one table, each row a statement, the span the detector must find, its
//! kind and the date it resolves to against a stated reference date.
//!
//! Most rows use 12 February 2013, a Tuesday, as issue 20 does. Kinds:
//! `deadline`, `frequency`, `vague`; `none` means the record holds no
//! timescale: in a concern a past or present time (the detector still finds
//! the span, marked `past`), or words that are no time at all (span "").
//! An ambiguous form names its other reading in the last column, and each
//! side of an ambiguity has a row of its own.

mod common;

use common::{analyser, iso as day};
use smartplan::{Context, Reference};

/// The reference date of issue 20: a Tuesday.
const TUE: &str = "2013-02-12";

/// (reference date, statement, span, kind, date or "", other date or "").
#[rustfmt::skip]
const TABLE: &[(&str, &str, &str, &str, &str, &str)] = &[
    // ---- weekdays: bare, abbreviated, with on/by/this/next/last/after next
    (TUE, "SW to visit by Friday", "by Friday", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit on Monday", "on Monday", "deadline", "2013-02-18", ""),
    // Said on a Tuesday, "on Tuesday" is today or a week today.
    (TUE, "SW to visit on Tuesday", "on Tuesday", "deadline", "2013-02-12", "2013-02-19"),
    (TUE, "SW to visit by next Tuesday", "by next Tuesday", "deadline", "2013-02-19", ""),
    // "next Friday" early in a week: this week's, or next week's.
    (TUE, "SW to visit next Friday", "next Friday", "deadline", "2013-02-15", "2013-02-22"),
    (TUE, "SW to visit next Monday", "next Monday", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit this Friday", "this Friday", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit this coming Friday", "this coming Friday", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit the following Monday", "the following Monday", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit Friday after next", "Friday after next", "deadline", "2013-02-22", "2013-03-01"),
    (TUE, "SW to visit Wednesday of next week", "Wednesday of next week", "deadline", "2013-02-20", ""),
    (TUE, "SW to visit Wednesday next week", "Wednesday next week", "deadline", "2013-02-20", ""),
    (TUE, "SW to visit Thursday of this week", "Thursday of this week", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit Friday week", "Friday week", "deadline", "2013-02-22", ""),
    (TUE, "SW to visit a week on Friday", "a week on Friday", "deadline", "2013-02-22", ""),
    (TUE, "SW to visit on Mon", "on Mon", "deadline", "2013-02-18", ""),
    (TUE, "Mum to ring the GP on Tues", "on Tues", "deadline", "2013-02-12", "2013-02-19"),
    (TUE, "SW to visit on Thurs.", "on Thurs", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit by Fri", "by Fri", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit Wed", "Wed", "deadline", "2013-02-13", ""),
    (TUE, "SW to visit on Saturday", "on Saturday", "deadline", "2013-02-16", ""),
    (TUE, "SW to visit Sunday", "Sunday", "deadline", "2013-02-17", ""),
    (TUE, "On Monday Mum will take Ava to the dentist", "On Monday", "deadline", "2013-02-18", ""),
    // A time of day after a day does not break the span.
    (TUE, "SW to visit next Monday 9am", "next Monday 9am", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit on Friday at 3pm", "on Friday at 3pm", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit at 3pm on Friday", "at 3pm on Friday", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit Monday morning", "Monday morning", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit tomorrow at 10:30am", "tomorrow at 10:30am", "deadline", "2013-02-13", ""),
    (TUE, "SW to visit Thursday afternoon", "Thursday afternoon", "deadline", "2013-02-14", ""),
    (TUE, "SW to ring Mum at 10am tomorrow", "at 10am tomorrow", "deadline", "2013-02-13", ""),
    // "last" is the last one before today; early in a week maybe last week's.
    (TUE, "SW to visit last Tuesday", "last Tuesday", "deadline", "2013-02-05", ""),
    (TUE, "SW to visit last Monday", "last Monday", "deadline", "2013-02-11", "2013-02-04"),
    // The weekend ends on Sunday.
    (TUE, "SW to visit this weekend", "this weekend", "deadline", "2013-02-17", ""),
    (TUE, "SW to visit next weekend", "next weekend", "deadline", "2013-02-24", ""),
    (TUE, "Dad to fix the door by the weekend", "by the weekend", "deadline", "2013-02-17", ""),
    (TUE, "Dad to take Ava swimming at the weekend", "at the weekend", "deadline", "2013-02-17", ""),
    (TUE, "Dad to decorate the bedroom over the weekend", "over the weekend", "deadline", "2013-02-17", ""),
    // Week commencing: the date named starts the week; "the week of" holds it.
    (TUE, "SW to visit w/c Monday", "w/c Monday", "deadline", "2013-02-18", ""),
    (TUE, "Sessions to start w/c 18th February", "w/c 18th February", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit the week of 20 February", "the week of 20 February", "deadline", "2013-02-18", ""),
    (TUE, "Review in the week commencing 4 March", "the week commencing 4 March", "deadline", "2013-03-04", ""),
    (TUE, "Sessions starting w/c 4th March", "starting w/c 4th March", "deadline", "2013-03-04", ""),

    // ---- days named from today, and counts from a day
    (TUE, "SW to visit tomorrow", "tomorrow", "deadline", "2013-02-13", ""),
    (TUE, "SW to visit today", "today", "deadline", "2013-02-12", ""),
    (TUE, "SW to ring Mum tonight", "tonight", "deadline", "2013-02-12", ""),
    (TUE, "SW to visit the day after tomorrow", "the day after tomorrow", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit by the day after tomorrow", "by the day after tomorrow", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit tmrw", "tmrw", "deadline", "2013-02-13", ""),
    (TUE, "SW to call Mum by the end of today", "by the end of today", "deadline", "2013-02-12", ""),
    (TUE, "SW to send the letter by the end of the day", "by the end of the day", "deadline", "2013-02-12", ""),
    (TUE, "SW to visit a fortnight today", "a fortnight today", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit a week today", "a week today", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit a week tomorrow", "a week tomorrow", "deadline", "2013-02-20", ""),
    (TUE, "SW to visit in 3 days", "in 3 days", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit in three days", "in three days", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit within 2 days", "within 2 days", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit 3 weeks from now", "3 weeks from now", "deadline", "2013-03-05", ""),
    (TUE, "SW to visit two weeks from today", "two weeks from today", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit a week from tomorrow", "a week from tomorrow", "deadline", "2013-02-20", ""),
    (TUE, "SW to visit a week from Friday", "a week from Friday", "deadline", "2013-02-22", ""),
    (TUE, "SW to visit in a week", "in a week", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit in a fortnight", "in a fortnight", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit in 2 weeks' time", "in 2 weeks' time", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit in a week's time", "in a week's time", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit within 10 working days", "within 10 working days", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit within the next 7 days", "within the next 7 days", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit in a couple of weeks", "in a couple of weeks", "deadline", "2013-02-26", ""),
    (TUE, "SW to visit in twenty-one days", "in twenty-one days", "deadline", "2013-03-05", ""),
    (TUE, "SW to visit within 6 weeks", "within 6 weeks", "deadline", "2013-03-26", ""),
    (TUE, "SW to visit in 2 months", "in 2 months", "deadline", "2013-04-12", ""),
    (TUE, "Review after 3 months", "after 3 months", "deadline", "2013-05-12", ""),
    (TUE, "Complete my GED by this time next year", "by this time next year", "deadline", "2014-02-12", ""),
    (TUE, "Mum to stop drinking from today", "from today", "deadline", "2013-02-12", ""),
    (TUE, "Family time starts a week from today", "a week from today", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit in a few days", "in a few days", "deadline", "", ""),

    // ---- past and present time: a deadline already missed in a commitment
    (TUE, "SW to visit 5 days ago", "5 days ago", "deadline", "2013-02-07", ""),
    (TUE, "SW to visit yesterday", "yesterday", "deadline", "2013-02-11", ""),
    (TUE, "SW to visit the day before yesterday", "the day before yesterday", "deadline", "2013-02-10", ""),
    (TUE, "SW to visit a week ago", "a week ago", "deadline", "2013-02-05", ""),
    // … and no plan timescale in a concern.
    (TUE, "We are worried that Ava was left alone yesterday", "yesterday", "none", "2013-02-11", ""),
    (TUE, "We are worried because Mum was drunk 5 days ago", "5 days ago", "none", "2013-02-07", ""),
    (TUE, "We are worried that the police were called two weeks ago", "two weeks ago", "none", "2013-01-29", ""),
    (TUE, "We are worried that Dad hit Mum last Monday", "last Monday", "none", "2013-02-11", "2013-02-04"),
    (TUE, "We are worried that Ava missed school last week", "last week", "none", "2013-02-10", ""),
    (TUE, "We are worried that attendance dropped last month", "last month", "none", "2013-01-31", ""),
    (TUE, "There have been 4 police call-outs to the home in the past 12 months", "in the past 12 months", "none", "", ""),
    (TUE, "Over the last 6 months Reece has been arrested three times", "Over the last 6 months", "none", "", ""),
    (TUE, "We are worried that Mum has been drinking heavily this week", "this week", "none", "2013-02-17", ""),
    (TUE, "We are worried because Dad drinks most evenings", "most evenings", "none", "", ""),
    (TUE, "There have been 4 police call-outs to the home since January", "", "none", "", ""),

    // ---- weeks and months from today, and parts of them
    (TUE, "SW to visit next week", "next week", "deadline", "2013-02-24", ""),
    (TUE, "SW to visit this week", "this week", "deadline", "2013-02-17", ""),
    (TUE, "SW to visit by the end of the week", "by the end of the week", "deadline", "2013-02-17", ""),
    (TUE, "SW to visit by the end of next week", "by the end of next week", "deadline", "2013-02-24", ""),
    (TUE, "SW to visit end of next week", "end of next week", "deadline", "2013-02-24", ""),
    (TUE, "SW to visit the week after next", "the week after next", "deadline", "2013-03-03", ""),
    (TUE, "SW to visit the following week", "the following week", "deadline", "2013-02-24", ""),
    (TUE, "SW to visit next month", "next month", "deadline", "2013-03-31", ""),
    (TUE, "SW to visit this month", "this month", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit by the end of the month", "by the end of the month", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit end of the month", "end of the month", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit by the end of next month", "by the end of next month", "deadline", "2013-03-31", ""),
    (TUE, "SW to visit at the start of next month", "at the start of next month", "deadline", "2013-03-01", ""),
    (TUE, "SW to visit by the start of next month", "by the start of next month", "deadline", "2013-03-01", ""),
    (TUE, "SW to visit by the beginning of March", "by the beginning of March", "deadline", "2013-03-01", ""),
    (TUE, "SW to visit by the end of March", "by the end of March", "deadline", "2013-03-31", ""),
    (TUE, "SW to visit the month after next", "the month after next", "deadline", "2013-04-30", ""),
    (TUE, "SW to visit by mid-March", "by mid-March", "deadline", "2013-03-15", ""),
    (TUE, "SW to visit in mid March", "in mid March", "deadline", "2013-03-15", ""),
    (TUE, "SW to visit later this week", "later this week", "deadline", "2013-02-17", ""),
    (TUE, "SW to visit later today", "later today", "deadline", "2013-02-12", ""),
    (TUE, "SW to visit by early March", "by early March", "deadline", "", ""),

    // ---- a day of the month
    (TUE, "SW to visit by the 15th", "by the 15th", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit on the 28th", "on the 28th", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit on the 5th", "on the 5th", "deadline", "2013-03-05", ""),
    (TUE, "SW to visit by the 20th of next month", "by the 20th of next month", "deadline", "2013-03-20", ""),
    (TUE, "SW to visit the 20th of next month", "the 20th of next month", "deadline", "2013-03-20", ""),
    (TUE, "SW to visit on the 3rd of this month", "on the 3rd of this month", "deadline", "2013-02-03", ""),
    (TUE, "SW to visit by Friday 15th", "by Friday 15th", "deadline", "2013-02-15", ""),
    // The 14th is a Thursday this month and next: which was meant? No date.
    (TUE, "SW to visit by Friday 14th", "by Friday 14th", "deadline", "", ""),
    (TUE, "SW to visit on Tuesday the 19th", "on Tuesday the 19th", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit the first Monday of March", "the first Monday of March", "deadline", "2013-03-04", ""),
    (TUE, "SW to visit by the last Friday in October", "by the last Friday in October", "deadline", "2013-10-25", ""),
    (TUE, "SW to visit by the last day of February", "by the last day of February", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit on the first Monday of next month", "on the first Monday of next month", "deadline", "2013-03-04", ""),
    (TUE, "SW to visit by the second Tuesday of March", "by the second Tuesday of March", "deadline", "2013-03-12", ""),
    (TUE, "Dad to attend by the first week of March", "by the first week of March", "deadline", "", ""),

    // ---- month and day in either order, with or without a weekday
    (TUE, "SW to visit on 15 February", "on 15 February", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit February 15", "February 15", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit Feb 15th", "Feb 15th", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit the fifteenth of February", "the fifteenth of February", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit on the 15th of February", "on the 15th of February", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit on February the 15th", "on February the 15th", "deadline", "2013-02-15", ""),
    (TUE, "SW to visit on Mon, 18 Feb", "on Mon, 18 Feb", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit Monday 18th February", "Monday 18th February", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit on Monday, February 18", "on Monday, February 18", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit Sat, 12 Oct", "Sat, 12 Oct", "deadline", "2013-10-12", ""),
    (TUE, "SW to visit on the 3rd of July", "on the 3rd of July", "deadline", "2013-07-03", ""),
    (TUE, "SW to visit by 3rd March 2014", "by 3rd March 2014", "deadline", "2014-03-03", ""),
    (TUE, "SW to visit by 23.7.13", "by 23.7.13", "deadline", "2013-07-23", ""),
    (TUE, "SW to visit by 23/07/2013", "by 23/07/2013", "deadline", "2013-07-23", ""),
    (TUE, "SW to visit by 14april 2013", "by 14april 2013", "deadline", "2013-04-14", ""),
    (TUE, "SW to visit by March 3, 2014", "by March 3, 2014", "deadline", "2014-03-03", ""),
    (TUE, "SW to visit on Christmas Day", "on Christmas Day", "deadline", "2013-12-25", ""),
    (TUE, "SW to visit by New Year's Eve", "by New Year's Eve", "deadline", "2013-12-31", ""),
    // A day and month alone, after an anchor; a US date only when day-first is impossible.
    (TUE, "SW to visit by 30.6", "by 30.6", "deadline", "2013-06-30", ""),
    (TUE, "Review meeting with Shannon on 4/6", "on 4/6", "deadline", "2013-06-04", ""),
    (TUE, "SW to visit by 28.2", "by 28.2", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit by 3/15/13", "by 3/15/13", "deadline", "2013-03-15", ""),
    // A date with no year just past stays past (a missed deadline) …
    (TUE, "SW to visit by 10 February", "by 10 February", "deadline", "2013-02-10", "2014-02-10"),
    (TUE, "SW to visit by 14 Jan", "by 14 Jan", "deadline", "2013-01-14", "2014-01-14"),
    (TUE, "SW to visit in January", "in January", "deadline", "2013-01-31", "2014-01-31"),
    // … one long past is next year's.
    ("2025-11-03", "PA to send the form by 31st January", "by 31st January", "deadline", "2026-01-31", ""),
    ("2025-10-13", "Sophie will pass Level 2 maths in May", "in May", "deadline", "2026-05-31", ""),
    (TUE, "SW to visit by 31 March", "by 31 March", "deadline", "2013-03-31", ""),
    (TUE, "SW to visit by 14 Dec", "by 14 Dec", "deadline", "2013-12-14", ""),
    // Two months back is next year's.
    (TUE, "SW to visit by 10 December", "by 10 December", "deadline", "2013-12-10", ""),

    // ---- "Feb 18", "July 16": a day, or a two-digit year? Each side.
    // Year 2018 is beyond a plan's horizon from 2013: the 18th.
    (TUE, "SW to visit by Feb 18", "by Feb 18", "deadline", "2013-02-18", ""),
    // Written in 2015, "July 16" is July 2016 (DOMAIN's trap); maybe the 16th.
    ("2015-02-01", "By July 16 Sam will be in school", "By July 16", "deadline", "2016-07-31", "2015-07-16"),
    // Written in 2013, 2016 is beyond the horizon: the 16th.
    (TUE, "SW to visit by July 16", "by July 16", "deadline", "2013-07-16", ""),
    // Same month either way: the month's end, or the 25th.
    ("2025-01-13", "SW to visit by June 25", "by June 25", "deadline", "2025-06-30", "2025-06-25"),
    // The day is two days away: a deadline weeks ahead beats one a year on.
    (TUE, "SW to visit by Feb 14", "by Feb 14", "deadline", "2013-02-14", "2014-02-28"),
    (TUE, "SW to visit by Feb 13", "by Feb 13", "deadline", "2013-02-13", "2013-02-28"),
    (TUE, "SW to visit by Dec 14", "by Dec 14", "deadline", "2014-12-31", "2013-12-14"),
    // An ordinal, or a weekday before it, is always a day.
    ("2015-02-01", "SW to visit by July 16th", "by July 16th", "deadline", "2015-07-16", ""),
    (TUE, "SW to visit on Wed, Feb 13", "on Wed, Feb 13", "deadline", "2013-02-13", ""),
    ("2025-02-01", "Review by March 12", "by March 12", "deadline", "2025-03-12", ""),

    // ---- months, seasons, school periods (no date where schools differ)
    (TUE, "Sophie will pass maths in May", "in May", "deadline", "2013-05-31", ""),
    (TUE, "SW to visit by March", "by March", "deadline", "2013-03-31", ""),
    (TUE, "SW to visit next March", "next March", "deadline", "2013-03-31", ""),
    (TUE, "Move to the new flat by Jan 2014", "by Jan 2014", "deadline", "2014-01-31", ""),
    (TUE, "Alfie will move to a mainstream school in summer 2014", "in summer 2014", "deadline", "", ""),
    (TUE, "Mum will stop using drugs by the summer", "by the summer", "deadline", "", ""),
    (TUE, "Josh to go to holiday club over the summer holidays", "over the summer holidays", "deadline", "", ""),
    (TUE, "Joe to read fluently by the end of Year 6", "by the end of Year 6", "deadline", "", ""),
    (TUE, "By the end of Y9, Idris will count change", "By the end of Y9", "deadline", "", ""),
    (TUE, "Jonah will hold a Level 1 qualification by the end of KS5", "by the end of KS5", "deadline", "", ""),
    (TUE, "Before Key Stage 5 finishes, Aisha will hold a Grade 4", "Before Key Stage 5 finishes", "deadline", "", ""),
    (TUE, "This academic year, Kofi will join one club", "This academic year", "deadline", "", ""),
    (TUE, "Reading age to rise by half term", "by half term", "deadline", "", ""),
    (TUE, "Attendance to reach 95% by Xmas", "by Xmas", "deadline", "", ""),
    (TUE, "Attendance at 95% by the end of the spring term", "by the end of the spring term", "deadline", "", ""),
    (TUE, "Independent travel training from Year 9", "from Year 9", "deadline", "", ""),
    (TUE, "Within the first 2 weeks of the autumn term, Ruby will find her lessons", "Within the first 2 weeks of the autumn term", "deadline", "", ""),
    (TUE, "Missing episodes halved over the autumn and spring terms", "over the autumn and spring terms", "deadline", "", ""),
    (TUE, "Housing officer to find Jodie a flat by the end of the quarter", "by the end of the quarter", "deadline", "", ""),
    (TUE, "Dad to find paid work in 2014", "in 2014", "deadline", "", ""),
    (TUE, "Joel will answer wh questions by the close of the IEP year", "by the close of the IEP year", "deadline", "", ""),
    (TUE, "Cut along a line by the end of the first grading period", "by the end of the first grading period", "deadline", "", ""),
    (TUE, "To revise for my end-of-term chemistry test", "end-of-term", "deadline", "", ""),

    // ---- windows and how long a service runs
    (TUE, "Proven reoffending cut by a third over the last 12 months", "over the last 12 months", "deadline", "", ""),
    (TUE, "No 999 calls from the household in the past 6 months", "in the past 6 months", "deadline", "", ""),
    (TUE, "Reading age up by 12 months over 3 terms", "over 3 terms", "deadline", "", ""),
    (TUE, "1:1 support for 20 hours a week from a TA, for 3 terms", "for 3 terms", "deadline", "", ""),
    (TUE, "Tutor to teach Chloe for 3 terms/12 months", "for 3 terms/12 months", "deadline", "", ""),
    (TUE, "OT sessions once a week for 6 weeks", "for 6 weeks", "deadline", "", ""),
    (TUE, "CAMHS to see Leo fortnightly for the next 3 months", "for the next 3 months", "deadline", "2013-05-12", ""),
    (TUE, "SW to review the plan over the next 3 months", "over the next 3 months", "deadline", "2013-05-12", ""),
    (TUE, "We will pay your insurance for the first 12 months of your tenancy", "for the first 12 months of your tenancy", "deadline", "", ""),
    (TUE, "Voluntary support offered for 3 months afterwards", "for 3 months afterwards", "deadline", "", ""),
    // How long a behaviour is kept up is a measure, not a timescale.
    (TUE, "Kayleigh will have no rent arrears for 3 months in a row", "", "none", "", ""),
    (TUE, "Ella will have no episodes of self-harm for 8 weeks", "", "none", "", ""),

    // ---- life events and plan events
    (TUE, "Tomasz hopes to pass his theory test before he finishes college", "before he finishes college", "deadline", "", ""),
    (TUE, "The twins will walk to the bus stop alone before they start secondary school", "before they start secondary school", "deadline", "", ""),
    (TUE, "The leaving care service will provide a PA until YP turns 21", "until YP turns 21", "deadline", "", ""),
    (TUE, "I would like to live near my sister when I leave care", "when I leave care", "deadline", "", ""),
    (TUE, "Perinatal team to see Mum until the baby is 6 months old", "until the baby is 6 months old", "deadline", "", ""),
    (TUE, "Nurse to dress the ulcer until it has healed", "until it has healed", "deadline", "", ""),
    (TUE, "Council to pay the rent until the case closes", "until the case closes", "deadline", "", ""),
    (TUE, "After leaving high school, Sam will cook his own meals", "After leaving high school", "deadline", "", ""),
    (TUE, "One month after conviction, the worker will complete an Asset", "One month after conviction", "deadline", "", ""),
    (TUE, "Temperature below 37.5C by day 5 after surgery", "by day 5 after surgery", "deadline", "", ""),
    (TUE, "CAMHS to see Leon within 6 weeks of the referral", "within 6 weeks of the referral", "deadline", "", ""),
    (TUE, "Plan written within 15 working days of the Order being made", "within 15 working days of the Order being made", "deadline", "", ""),
    (TUE, "Dad to finish the course by the next core group", "by the next core group", "deadline", "", ""),
    (TUE, "Kyle's score will fall by his next review", "by his next review", "deadline", "", ""),
    (TUE, "YP to get the book by their 16th birthday at the latest", "by their 16th birthday at the latest", "deadline", "", ""),
    (TUE, "By the next annual review date, Ruby will write a paragraph", "By the next annual review date", "deadline", "", ""),
    (TUE, "Student reads 110 words a minute by the year-end benchmark", "by the year-end benchmark", "deadline", "", ""),
    (TUE, "CSC to put extra help in place by (date)", "by (date)", "deadline", "", ""),
    (TUE, "Ava will be registered with a dentist by [date]", "by [date]", "deadline", "", ""),
    (TUE, "This agreement is to be reviewed no later than (date)", "no later than (date)", "deadline", "", ""),
    (TUE, "By (the next annual IEP), the student will read 12 words", "By (the next annual IEP)", "deadline", "", ""),
    (TUE, "Targets will be discussed with Charlotte during the meeting", "during the meeting", "deadline", "", ""),
    (TUE, "Care package in place on discharge from hospital", "on discharge", "deadline", "", ""),
    // "when" with a condition is no time.
    (TUE, "Ava will use her calm box when she starts to feel upset", "", "none", "", ""),

    // ---- frequencies
    (TUE, "A trained member of staff to run a group, 3 sessions per week", "3 sessions per week", "frequency", "", ""),
    (TUE, "Ava to read with Mum each day", "each day", "frequency", "", ""),
    (TUE, "Mrs Begum would like to get to the mosque on Fridays", "on Fridays", "frequency", "", ""),
    (TUE, "Dad to do a breath test b4 every visit with the children", "b4 every visit", "frequency", "", ""),
    (TUE, "Carer to read with Leo most evenings", "most evenings", "frequency", "", ""),
    (TUE, "Progress to be checked twice termly", "twice termly", "frequency", "", ""),
    (TUE, "Mum to attend every Tuesday and Thursday", "every Tuesday and Thursday", "frequency", "", ""),
    (TUE, "Home conditions checked at every visit", "at every visit", "frequency", "", ""),
    (TUE, "Ava will make 3 requests a day at snack time", "at snack time", "frequency", "", ""),
    (TUE, "Police to do a check every time Kara comes back from a missing episode", "every time Kara comes back from a missing episode", "frequency", "", ""),
    (TUE, "Breakfast club Monday to Friday", "Monday to Friday", "frequency", "", ""),
    (TUE, "Stays with Dad every other weekend", "every other weekend", "frequency", "", ""),
    (TUE, "Laptop on his desk at the start of every lesson", "at the start of every lesson", "frequency", "", ""),
    (TUE, "SENCO to send the map to Mum by the end of each half term", "by the end of each half term", "frequency", "", ""),
    (TUE, "You will be home by 10pm on weeknights", "by 10pm on weeknights", "frequency", "", ""),
    (TUE, "Jess is always cared for by a sober adult", "always", "frequency", "", ""),
    (TUE, "Cream applied twice a day", "twice a day", "frequency", "", ""),
    (TUE, "TAF meeting every 6-12 weeks to review the plan", "every 6-12 weeks", "frequency", "", ""),
    (TUE, "Ava to practise her reading 3x a week", "3x a week", "frequency", "", ""),
    (TUE, "SW to see the child alone on at least alternate visits", "on at least alternate visits", "frequency", "", ""),
    (TUE, "Staff to use Makaton with Ben throughout the school day", "throughout the school day", "frequency", "", ""),
    (TUE, "Nan to have the children after school on Mondays and Wednesdays", "after school on Mondays and Wednesdays", "frequency", "", ""),
    (TUE, "Reassess pressure areas each shift", "each shift", "frequency", "", ""),
    (TUE, "Reablement team to visit twice a day", "twice a day", "frequency", "", ""),

    // ---- vague time (a timescale and vague wording)
    (TUE, "Date of next review TBC", "TBC", "vague", "", ""),
    (TUE, "Contact suspended until further notice", "until further notice", "vague", "", ""),
    (TUE, "Dad to attend the course in due course", "in due course", "vague", "", ""),
    (TUE, "Daniel will go to his first appointment (as scheduled)", "as scheduled", "vague", "", ""),

    // ---- words that are no time at all
    (TUE, "May will collect the children from school", "", "none", "", ""),
    (TUE, "Mum may struggle to get up in the morning", "", "none", "", ""),
    (TUE, "Ava will use the strategy on 4/5 school days", "", "none", "", ""),
    (TUE, "His reading age rises from 6.5 to 7.5", "", "none", "", ""),
    (TUE, "Mr Hughes will rate his breathlessness at 4 or below", "", "none", "", ""),
    (TUE, "Mum and Dad to attend every core group meeting", "", "none", "", ""),
    (TUE, "Tom is in Year 6 and loves football", "", "none", "", ""),
    (TUE, "Leo's weight moves to the 9th centile", "", "none", "", ""),
    (TUE, "Ava goes to Monday club with her brother", "", "none", "", ""),
    (TUE, "Summer will walk to school with her brother", "", "none", "", ""),
    (TUE, "Dad sat with Ava in the sun", "", "none", "", ""),
    (TUE, "BMI to fall by 1.5 points", "", "none", "", ""),
    (TUE, "Student will meet the counselor to pick a course for next year's schedule", "", "none", "", ""),
    (TUE, "Mum to use the strategies from the course", "", "none", "", ""),
    (TUE, "Ava will be marked by teacher-recorded checks", "", "none", "", ""),

    // ---- the forms date parsers' suites use, placed in plan sentences
    (TUE, "SW to visit monday", "monday", "deadline", "2013-02-18", ""),
    (TUE, "SW to visit thu.", "thu", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit sat", "sat", "deadline", "2013-02-16", ""),
    (TUE, "She sat.", "", "none", "", ""),
    (TUE, "SW to visit wednesday after next", "wednesday after next", "deadline", "2013-02-20", "2013-02-27"),
    (TUE, "SW to visit sunday from last week", "sunday from last week", "deadline", "2013-02-10", ""),
    (TUE, "SW to visit last week's sunday", "last week's sunday", "deadline", "2013-02-10", ""),
    (TUE, "SW to visit Monday week", "Monday week", "deadline", "2013-02-25", ""),
    (TUE, "SW to visit thursday 3pm", "thursday 3pm", "deadline", "2013-02-14", ""),
    (TUE, "SW to visit next Tuesday 19th February", "next Tuesday 19th February", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit Sunday, Feb 10", "Sunday, Feb 10", "deadline", "2013-02-10", ""),
    (TUE, "SW to visit 20 of next month", "20 of next month", "deadline", "2013-03-20", ""),
    (TUE, "SW to visit 20th of the previous month", "20th of the previous month", "deadline", "2013-01-20", ""),
    (TUE, "SW to visit first tuesday of october", "first tuesday of october", "deadline", "2013-10-01", ""),
    (TUE, "SW to visit third day of october", "third day of october", "deadline", "2013-10-03", ""),
    (TUE, "SW to visit last Sunday of march 2014", "last Sunday of march 2014", "deadline", "2014-03-30", ""),
    (TUE, "SW to visit this morning", "this morning", "deadline", "2013-02-12", ""),
    (TUE, "SW to visit next 3 weeks", "next 3 weeks", "deadline", "2013-03-05", ""),
    (TUE, "SW to visit end of month", "end of month", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit the end of february", "the end of february", "deadline", "2013-02-28", ""),
    (TUE, "SW to visit the middle of next month", "the middle of next month", "deadline", "2013-03-15", ""),
    (TUE, "SW to visit a few days ago", "a few days ago", "deadline", "", ""),
    (TUE, "SW to visit 7 days hence", "7 days hence", "deadline", "2013-02-19", ""),
    (TUE, "SW to visit a year ago", "a year ago", "deadline", "2012-02-12", ""),
    (TUE, "SW to visit the 19th", "the 19th", "deadline", "2013-02-19", ""),
    (TUE, "Mia's weight will be between the 9th and 25th centile", "", "none", "", ""),
    (TUE, "SW to visit 10/31/2013", "10/31/2013", "deadline", "2013-10-31", ""),
    (TUE, "SW to visit october 2014", "october 2014", "deadline", "2014-10-31", ""),

    // ---- other reference dates
    ("2025-03-10", "SW to visit by Friday", "by Friday", "deadline", "2025-03-14", ""),
    ("2025-03-10", "SW to visit on Monday", "on Monday", "deadline", "2025-03-10", "2025-03-17"),
    ("2025-07-09", "Marcus and his PA will go through his plan next week", "next week", "deadline", "2025-07-20", ""),
    ("2024-11-20", "PA to visit Nadia tomorrow", "tomorrow", "deadline", "2024-11-21", ""),
    ("2024-06-05", "SW to send Sienna the plan this month", "this month", "deadline", "2024-06-30", ""),
    ("2024-12-28", "SW to visit next week", "next week", "deadline", "2025-01-05", ""),
    ("2024-12-28", "SW to visit next month", "next month", "deadline", "2025-01-31", ""),
    ("2024-12-28", "SW to visit in 3 days", "in 3 days", "deadline", "2024-12-31", ""),
    ("2024-12-28", "SW to visit by the end of next week", "by the end of next week", "deadline", "2025-01-05", ""),
    ("2024-02-26", "SW to visit by the last day of February", "by the last day of February", "deadline", "2024-02-29", ""),
    ("2025-03-31", "SW to visit by 30.6", "by 30.6", "deadline", "2025-06-30", ""),
    ("2025-05-20", "YOT worker to check the letter by 4/6", "by 4/6", "deadline", "2025-06-04", ""),
];

/// One time the detector finds: (text, kind, date, other date, past).
type Found = (String, String, Option<String>, Option<String>, bool);

fn detect(text: &str, as_of: &str) -> Vec<Found> {
    common::detected_times(text, day(as_of))
        .into_iter()
        .map(|t| (t.text, t.kind, t.date, t.other_date, t.past))
        .collect()
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

#[test]
fn every_row_of_the_table_finds_its_span_kind_and_date() {
    let mut failures = Vec::new();
    for &(as_of, text, span, kind, date, other) in TABLE {
        let found = detect(text, as_of);
        let record = analyser().analyse(text, &Context::new(Reference::given(day(as_of))));
        if kind == "none" {
            // No timescale in the record …
            if let Some(t) = record
                .timescales
                .iter()
                .find(|t| span.is_empty() || t.text == span)
            {
                failures.push(format!(
                    "{text:?} [{as_of}]: want no timescale, record has {:?}",
                    t.text
                ));
            }
            // … and, where the words are a time, the detector marks it past.
            if span.is_empty() {
                if let Some(f) = found.first() {
                    failures.push(format!("{text:?} [{as_of}]: want no time words, found {f:?}"));
                }
            } else {
                let want = (span.to_string(), opt(date), opt(other), true);
                if !found
                    .iter()
                    .any(|f| (f.0.clone(), f.2.clone(), f.3.clone(), f.4) == want)
                {
                    failures.push(format!("{text:?} [{as_of}]: want past {want:?}, found {found:?}"));
                }
            }
            continue;
        }
        let want = (span.to_string(), kind.to_string(), opt(date), opt(other));
        if !found
            .iter()
            .any(|f| (f.0.clone(), f.1.clone(), f.2.clone(), f.3.clone()) == want)
        {
            failures.push(format!("{text:?} [{as_of}]: want {want:?}, found {found:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_at_least_150_expressions() {
    assert!(TABLE.len() >= 150, "{} rows", TABLE.len());
}

#[test]
fn a_deadline_already_past_in_a_commitment_stays_a_deadline() {
    let ctx = Context::new(Reference::given(day(TUE)));
    let a = analyser().analyse("SW to visit Mum by 10 February", &ctx);
    assert_eq!(a.timescales.len(), 1);
    assert_eq!(a.timescales[0].date.as_deref(), Some("2013-02-10"));
}

#[test]
fn the_other_reading_reaches_the_record_only_when_there_is_one() {
    let ctx = Context::new(Reference::given(day("2015-02-01")));
    let a = analyser().analyse("By July 16 Sam will be in school", &ctx);
    let json = serde_json::to_value(&a.timescales[0]).unwrap();
    assert_eq!(json["date"], "2016-07-31");
    assert_eq!(json["other_date"], "2015-07-16");
    let a = analyser().analyse("Sam will be in school by 16 July 2015", &ctx);
    let json = serde_json::to_value(&a.timescales[0]).unwrap();
    assert!(json.get("other_date").is_none(), "{json}");
}

#[test]
fn a_time_word_with_a_wrong_value_is_refused_at_load() {
    use smartplan::lexicon::Lexicons;
    let bad = "category = \"time\"\n[[entry]]\nkind = \"weekday\"\nvalue = \"8\"\nterms = [\"caturday\"]\n";
    let err = Lexicons::with_overrides([("local.toml", bad)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("local.toml") && err.contains("7 (Sunday)"), "{err}");
    let bad =
        "category = \"time\"\n[[entry]]\nkind = \"anchor\"\nvalue = \"sometime\"\nterms = [\"whenever\"]\n";
    let err = Lexicons::with_overrides([("local.toml", bad)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("bound") && err.contains("sometime"), "{err}");
    // A good one loads, and the grammar reads it: a local word for "by".
    let good =
        "category = \"time\"\n[[entry]]\nkind = \"anchor\"\nvalue = \"bound\"\nterms = [\"latest by\"]\n";
    let lex = Lexicons::with_overrides([("local.toml", good)]).unwrap();
    let a = smartplan::Analyser::new(lex);
    let r = a.analyse(
        "Dad to ring latest by Friday",
        &Context::new(Reference::given(day(TUE))),
    );
    assert_eq!(r.timescales[0].text, "latest by Friday");
    assert_eq!(r.timescales[0].date.as_deref(), Some("2013-02-15"));
}
