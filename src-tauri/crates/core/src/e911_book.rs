//! Each account's E911 settings (strategy, E911 DIDs with the address the carrier holds, test number):
//! `e911.json` in the config directory, keyed by account id. Entered by hand or pushed by IT until carrier sync
//! fills it. A bad file or a bad entry is refused field by field and the settings in force stay as they were.

use crate::config::write_file;
use crate::{CoreError, FieldError, LocusPaths};
use locus_emergency::E911Settings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file's content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct E911Book {
    /// Settings per account id.
    #[serde(default)]
    pub accounts: BTreeMap<String, E911Settings>,
}

impl E911Book {
    /// Where the settings live.
    pub fn file(paths: &LocusPaths) -> PathBuf {
        paths.config_dir.join("e911.json")
    }

    /// Reads the settings; none yet is an empty book. Every problem names its field (`accounts.work.dids[0].number`).
    pub fn load(paths: &LocusPaths) -> Result<Self, CoreError> {
        crate::json_file::read_checked(&Self::file(paths), Self::problems)
    }

    /// Sets one account's settings and writes the file; invalid settings change nothing.
    pub fn set(paths: &LocusPaths, account_id: &str, settings: E911Settings) -> Result<Self, CoreError> {
        let mut book = Self::load(paths)?;
        book.accounts.insert(account_id.to_owned(), settings);
        let errors = book.problems();
        if !errors.is_empty() {
            return Err(CoreError::ConfigInvalid { path: Self::file(paths).display().to_string(), errors });
        }
        let text = serde_json::to_string_pretty(&book).map_err(|e| CoreError::Internal(e.to_string()))?;
        paths.create_all()?;
        write_file(&Self::file(paths), &text)?;
        Ok(book)
    }

    fn problems(&self) -> Vec<FieldError> {
        self.accounts
            .iter()
            .flat_map(|(id, settings)| {
                settings
                    .problems()
                    .into_iter()
                    .map(move |p| FieldError { field: format!("accounts.{id}.{}", p.field), message: p.message })
            })
            .collect()
    }
}
