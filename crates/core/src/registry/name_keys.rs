//! Filing everyone under the blocking keys of today's code: a database made
//! by an older version is re-keyed once, at start, in batches.

use crate::app::App;
use crate::error::Result;
use crate::registry::people::blocking_keys;

/// The version of [`blocking_keys`]; raise it whenever the keys a name
/// gives change, so that databases filed under older keys are filed again.
pub const NAME_KEYS_VERSION: i32 = 2;

/// People re-keyed per transaction.
const BATCH: u32 = 2000;

impl App {
    /// Files every person under today's blocking keys when the database
    /// was filed under older ones; gives how many people were re-keyed
    /// (0 when nothing was to do). Safe to interrupt: a later start does it
    /// again.
    pub async fn rekey_people(&self) -> Result<u64> {
        if self.store.name_keys_version().await? >= NAME_KEYS_VERSION {
            return Ok(0);
        }
        let mut after = None;
        let mut done = 0u64;
        loop {
            let batch = self.store.names_after(after, BATCH).await?;
            let last = batch.len() < BATCH as usize;
            after = batch.last().map(|p| p.id);
            let keyed: Vec<_> = batch
                .into_iter()
                .map(|p| {
                    let keys = blocking_keys(&p.full_name, &p.other_names);
                    (p.id, p.district_code, keys)
                })
                .collect();
            done += keyed.len() as u64;
            self.store.replace_name_keys(&keyed, last.then_some(NAME_KEYS_VERSION)).await?;
            if last {
                return Ok(done);
            }
        }
    }
}
