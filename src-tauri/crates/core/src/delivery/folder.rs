//! The managed drop folder: software distribution (or an administrator) puts `map.json` and `map.json.minisig`
//! there. We watch the directory itself, not the files, so atomic renames are seen; and read only once both
//! files have stopped changing, so a copy in progress is not mistaken for a map.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The map file name in the drop folder.
pub const MAP_FILE: &str = "map.json";
/// Its signature's file name.
pub const SIGNATURE_FILE: &str = "map.json.minisig";

/// A map and signature read from the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The map file's path (the source recorded with the map).
    pub path: PathBuf,
    /// The map bytes.
    pub body: Vec<u8>,
    /// The signature text (empty when the signature file is missing, which verification then reports).
    pub signature: String,
}

/// Reads the map and signature once neither has changed for `settle`. `Ok(None)` when there is no map file.
pub async fn read_settled(folder: &Path, settle: Duration) -> Result<Option<Dropped>, String> {
    let map_path = folder.join(MAP_FILE);
    let signature_path = folder.join(SIGNATURE_FILE);
    let mut before = stamp(&map_path, &signature_path);
    for _ in 0..50 {
        tokio::time::sleep(settle).await;
        let now = stamp(&map_path, &signature_path);
        if now == before {
            break;
        }
        before = now;
    }
    if before.0.is_none() {
        return Ok(None);
    }
    let body = match tokio::fs::read(&map_path).await {
        Ok(body) => body,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("could not read {}: {err}", map_path.display())),
    };
    let signature = match tokio::fs::read_to_string(&signature_path).await {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(format!("could not read {}: {err}", signature_path.display())),
    };
    Ok(Some(Dropped { path: map_path, body, signature }))
}

type Stamp = Option<(u64, Option<SystemTime>)>;

fn stamp(map: &Path, signature: &Path) -> (Stamp, Stamp) {
    let one = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.len(), m.modified().ok()));
    (one(map), one(signature))
}

/// The drop folder's files: the map and its signature.
pub const MAP_FILES: [&str; 2] = [MAP_FILE, SIGNATURE_FILE];

/// True for events about one of the files `names` (not editors' temporaries or other files).
pub fn concerns(event: &notify::Event, names: &[&str]) -> bool {
    event.paths.iter().any(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|name| names.contains(&name)))
}

/// Watches `folder` (non-recursively) and sends `()` for every change touching one of the files `names` (the
/// drop folder's map and signature, or the settings files).
pub fn watch(
    folder: &Path,
    names: &'static [&'static str],
    changes: tokio::sync::mpsc::UnboundedSender<()>,
) -> Result<notify::RecommendedWatcher, String> {
    use notify::Watcher;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
        Ok(event) if concerns(&event, names) => {
            let _ = changes.send(());
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(%err, "folder watch error"),
    })
    .map_err(|e| format!("could not watch {}: {e}", folder.display()))?;
    watcher
        .watch(folder, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("could not watch {}: {e}", folder.display()))?;
    Ok(watcher)
}
