//! The scheduled backups' names and which of them to keep: the newest `keep`
//! by the time in their names. Only names this module makes are ever
//! counted or deleted; any other file in the directory is left alone.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

const PREFIX: &str = "satuatap-";
const SUFFIX: &str = ".backup";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The name of the scheduled backup taken at `at`:
/// `satuatap-20261206T230000Z.backup` (UTC; names sort by time).
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// The time in a name [`file_name`] made; `None` for any other name.
pub fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    // Only the exact form (no other spelling of the same time).
    (file_name(at) == name).then_some(at)
}

/// Of `names` (a directory's files), the scheduled backups to delete so that
/// the newest `keep` remain, oldest first. With `keep` 0 nothing is deleted
/// (a setting that would delete every backup is taken as "keep all").
pub fn to_delete<S: AsRef<str>>(names: &[S], keep: usize) -> Vec<String> {
    if keep == 0 {
        return Vec::new();
    }
    let mut backups: Vec<(DateTime<Utc>, &str)> =
        names.iter().filter_map(|n| taken_at(n.as_ref()).map(|at| (at, n.as_ref()))).collect();
    backups.sort();
    let surplus = backups.len().saturating_sub(keep);
    backups.into_iter().take(surplus).map(|(_, n)| n.to_string()).collect()
}

/// When the next scheduled backup is due, given the directory's `names`: `every`
/// after the newest (now when there is none, or when the newest seems to lie
/// further ahead than `every`: a clock set back).
pub fn next_due<S: AsRef<str>>(names: &[S], every: Duration, now: DateTime<Utc>) -> DateTime<Utc> {
    let newest = names.iter().filter_map(|n| taken_at(n.as_ref())).max();
    match newest.and_then(|at| at.checked_add_signed(every)) {
        Some(due) if due <= now.checked_add_signed(every).unwrap_or(due) => due,
        _ => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-06 at `h`:00:`s` UTC.
    fn utc(h: i64, s: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::days(20793) + Duration::hours(h) + Duration::seconds(s)
    }

    #[test]
    fn names_carry_the_utc_time_and_read_back() {
        let at = utc(23, 5);
        assert_eq!(file_name(at), "satuatap-20261206T230005Z.backup");
        assert_eq!(taken_at(&file_name(at)), Some(at));
        for other in ["satuatap-20261206T230005Z.backup.partial", "notes.txt", "satuatap-2026.backup", "x.backup"] {
            assert_eq!(taken_at(other), None, "{other}");
        }
    }

    #[test]
    fn the_newest_k_are_kept_and_nothing_else_is_touched() {
        let at = |h: i64| file_name(utc(h, 0));
        let names = vec![at(5), "README".to_string(), at(1), at(3), at(2), at(4), format!("{}.partial", at(6))];
        assert_eq!(to_delete(&names, 3), [at(1), at(2)]);
        assert_eq!(to_delete(&names, 5), Vec::<String>::new());
        assert_eq!(to_delete(&names, 9), Vec::<String>::new());
        assert_eq!(to_delete(&names, 1), [at(1), at(2), at(3), at(4)]);
        assert_eq!(to_delete(&names, 0), Vec::<String>::new(), "0 keeps all");
        assert_eq!(to_delete::<String>(&[], 2), Vec::<String>::new());
    }

    #[test]
    fn the_next_backup_is_due_every_after_the_newest_or_now() {
        let t = |h: i64| utc(h, 0);
        let every = Duration::hours(6);
        assert_eq!(next_due::<String>(&[], every, t(12)), t(12), "none yet: now");
        let names = [file_name(t(2)), file_name(t(8)), "other".to_string()];
        assert_eq!(next_due(&names, every, t(9)), t(14));
        assert_eq!(next_due(&names, every, t(20)), t(14), "overdue: at once");
        let ahead = [file_name(t(23))];
        assert_eq!(next_due(&ahead, every, t(9)), t(9), "a clock set back: now");
    }
}
