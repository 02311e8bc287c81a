//! Writing results: YAML documents or JSON, to stdout, quietly stopping at a closed pipe.

use std::io::{self, Write};

use anyhow::{Context, Result};
use serde_json::{Value, json};
use sidecarset_e2e::yaml;

/// YAML: one document per object; JSON: the object, or a `List` of them.
pub fn render(objects: &[Value], json_output: bool) -> Result<String> {
    if json_output {
        let value = match objects {
            [single] => single.clone(),
            many => json!({"apiVersion": "v1", "kind": "List", "items": many}),
        };
        let mut text = serde_json::to_string_pretty(&value).context("cannot render JSON")?;
        text.push('\n');
        return Ok(text);
    }
    let documents = objects.iter().map(yaml::to_yaml).collect::<Result<Vec<_>, _>>()?;
    Ok(documents.join("---\n"))
}

/// Write everything to stdout; a broken pipe comes back as an `io::Error` the caller treats as
/// the end of output.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(anyhow::Error::from)
}
