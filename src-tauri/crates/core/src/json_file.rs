//! Settings files the user or IT edits as JSON (`accounts.json`, `e911.json`): read with the path of any field
//! that does not parse, so the error names it; a missing file is simply "nothing yet".

use crate::{CoreError, FieldError};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads `file` as `T`; `Ok(None)` when it does not exist. A parse error names the field (`accounts[1].user`) and
/// leaves the file untouched.
pub(crate) fn read_json<T: DeserializeOwned>(file: &Path) -> Result<Option<T>, CoreError> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(CoreError::Io { action: "could not read", path: file.display().to_string(), source });
        }
    };
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer).map(Some).map_err(|err| {
        let field = err.path().to_string();
        CoreError::ConfigInvalid {
            path: file.display().to_string(),
            errors: vec![FieldError { field, message: err.into_inner().to_string() }],
        }
    })
}

/// Reads `file` as `T` (the default when it does not exist) and checks it with `problems`; any problem is an
/// error naming its field, and the file is left as it is.
pub(crate) fn read_checked<T: DeserializeOwned + Default>(
    file: &Path,
    problems: impl Fn(&T) -> Vec<FieldError>,
) -> Result<T, CoreError> {
    let value: T = read_json(file)?.unwrap_or_default();
    let errors = problems(&value);
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(CoreError::ConfigInvalid { path: file.display().to_string(), errors })
    }
}
