//! Where Locus keeps its files. `LOCUS_HOME`, when set, puts config, data and logs all under one directory so
//! tests and administrators can isolate state; otherwise the OS-standard directories are used.

use crate::CoreError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The directories Locus uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocusPaths {
    /// Holds `config.json`.
    pub config_dir: PathBuf,
    /// Holds `locus.db`.
    pub data_dir: PathBuf,
    /// Holds the daily log files.
    pub log_dir: PathBuf,
    /// The managed policy file (IT's, read-only to the user).
    pub policy_file: PathBuf,
}

impl LocusPaths {
    /// Everything under one directory (what `LOCUS_HOME` selects).
    pub fn under(home: &Path) -> Self {
        Self {
            config_dir: home.join("config"),
            data_dir: home.join("data"),
            log_dir: home.join("logs"),
            policy_file: home.join("policy").join("policy.json"),
        }
    }

    /// Paths from `LOCUS_HOME` if it is set and not empty, else the OS-standard places.
    pub fn from_env() -> Result<Self, CoreError> {
        Self::resolve(std::env::var_os("LOCUS_HOME").map(PathBuf::from))
    }

    /// Paths for an explicit `LOCUS_HOME` value (or none).
    pub fn resolve(locus_home: Option<PathBuf>) -> Result<Self, CoreError> {
        match locus_home {
            Some(home) if !home.as_os_str().is_empty() => Ok(Self::under(&home)),
            _ => Self::os_standard(),
        }
    }

    fn os_standard() -> Result<Self, CoreError> {
        let dirs = directories::ProjectDirs::from("org", "Locus", "Locus").ok_or(CoreError::NoHome)?;
        let log_dir = dirs.state_dir().map(|d| d.join("logs")).unwrap_or_else(|| dirs.data_local_dir().join("logs"));
        Ok(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            log_dir,
            policy_file: crate::policy::os_policy_file(),
        })
    }

    /// The configuration file.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.json")
    }

    /// The SQLite database file.
    pub fn database_file(&self) -> PathBuf {
        self.data_dir.join("locus.db")
    }

    /// Creates every directory that does not exist yet.
    pub fn create_all(&self) -> Result<(), CoreError> {
        for dir in [&self.config_dir, &self.data_dir, &self.log_dir] {
            std::fs::create_dir_all(dir).map_err(|source| CoreError::Io {
                action: "could not create directory",
                path: dir.display().to_string(),
                source,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locus_home_puts_everything_under_it() {
        let paths = LocusPaths::resolve(Some(PathBuf::from("/tmp/lh"))).expect("paths");
        assert_eq!(paths.config_file(), PathBuf::from("/tmp/lh/config/config.json"));
        assert_eq!(paths.database_file(), PathBuf::from("/tmp/lh/data/locus.db"));
        assert_eq!(paths.log_dir, PathBuf::from("/tmp/lh/logs"));
        assert_eq!(paths.policy_file, PathBuf::from("/tmp/lh/policy/policy.json"));
    }

    #[test]
    fn empty_locus_home_is_ignored() {
        let paths = LocusPaths::resolve(Some(PathBuf::new())).expect("paths");
        assert!(!paths.config_dir.starts_with("config"), "{paths:?}");
    }
}
