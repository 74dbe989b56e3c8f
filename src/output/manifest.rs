//! `manifest.json`: what compile wrote, with hashes, so a later compile can
//! tell a generated file from one edited by hand.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::render::RenderedDoc;

/// The manifest's own file name inside the output directory.
pub const MANIFEST: &str = "manifest.json";

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecRecord {
    /// The spec's file name (never an absolute path).
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    /// Section-manifest kind of the document.
    pub kind: String,
    pub sha256: String,
}

/// The manifest document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub planforge_version: String,
    pub spec: SpecRecord,
    /// Every generated file, sorted by path.
    pub files: Vec<FileRecord>,
}

impl Manifest {
    pub fn new(spec_name: &str, spec_text: &str, docs: &[RenderedDoc]) -> Self {
        let mut files: Vec<FileRecord> = docs
            .iter()
            .map(|d| FileRecord {
                path: d.path.clone(),
                kind: d.kind.clone(),
                sha256: sha256(d.content.as_bytes()),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            planforge_version: env!("CARGO_PKG_VERSION").into(),
            spec: SpecRecord {
                file: spec_name.into(),
                sha256: sha256(spec_text.as_bytes()),
            },
            files,
        }
    }

    pub fn to_doc(&self) -> RenderedDoc {
        let mut content = serde_json::to_string_pretty(self).unwrap_or_default();
        content.push('\n');
        RenderedDoc {
            path: MANIFEST.into(),
            kind: "manifest".into(),
            content,
        }
    }

    /// Reads a manifest; anything unreadable counts as no manifest.
    pub fn read(text: &str) -> Option<Manifest> {
        serde_json::from_str(text).ok()
    }

    /// The recorded hash of `path`.
    pub fn hash_of(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.sha256.as_str())
    }
}
