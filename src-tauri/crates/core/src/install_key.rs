//! The per-install secret that keys network fingerprints (`install.key` in the data directory, 32 random
//! bytes, readable by the user only). It is a privacy salt, not a credential: losing it only means networks are
//! asked about again. It never leaves the machine and is never logged.

use crate::{CoreError, LocusPaths};
use std::path::Path;

const KEY_LEN: usize = 32;

/// Reads the key, creating it on first use.
pub(crate) fn load_or_create(paths: &LocusPaths) -> Result<Vec<u8>, CoreError> {
    let path = paths.data_dir.join("install.key");
    match std::fs::read(&path) {
        Ok(key) if key.len() == KEY_LEN => return Ok(key),
        Ok(_) => tracing::warn!("install.key has the wrong length; creating a new one"),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(CoreError::Io { action: "could not read", path: path.display().to_string(), source });
        }
    }
    let mut key = vec![0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| CoreError::Internal(format!("no randomness for install.key: {e}")))?;
    write_private(&path, &key)?;
    Ok(key)
}

fn write_private(path: &Path, key: &[u8]) -> Result<(), CoreError> {
    let io = |source| CoreError::Io { action: "could not write", path: path.display().to_string(), source };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    use std::io::Write;
    options.open(path).and_then(|mut f| f.write_all(key)).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_created_once_and_then_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = LocusPaths::under(dir.path());
        paths.create_all().expect("dirs");
        let first = load_or_create(&paths).expect("create");
        assert_eq!(first.len(), KEY_LEN);
        assert_eq!(load_or_create(&paths).expect("reuse"), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("data/install.key")).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the user may read the key");
        }
    }
}
